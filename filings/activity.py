"""What a filing event says to a person, in the reader's language at the time it is read.

A notification stores the event's code (`verb`), who acted (its outbox message's actor) and
what the person typed (`message`); the sentence and the next step are written here, once,
and translated when shown, so an inbox read in Chinese says what happened in Chinese, even
for notifications made while the worker ran in English.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent

from .models import State

# verb -> (what happened, with %(actor)s; what the reader does next, or None)
EVENTS: dict[str, tuple[Promise, Promise | None]] = {
    "planned": (
        _("%(actor)s registered the planned feature, which needs this filing."),
        _("Fill in the assessment, have it signed and submit it by the due date."),
    ),
    "submitted": (
        _("%(actor)s submitted the filing."),
        _("Claim the review, or assign it to a reviewer of your office."),
    ),
    "resubmitted": (
        _("%(actor)s resubmitted the filing after correcting it."),
        _("Review the changed answers and go on with the review."),
    ),
    "reassessment_submitted": (
        _("%(actor)s submitted a new assessment after the re-assessment order."),
        _("Review the new assessment."),
    ),
    "withdrawn": (_("%(actor)s withdrew the filing."), None),
    "claimed": (_("%(actor)s took up the review of the filing."), None),
    "assigned": (
        _("%(actor)s assigned the review."),
        _("If it is assigned to you, open the workspace and review it."),
    ),
    "returned": (
        _("%(actor)s returned the filing for correction."),
        _("Read the reasons, correct the answers they name, have it signed and resubmit."),
    ),
    "decision_proposed": (
        _("%(actor)s proposed a decision."),
        _("Confirm the proposal or send it back to review, with reasons."),
    ),
    "approved": (_("%(actor)s confirmed the office's conclusion."), None),
    "concluded": (_("%(actor)s confirmed the office's conclusion."), None),
    "rejected": (_("%(actor)s rejected the filing."), None),
    "sent_back": (
        _("%(actor)s sent the proposal back to review."),
        _("Read the reasons and go on with the review."),
    ),
    "proposal_taken_back": (_("%(actor)s took the proposal back."), None),
    "information_requested": (
        _("%(actor)s asked for information."),
        _("Answer the request from the filing's page."),
    ),
    "information_answered": (
        _("%(actor)s answered the information request."),
        _("Read the answer and go on with the review."),
    ),
    "commented": (_("%(actor)s commented."), None),
    "rectification_ordered": (
        _("%(actor)s ordered rectification."),
        _("Rectify each item by the due date and send the response with its files."),
    ),
    "rectification_responded": (
        _("%(actor)s responded to the rectification order."),
        _("Verify the rectification."),
    ),
    "rectification_verified": (_("%(actor)s verified the rectification."), None),
    "change_recorded": (
        _("%(actor)s recorded a change of the filed facts."),
        _("File the change by its due date."),
    ),
    "cancellation_recorded": (
        _("%(actor)s recorded the end of the service."),
        _("File the cancellation by its due date."),
    ),
    "change_filed": (
        _("%(actor)s filed a change of the filed facts."),
        _("Read the change and accept it, or refuse it with reasons."),
    ),
    "change_accepted": (_("%(actor)s accepted the change."), None),
    "change_refused": (
        _("%(actor)s refused the change."),
        _("Read the reasons and file a corrected change by its new due date."),
    ),
    "cancellation_filed": (
        _("%(actor)s filed the cancellation of the filing."),
        _("Accept the cancellation, or refuse it with reasons."),
    ),
    "cancellation_accepted": (_("%(actor)s accepted the cancellation."), None),
    "cancellation_refused": (
        _("%(actor)s refused the cancellation; the filing stands."),
        _("Read the reasons."),
    ),
    "revoked": (_("%(actor)s revoked the filing."), None),
    "signoff_requested": (
        _("%(actor)s asks you to sign the assessment."),
        _("Check the answers and evidence, and sign the assessment."),
    ),
    "signoff_reminder": (
        _("Reminder: %(actor)s is still waiting for your signature on the assessment."),
        _("Check the answers and evidence, and sign the assessment."),
    ),
    # Written by the inspections app (above this one), which names its events so.
    "inspection.opened": (
        _("An on-site inspection of the filing was opened jointly with your office."),
        _("Open the inspection and add what your office found."),
    ),
    "inspection.recorded": (
        _("An on-site inspection of the filing was recorded."),
        _("Read the findings."),
    ),
    "deadline_extended": (
        _("%(actor)s extended a deadline."),
        _("Read the reasons and the new due date."),
    ),
}


def describe(verb: str, actor: Any | None) -> tuple[str, str]:
    """(what happened, what to do next) for a filing event, in the active language."""
    name = (actor.get_full_name() or actor.get_username()) if actor is not None else ""
    return _sentence(verb, name), _next(verb)


def _sentence(verb: str, name: str) -> str:
    found = EVENTS.get(verb)
    if found is None:
        return verb.replace("_", " ")
    return str(found[0]) % {"actor": name or _("Someone")}


def _next(verb: str) -> str:
    found = EVENTS.get(verb)
    return str(found[1]) if found and found[1] else ""


# --- The filing's record ------------------------------------------------------------------------
# What the operator's staff see of their filing's history, with the texts written for them.
FILER_EVENTS = frozenset(
    {
        "planned",
        "submitted",
        "resubmitted",
        "reassessment_submitted",
        "withdrawn",
        "claimed",
        "returned",
        "approved",
        "concluded",
        "rejected",
        "information_requested",
        "information_answered",
        "rectification_ordered",
        "rectification_responded",
        "rectification_verified",
        "change_recorded",
        "cancellation_recorded",
        "change_filed",
        "change_accepted",
        "change_refused",
        "cancellation_filed",
        "cancellation_accepted",
        "cancellation_refused",
        "revoked",
        "deadline_extended",
    }
)
# An office's own business: its proposals and what became of them, its assignments and its
# internal notes. Other offices see that they happened only when shared.
OFFICE_EVENTS = frozenset(
    {"decision_proposed", "sent_back", "proposal_taken_back", "assigned", "commented"}
)


@dataclass(frozen=True)
class Entry:
    at: Any
    sentence: str
    text: str
    state: str


def timeline(filing: Any, *, offices: Iterable[int] | None) -> list[Entry]:
    """The filing's record, oldest first, as far as the reader may see it: `offices` are the
    reader's offices (a regulator), None for the operator's staff. Each entry says in plain
    words, in the active language, who did what, with what they wrote and the state after."""
    mine = set(offices) if offices is not None else None
    states = dict(State.choices)
    rows = []
    # A recorded inspection is on the record of everyone who sees the filing (a draft's
    # events carry no filing: inspections.services).
    actions = Q(action__startswith="filing.") | Q(action="inspection.recorded")
    if mine is not None:
        actions |= Q(action="evidence.downloaded")  # who read which file, for the offices
    events = (
        AuditEvent.objects.filter(actions, filing_id=filing.pk)
        .only("at", "actor_name", "action", "data")
        .order_by("at", "id")
    )
    for event in events:
        data = event.data or {}
        if event.action == "evidence.downloaded":
            rows.append(
                Entry(
                    at=event.at,
                    sentence=str(_("%(actor)s downloaded %(name)s."))
                    % {"actor": event.actor_name or _("Someone"), "name": data.get("name", "")},
                    text=f"SHA-256 {data.get('sha256', '')}",
                    state="",
                )
            )
            continue
        verb = event.action.removeprefix("filing.")
        if verb == "inspection.recorded":
            rows.append(Entry(event.at, _sentence(verb, event.actor_name), "", ""))
            continue
        if not _visible(verb, data, mine):
            continue
        state = data.get("filing_state") or data.get("state") or ""
        rows.append(
            Entry(
                at=event.at,
                sentence=_sentence(verb, event.actor_name),
                text=data.get("text", ""),
                state=str(states.get(state, "")),
            )
        )
    return rows


def _visible(verb: str, data: dict[str, Any], offices: set[int] | None) -> bool:
    if offices is None:
        return verb in FILER_EVENTS
    if verb not in OFFICE_EVENTS or data.get("office") in offices:
        return True
    # Another office's note, when it was shared beyond that office.
    return verb == "commented" and data.get("visibility") not in (None, "office")
