"""The frame around every change of a filing's state (docs/architecture.md#the-service-frame).

Each service: locks the filing row (`select_for_update`, in the order of `locks.py`; the
state-conditional UPDATE of ConcurrentTransitionMixin backs it up), checks the transition is
allowed from the state it now reads and that the user may take it, does the work, writes one
AuditEvent and an outbox message for the notifications, all in one transaction. The loser of
two people acting at once gets a FilingError that says what happened, never a second success.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from assessments.models import Assessment
from assessments.services import incomplete_message, missing_items, snapshot, snapshot_hash
from audit.services import record_event
from platforms.roles import get_actor

from .. import versions
from ..models import (
    Filing,
    FilingRevision,
)
from .errors import FilingError
from .outbox import emit

ROUTING_KEYS = ("office", "escalated_to", "assignee_id", "visibility")
_TEXT_KEPT_ELSEWHERE = frozenset({"commented", "decision_proposed"})


# --- The common frame -----------------------------------------------------------------------
def _lock(filing: Filing | int) -> Filing:
    pk = filing.pk if isinstance(filing, Filing) else filing
    # of=("self",): lock only the filing row. PostgreSQL refuses FOR UPDATE on the nullable
    # side of the outer join that select_related("assessment") makes. no_key: see locks.py.
    return (
        Filing.objects.select_for_update(of=("self",), no_key=True)
        .select_related("regime", "planned_feature", "operator", "assessment")
        .get(pk=pk)
    )


def _take(filing: Filing, name: str, by: Any) -> None:
    """Run transition `name` on the locked filing, or say why it cannot be taken."""
    method = getattr(filing, name)
    meta = method._django_fsm
    if not meta.has_transition(filing.state):
        raise FilingError(
            _(
                "This filing is now “%(state)s”, so this action is no longer possible. "
                "Someone may have acted on it a moment ago; the page shows its current state."
            )
            % {"state": filing.get_state_display()}
        )
    if not meta.has_transition_perm(filing, filing.state, by):
        raise FilingError(_("Your role does not allow this action on this filing."))
    for condition in meta.get_transition(filing.state).conditions:
        if not condition(filing):
            raise FilingError(str(getattr(condition, "refusal", _("Not possible now."))))
    method()


def _save(filing: Filing, *fields: str) -> None:
    """Save the transition; after commit, the figures of the filing's authorities are
    outdated (a comment or a download changes no figure, and moves none)."""
    versions.changed([filing.pk])
    try:
        filing.save(update_fields=["state", "updated_at", *fields])
    except ConcurrentTransition as exc:
        raise FilingError(
            _(
                "Someone else changed this filing at the same moment; reload it "
                "to see what they did."
            )
        ) from exc


def _record(
    filing: Filing,
    by: Any,
    action: str,
    *,
    address: str | None = None,
    revision_hash: str = "",
    text: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    actor = get_actor(by)
    record_event(
        action=f"filing.{action}",
        obj=filing,
        actor=by,
        actor_role=actor.primary_role(),
        filing_id=filing.pk,
        revision_hash=revision_hash,
        address=address,
        # What the person wrote is part of the record (the timeline shows it as far as the
        # reader may see it: filings.activity). A comment's body is kept with its visibility
        # in the comment itself, and a proposal's reasons in the decision.
        data={
            "state": filing.state,
            **(data or {}),
            **({"text": text} if text and action not in _TEXT_KEPT_ELSEWHERE else {}),
        },
    )
    # Who hears of it may depend on the office it concerns (filings.services.outbox).
    routing = {k: v for k, v in (data or {}).items() if k in ROUTING_KEYS}
    emit(
        "filing.event",
        {
            "filing_id": filing.pk,
            "action": action,
            "actor_id": by.pk,
            "text": text,
            "state": filing.state,  # the state it led to (webhooks report it)
            **routing,
        },
    )


def _required(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise FilingError(_("%(what)s are required.") % {"what": what})
    return text


def _freeze_revision(filing: Filing, by: Any, kind: str) -> FilingRevision:
    assessment = filing.assessment
    if assessment is not None:
        # Locked (after the filing: locks.py) so that no unsigning or autosave lands between
        # the checks below and the snapshot.
        assessment = Assessment.objects.select_for_update(no_key=True).get(pk=assessment.pk)
        filing.assessment = assessment
    if assessment is None or not assessment.is_signed:
        raise FilingError(_("The assessment must be signed by the operator's signatory first."))
    missing = missing_items(assessment)
    if missing:
        raise FilingError(incomplete_message(missing))
    data = snapshot(assessment)
    number = filing.revisions.count() + 1
    return FilingRevision.objects.create(
        filing=filing,
        number=number,
        kind=kind,
        snapshot=data,
        sha256=snapshot_hash(data),
        submitted_by=by,
        submitted_at=timezone.now(),
    )
