"""Opening, meeting, pausing and recomputing statutory clocks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from workcalendar.calendar import DueDate, add_working_days, working_days_between

from .. import versions
from ..models import (
    NO_DEADLINE,
    Deadline,
    DeadlineKind,
    DeadlinePause,
    DeadlineRule,
    Filing,
)


def local_today() -> dt.date:
    return timezone.localdate()  # Asia/Shanghai: statutory days are Chinese days


def compute_due(anchor: dt.date, amount: int, unit: str, paused: int = 0) -> DueDate:
    if unit == DeadlineRule.Unit.CALENDAR_DAYS:
        due = anchor + dt.timedelta(days=amount + paused)
        return DueDate(due, provisional=False)
    return add_working_days(anchor, amount + paused)


def sync_next_due(filings: Filing | int | Iterable[Filing | int] | None = None) -> int:
    """Bring `Filing.next_due` / `next_due_paused` up to date with the open deadlines.

    Every function of this module that opens, moves, pauses or closes a deadline calls it, in
    its transaction; so does anything else that writes deadlines directly (the demo's
    back-dating, the benchmark's seeder). One set-based UPDATE; None means every filing."""
    earliest = Deadline.objects.open().filter(filing=OuterRef("pk")).order_by("due_date", "pk")
    qs = Filing.objects.all()
    if filings is not None:
        items = [filings] if isinstance(filings, Filing | int) else list(filings)
        ids = [f.pk if isinstance(f, Filing) else f for f in items]
        qs = qs.filter(pk__in=ids)
        versions.changed(ids)
    else:
        versions.changed_everywhere()
    return qs.update(
        next_due=Coalesce(Subquery(earliest.values("due_date")[:1]), Value(NO_DEADLINE)),
        next_due_paused=Exists(
            Deadline.objects.open().filter(filing=OuterRef("pk"), paused_since__isnull=False)
        ),
    )


def open_deadline(
    *,
    filing: Filing,
    kind: str,
    anchor_date: dt.date,
    amount: int,
    unit: str = DeadlineRule.Unit.WORKING_DAYS,
    rule: DeadlineRule | None = None,
    rule_text: str = "",
) -> Deadline:
    """Start a clock, replacing any open clock of the same kind on the filing."""
    Deadline.objects.filter(filing=filing, kind=kind, status=Deadline.Status.OPEN).update(
        status=Deadline.Status.CANCELLED
    )
    due = compute_due(anchor_date, amount, unit)
    deadline = Deadline.objects.create(
        filing=filing,
        kind=kind,
        rule=rule,
        rule_text=(rule_text or str(rule or ""))[:200],
        anchor_date=anchor_date,
        amount=amount,
        unit=unit,
        due_date=due.date,
        provisional=due.provisional,
    )
    sync_next_due(filing)
    return deadline


def open_deadline_from_rule(*, filing: Filing, kind: str, anchor_date: dt.date) -> Deadline | None:
    """Open the clock the regime's rule gives for this kind, if it has one."""
    rule = rule_for(filing, kind)
    if rule is None:
        return None
    return open_deadline(
        filing=filing,
        kind=kind,
        anchor_date=anchor_date,
        amount=rule.amount,
        unit=rule.unit,
        rule=rule,
    )


def rule_for(filing: Filing, kind: str) -> DeadlineRule | None:
    trigger = filing.planned_feature.trigger
    for rule in filing.regime.deadline_rules.all():
        if rule.kind == kind and rule.applies_to_trigger(trigger):
            return rule
    return None


def meet_deadline(*, filing: Filing, kind: str) -> None:
    Deadline.objects.filter(filing=filing, kind=kind, status=Deadline.Status.OPEN).update(
        status=Deadline.Status.MET, met_at=timezone.now()
    )
    sync_next_due(filing)


def cancel_deadlines(*, filing: Filing, kinds: Iterable[str] | None = None) -> None:
    qs = Deadline.objects.filter(filing=filing, status=Deadline.Status.OPEN)
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    qs.update(status=Deadline.Status.CANCELLED)
    sync_next_due(filing)


def pause_deadline(*, filing: Filing, kind: str, reason: str, on: dt.date | None = None) -> None:
    """Stop a clock (the review clock while the filing is back with the filer)."""
    on = on or local_today()
    for deadline in Deadline.objects.select_for_update(no_key=True).filter(
        filing=filing, kind=kind, status=Deadline.Status.OPEN, paused_since__isnull=True
    ):
        if deadline.rule and not deadline.rule.pauses_when_returned:
            continue
        DeadlinePause.objects.create(deadline=deadline, started_on=on, reason=reason[:200])
        deadline.paused_since = on
        deadline.save(update_fields=["paused_since"])
    sync_next_due(filing)


def resume_deadline(*, filing: Filing, kind: str, on: dt.date | None = None) -> None:
    """Restart a paused clock: the working days after the pause began, up to and including
    the day it resumes, are added to the count."""
    on = on or local_today()
    for deadline in Deadline.objects.select_for_update(no_key=True).filter(
        filing=filing, kind=kind, status=Deadline.Status.OPEN, paused_since__isnull=False
    ):
        if deadline.unit == DeadlineRule.Unit.CALENDAR_DAYS:
            paused = max((on - deadline.paused_since).days, 0)
        else:
            paused = max(working_days_between(deadline.paused_since, on), 0)
        deadline.pauses.filter(ended_on__isnull=True).update(ended_on=on)
        deadline.paused_working_days += paused
        deadline.paused_since = None
        _recompute(deadline)
        deadline.save(
            update_fields=["paused_working_days", "paused_since", "due_date", "provisional"]
        )
    sync_next_due(filing)


def _recompute(deadline: Deadline) -> None:
    due = compute_due(
        deadline.anchor_date, deadline.amount, deadline.unit, deadline.paused_working_days
    )
    deadline.due_date, deadline.provisional = due.date, due.provisional


@transaction.atomic
def recompute_deadlines(*, years: Iterable[int] | None = None) -> int:
    """Recompute open clocks after a calendar change; returns how many due dates moved.

    The filings first, in key order, then their deadlines (locks.py): a service holds its
    filing's lock while it writes the filing's deadlines, so taking the deadlines first and
    the filings after (to update `next_due`) would deadlock with it."""
    qs = Deadline.objects.filter(status=Deadline.Status.OPEN, unit=DeadlineRule.Unit.WORKING_DAYS)
    if years is not None:
        years = sorted(years)
        qs = qs.filter(
            Q(provisional=True) | Q(anchor_date__year__lte=years[-1], due_date__year__gte=years[0])
        )
    locked = list(
        Filing.objects.select_for_update(no_key=True)
        .filter(pk__in=qs.values("filing_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    moved = 0
    for i in range(0, len(locked), 1000):
        chunk = locked[i : i + 1000]
        touched: set[int] = set()
        for deadline in qs.filter(filing_id__in=chunk).select_for_update(no_key=True):
            before = (deadline.due_date, deadline.provisional)
            _recompute(deadline)
            if (deadline.due_date, deadline.provisional) != before:
                deadline.save(update_fields=["due_date", "provisional"])
                moved += 1
                touched.add(deadline.filing_id)
        if touched:
            sync_next_due(sorted(touched))
    return moved


__all__ = [
    "DeadlineKind",
    "cancel_deadlines",
    "compute_due",
    "local_today",
    "meet_deadline",
    "open_deadline",
    "open_deadline_from_rule",
    "pause_deadline",
    "recompute_deadlines",
    "resume_deadline",
    "rule_for",
    "sync_next_due",
]
