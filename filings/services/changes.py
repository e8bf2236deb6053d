"""Changes of the filed facts and the end of a service (models.changes): recorded by the
operator's officer, which starts the regime's clock to file them; filed, which stops it and
puts the text before the deciding office; accepted, or refused with reasons.

A refused change still has to be filed: refusing it records it again with a fresh clock from
the day of the refusal, so the operator files a corrected change within the regime's period.
A refused cancellation leaves the filing as it was (the service has not ended as filed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platforms.models import Role
from platforms.roles import get_actor

from ..models import DeadlineKind, FactChange, Filing, FilingRevision, State
from . import deadlines
from ._frame import _freeze_revision, _lock, _record, _required, _save, _take
from .errors import FilingError

# A change or an end can be recorded while the filing stands: filed, under a rectification
# order, or with an earlier change before the office (the new one is filed after it).
RECORDABLE_STATES = frozenset({State.APPROVED, State.RECTIFICATION_REQUIRED, State.CHANGE_PENDING})
# How far ahead a planned change or end may be recorded.
MAX_DAYS_AHEAD = 366


def _label(kind: str) -> str:
    return str(FactChange.Kind(kind).label)


def _check_date(day: dt.date | None, kind: str) -> dt.date:
    if day is None:
        raise FilingError(_("Give the date: %(what)s.") % {"what": _label(kind).lower()})
    today = deadlines.local_today()
    if day > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise FilingError(_("The date is more than a year ahead; record it closer to the day."))
    # No lower bound: a change found late is recorded on the day it happened, and its clock
    # is then overdue, which is what the office needs to see.
    return day


def fact_changes(filing: Filing) -> list[FactChange]:
    """The filing's changes and ends of service, newest first, with who did what (read by
    the officer's page, the workspace and the decision's confirmation page). Only a filing
    with a number is changed or ended this way: the others are not asked."""
    if not filing.filing_number:
        return []
    return list(
        FactChange.objects.filter(filing=filing)
        .select_related("recorded_by", "filed_by", "decided_by", "revision", "deadline")
        .defer("revision__snapshot")
    )


def recorded(filing: Filing, kind: str, *, lock: bool = False) -> FactChange | None:
    """The change (or end) recorded on the filing and not filed yet."""
    qs = FactChange.objects.filter(filing=filing, kind=kind, status=FactChange.Status.RECORDED)
    if lock:
        qs = qs.select_for_update()
    return qs.first()


def _open(
    filing: Filing,
    by: Any,
    kind: str,
    effective_on: dt.date,
    description: str,
    *,
    counted_from: dt.date | None = None,
) -> FactChange:
    """Record it and start the regime's clock to file it, counted from the effective day
    unless told otherwise (no rule for it in the regime: recorded, no clock)."""
    clock = deadlines.open_deadline_from_rule(
        filing=filing, kind=kind, anchor_date=counted_from or effective_on
    )
    return FactChange.objects.create(
        filing=filing,
        kind=kind,
        effective_on=effective_on,
        description=description,
        recorded_by=by,
        recorded_at=timezone.now(),
        deadline=clock,
    )


@transaction.atomic
def record_fact_change(
    *,
    filing: Filing | int,
    by: Any,
    kind: str,
    effective_on: dt.date | None,
    description: str,
    address: str | None = None,
) -> FactChange:
    """An officer records that the filed facts changed (or will), or that the service ends:
    the clock to file it starts from that day."""
    filing = _lock(filing)
    if kind not in FactChange.Kind.values:
        raise FilingError(_("Unknown kind of change."))
    if not _is_officer(filing, by):
        raise FilingError(_("Only the operator's compliance officers record changes."))
    if filing.state not in RECORDABLE_STATES:
        raise FilingError(
            _("A change or an end of service is recorded on a filed filing; this one is %(state)s.")
            % {"state": filing.get_state_display()}
        )
    description = _required(description, _("What changed, or why the service ends"))
    effective_on = _check_date(effective_on, kind)
    earlier = recorded(filing, kind, lock=True)
    if earlier is not None:
        raise FilingError(
            _(
                "A %(what)s recorded on %(date)s is still to be filed%(due)s; file it with "
                "this one included."
            )
            % {
                "what": _label(kind).lower(),
                "date": earlier.effective_on.isoformat(),
                "due": (
                    _(" by %(date)s") % {"date": earlier.deadline.due_date.isoformat()}
                    if earlier.deadline is not None
                    else ""
                ),
            }
        )
    change = _open(filing, by, kind, effective_on, description)
    _record(
        filing,
        by,
        f"{kind}_recorded",
        address=address,
        text=description,
        data={
            "effective_on": effective_on.isoformat(),
            "due_date": change.deadline.due_date.isoformat() if change.deadline else None,
        },
    )
    return change


def _is_officer(filing: Filing, by: Any) -> bool:
    return get_actor(by).has_operator_role(filing.operator_id, Role.OFFICER)


def _file(
    filing: Filing,
    by: Any,
    kind: str,
    description: str,
    effective_on: dt.date | None,
    revision: FilingRevision | None,
) -> FactChange:
    """Mark the recorded change (or a new one) filed and stop its clock."""
    deadlines.meet_deadline(filing=filing, kind=kind)
    now = timezone.now()
    change = recorded(filing, kind, lock=True)
    if change is None:
        change = FactChange(
            filing=filing,
            kind=kind,
            recorded_by=by,
            recorded_at=now,
            effective_on=effective_on or deadlines.local_today(),
        )
    elif effective_on is not None:
        change.effective_on = effective_on
    change.description = description
    change.status = FactChange.Status.FILED
    change.revision = revision
    change.filed_by, change.filed_at = by, now
    change.save()
    return change


@transaction.atomic
def file_change(
    *,
    filing: Filing | int,
    by: Any,
    description: str,
    changed_on: dt.date | None = None,
    address: str | None = None,
) -> FilingRevision:
    """approved -> change_pending: a new revision under the same filing number, with the text
    of the change; the clock to file it stops and the office's clock starts."""
    filing = _lock(filing)
    description = _required(description, _("A description of the change"))
    if changed_on is not None:
        changed_on = _check_date(changed_on, FactChange.Kind.CHANGE)
    _take(filing, "file_change", by)
    revision = _freeze_revision(filing, by, FilingRevision.Kind.CHANGE)
    _save(filing)
    change = _file(filing, by, FactChange.Kind.CHANGE, description, changed_on, revision)
    deadlines.open_deadline_from_rule(
        filing=filing, kind=DeadlineKind.REVIEW, anchor_date=deadlines.local_today()
    )
    _record(
        filing,
        by,
        "change_filed",
        address=address,
        revision_hash=revision.sha256,
        text=description,
        data={"revision": revision.number, "effective_on": change.effective_on.isoformat()},
    )
    return revision


@transaction.atomic
def file_cancellation(
    *,
    filing: Filing | int,
    by: Any,
    reason: str,
    ended_on: dt.date | None = None,
    address: str | None = None,
) -> Filing:
    """approved -> cancellation_pending, when the service ends."""
    filing = _lock(filing)
    reason = _required(reason, _("Reasons"))
    if ended_on is not None:
        ended_on = _check_date(ended_on, FactChange.Kind.CANCELLATION)
    _take(filing, "file_cancellation", by)
    _save(filing)
    change = _file(filing, by, FactChange.Kind.CANCELLATION, reason, ended_on, None)
    _record(
        filing,
        by,
        "cancellation_filed",
        address=address,
        text=reason,
        data={"ended_on": change.effective_on.isoformat()},
    )
    return filing


def _decide(filing: Filing, by: Any, kind: str, status: str, reasons: str) -> FactChange:
    change = (
        FactChange.objects.select_for_update()
        .filter(filing=filing, kind=kind, status=FactChange.Status.FILED)
        .first()
    )
    if change is None:
        # A filing put in the pending state before changes were recorded (an older database):
        # what was filed is the latest revision and the audit trail.
        change = FactChange(
            filing=filing,
            kind=kind,
            effective_on=deadlines.local_today(),
            description="",
            recorded_by=by,
            recorded_at=timezone.now(),
        )
    change.status = status
    change.decided_by, change.decided_at = by, timezone.now()
    change.reasons = reasons
    change.save()
    return change


@transaction.atomic
def accept_change(
    *, filing: Filing | int, by: Any, reasons: str = "", address: str | None = None
) -> Filing:
    filing = _lock(filing)
    _take(filing, "accept_change", by)
    _save(filing)
    deadlines.meet_deadline(filing=filing, kind=DeadlineKind.REVIEW)
    _decide(filing, by, FactChange.Kind.CHANGE, FactChange.Status.ACCEPTED, reasons.strip())
    _record(filing, by, "change_accepted", address=address, text=reasons.strip())
    return filing


@transaction.atomic
def refuse_change(
    *, filing: Filing | int, by: Any, reasons: str, address: str | None = None
) -> Filing:
    """change_pending -> approved: the filed facts stay those of the last accepted revision,
    and the operator must file a corrected change within the regime's period from today."""
    filing = _lock(filing)
    reasons = _required(reasons, _("Reasons"))
    _take(filing, "refuse_change", by)
    _save(filing)
    deadlines.meet_deadline(filing=filing, kind=DeadlineKind.REVIEW)
    refused = _decide(filing, by, FactChange.Kind.CHANGE, FactChange.Status.REFUSED, reasons)
    again = recorded(filing, FactChange.Kind.CHANGE, lock=True)
    if again is None:
        # Counted from the refusal: the operator learns today what to correct.
        again = _open(
            filing,
            by,
            FactChange.Kind.CHANGE,
            refused.effective_on,
            refused.description,
            counted_from=deadlines.local_today(),
        )
    _record(
        filing,
        by,
        "change_refused",
        address=address,
        text=reasons,
        data={"due_date": again.deadline.due_date.isoformat() if again.deadline else None},
    )
    return filing


@transaction.atomic
def accept_cancellation(
    *, filing: Filing | int, by: Any, reasons: str = "", address: str | None = None
) -> Filing:
    filing = _lock(filing)
    _take(filing, "accept_cancellation", by)
    filing.decided_at = timezone.now()
    _save(filing, "decided_at")
    deadlines.cancel_deadlines(filing=filing)
    _decide(filing, by, FactChange.Kind.CANCELLATION, FactChange.Status.ACCEPTED, reasons.strip())
    # A change recorded but never filed lapses with the service.
    FactChange.objects.filter(filing=filing, status=FactChange.Status.RECORDED).update(
        status=FactChange.Status.LAPSED
    )
    _record(filing, by, "cancellation_accepted", address=address, text=reasons.strip())
    return filing


@transaction.atomic
def refuse_cancellation(
    *, filing: Filing | int, by: Any, reasons: str, address: str | None = None
) -> Filing:
    """cancellation_pending -> approved: the filing stands as filed."""
    filing = _lock(filing)
    reasons = _required(reasons, _("Reasons"))
    _take(filing, "refuse_cancellation", by)
    _save(filing)
    _decide(filing, by, FactChange.Kind.CANCELLATION, FactChange.Status.REFUSED, reasons)
    _record(filing, by, "cancellation_refused", address=address, text=reasons)
    return filing
