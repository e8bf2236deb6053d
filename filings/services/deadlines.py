"""Opening, meeting, pausing, extending and recomputing statutory clocks (how a clock counts:
`clocks`).

The review and filer services call the `on_*` hooks at the events a regime's rules react to
(returned, resubmitted, information requested or answered); what each clock then does is
the rule's data (`DeadlineRule.when_returned`, `pauses_for_information`, the extension
fields), not code per regime."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from platforms.roles import get_actor

from .. import texts, versions
from ..models import (
    NO_DEADLINE,
    Comment,
    Deadline,
    DeadlineKind,
    DeadlinePause,
    DeadlineRule,
    Filing,
)
from ..models.deadlines import DeadlineQuerySet
from ._frame import _lock, _record, _required
from .clocks import add_period, compute_due, days_paused, local_today
from .errors import FilingError


def _pk(filing: Filing | int) -> int:
    return filing if isinstance(filing, int) else filing.pk


def sync_next_due(filings: Filing | int | Iterable[Filing | int] | None = None) -> int:
    """Bring `Filing.next_due` / `next_due_paused` up to date with the open deadlines.

    Every function of this module that opens, moves, pauses or closes a deadline calls it, in
    its transaction; so does anything else that writes deadlines directly (the demo's
    back-dating, the benchmark's seeder). One set-based UPDATE; None means every filing."""
    earliest = Deadline.objects.open().filter(filing=OuterRef("pk")).order_by("due_date", "pk")
    qs = Filing.objects.all()
    if filings is not None:
        ids = [_pk(f) for f in filings] if isinstance(filings, Iterable) else [_pk(filings)]
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
    """The filing went back to the filer: stop its `kind` clock unless the rule says the clock
    keeps running (`when_returned`). A clock that will restart on the resubmission stops
    too, so it is not reported overdue while the filer holds the filing."""
    on = on or local_today()
    for deadline in _lock_open(filing, kind).filter(paused_since__isnull=True):
        rule = deadline.rule
        if rule is not None and rule.when_returned == DeadlineRule.WhenReturned.CONTINUE:
            continue
        _pause(deadline, on, reason, DeadlinePause.Cause.RETURNED)
    sync_next_due(filing)


def resume_deadline(*, filing: Filing, kind: str, on: dt.date | None = None) -> None:
    """The filer resubmitted: a paused clock runs on, with the working days after the pause
    began, up to and including the day it resumes, added to the count; a clock whose rule
    says `restart` counts again in full from `on`."""
    on = on or local_today()
    for deadline in _lock_open(filing, kind).filter(paused_since__isnull=False):
        rule = deadline.rule
        restart = rule is not None and rule.when_returned == DeadlineRule.WhenReturned.RESTART
        _resume(deadline, on, restart=restart)
    sync_next_due(filing)


# --- The hooks the review and filer services call --------------------------------------------
def on_returned(*, filing: Filing, kind: str, on: dt.date | None = None) -> None:
    """The filing went back to the filer: the `kind` clock pauses, or runs on, per its rule."""
    pause_deadline(
        filing=filing, kind=kind, reason=_("Returned to the filer for correction"), on=on
    )


def on_resubmitted(*, filing: Filing, kind: str, on: dt.date) -> None:
    """The complete resubmission arrived on `on`: the paused clock resumes, or counts again
    in full from `on`, per its rule."""
    resume_deadline(filing=filing, kind=kind, on=on)


# The longest period an office may give for an answer where the regime sets none.
MAX_ANSWER_WORKING_DAYS = 60


def on_information_requested(
    *, filing: Filing, on: dt.date | None = None, answer_within: int | None = None
) -> None:
    """The authority asked the filer for information: every running clock of the filing whose
    rule says so (`pauses_for_information`, GDPR Art. 36(3)) stops until the answer. The
    filer's clock to answer is the regime's rule where its data gives one, else the period in
    working days the office asked for, if it asked for one."""
    on = on or local_today()
    for deadline in _lock_open(filing).filter(
        paused_since__isnull=True, rule__pauses_for_information=True
    ):
        _pause(
            deadline,
            on,
            _("Information requested from the filer"),
            DeadlinePause.Cause.INFORMATION,
        )
    # The filer's own clock to answer, where the regime's data gives one (a rule of kind
    # "information"); a later request restarts it from its own day.
    opened = open_deadline_from_rule(filing=filing, kind=DeadlineKind.INFORMATION, anchor_date=on)
    if opened is None and answer_within:
        # No rule (none of the shipped regimes has one: no provision sets a period for an
        # answer): the office's own period, which the reminders then keep like any other.
        open_deadline(
            filing=filing,
            kind=DeadlineKind.INFORMATION,
            anchor_date=on,
            amount=answer_within,
            unit=DeadlineRule.Unit.WORKING_DAYS,
            rule_text=_(texts.INFORMATION_WITHIN) % {"n": answer_within},
        )
    sync_next_due(filing)


def on_information_answered(*, filing: Filing, on: dt.date | None = None) -> None:
    """The filer answered: clocks stopped for information run again, once no information
    request of the filing is left unanswered."""
    on = on or local_today()
    if Comment.objects.filter(
        filing=filing, kind=Comment.Kind.INFORMATION_REQUEST, answered_at__isnull=True
    ).exists():
        return
    # Met once every request is answered, not at the first of two answers.
    meet_deadline(filing=filing, kind=DeadlineKind.INFORMATION)
    waiting = DeadlinePause.objects.filter(
        ended_on__isnull=True, cause=DeadlinePause.Cause.INFORMATION
    ).values("deadline_id")
    for deadline in _lock_open(filing).filter(paused_since__isnull=False, pk__in=waiting):
        _resume(deadline, on, restart=False)
    sync_next_due(filing)


@transaction.atomic
def extend_deadline(
    *, filing: Filing | int, kind: str, by: Any, reasons: str, on: dt.date | None = None
) -> Deadline:
    """Extend the open `kind` clock once, by what the regime's rule allows, if the filer is
    told within the rule's notice window (GDPR Art. 36(2): 6 weeks more, told within one
    month of receipt). The reasons go to the filer and into the audit trail."""
    on = on or local_today()
    filing = _lock(filing)
    if not get_actor(by).regulator_of(filing.authority_ids):
        raise FilingError(
            _(
                "Only a reviewer or supervisor of an office this filing is addressed to "
                "may extend its clocks."
            )
        )
    reasons = _required(reasons, _("Reasons for the extension"))
    deadline = _lock_open(filing, kind).select_related("rule").first()
    label = DeadlineKind(kind).label if kind in DeadlineKind.values else kind
    if deadline is None:
        raise FilingError(_("This filing has no open clock “%(kind)s”.") % {"kind": label})
    rule = deadline.rule
    if rule is None or not rule.extendable:
        raise FilingError(
            _("The regime gives no extension of the clock “%(kind)s”.") % {"kind": label}
        )
    if deadline.is_extended:
        raise FilingError(
            _("This clock was already extended on %(date)s; it can be extended only once.")
            % {"date": timezone.localdate(deadline.extended_at).isoformat()}
        )
    if rule.extension_notice_within_amount:
        notice_by = add_period(
            deadline.anchor_date,
            rule.extension_notice_within_amount,
            rule.extension_notice_within_unit,
        ).date
        if on > notice_by:
            raise FilingError(
                _(
                    "The filer had to be told of an extension by %(date)s; that window has "
                    "passed, so the clock cannot be extended."
                )
                % {"date": notice_by.isoformat()}
            )
    elif not deadline.is_paused and on > deadline.due_date:
        raise FilingError(
            _("The clock ran out on %(date)s; it can no longer be extended.")
            % {"date": deadline.due_date.isoformat()}
        )
    deadline.extension_amount = rule.extension_amount
    deadline.extension_unit = rule.extension_unit
    deadline.extended_at = timezone.now()
    deadline.extended_by = by
    deadline.extension_reasons = reasons
    _recompute(deadline)
    deadline.save(
        update_fields=[
            "extension_amount",
            "extension_unit",
            "extended_at",
            "extended_by",
            "extension_reasons",
            "due_date",
            "provisional",
        ]
    )
    sync_next_due(filing)
    _record(
        filing,
        by,
        "deadline_extended",
        text=reasons,
        data={
            "deadline": kind,
            "by": f"{rule.extension_amount} {rule.extension_unit}",
            "due_date": deadline.due_date.isoformat(),
        },
    )
    return deadline


def _lock_open(filing: Filing, kind: str | None = None) -> DeadlineQuerySet:
    # of=("self",): a filter or select_related on the rule must not lock the rule's row,
    # which every filing of the regime shares.
    qs = Deadline.objects.select_for_update(no_key=True, of=("self",)).filter(
        filing=filing, status=Deadline.Status.OPEN
    )
    return qs if kind is None else qs.filter(kind=kind)


def _pause(deadline: Deadline, on: dt.date, reason: str, cause: str) -> None:
    DeadlinePause.objects.create(
        deadline=deadline, started_on=on, reason=str(reason)[:200], cause=cause
    )
    deadline.paused_since = on
    deadline.save(update_fields=["paused_since"])


def _resume(deadline: Deadline, on: dt.date, *, restart: bool) -> None:
    deadline.pauses.filter(ended_on__isnull=True).update(ended_on=on)
    if restart:
        deadline.anchor_date = on
        deadline.pauses.update(counted=False)
    deadline.paused_since = None
    deadline.paused_working_days = days_paused(deadline)
    _recompute(deadline)
    deadline.save(
        update_fields=[
            "anchor_date",
            "paused_working_days",
            "paused_since",
            "due_date",
            "provisional",
        ]
    )


def _recompute(deadline: Deadline) -> None:
    due = compute_due(
        deadline.anchor_date,
        deadline.amount,
        deadline.unit,
        deadline.paused_working_days,
        extension_amount=deadline.extension_amount,
        extension_unit=deadline.extension_unit,
    )
    deadline.due_date, deadline.provisional = due.date, due.provisional


@transaction.atomic
def recompute_deadlines(*, years: Iterable[int] | None = None) -> int:
    """Recompute open clocks after a calendar change; returns how many due dates moved.

    The filings first, in key order, then their deadlines (locks.py): a service holds its
    filing's lock while it writes the filing's deadlines, so taking the deadlines first and
    the filings after (to update `next_due`) would deadlock with it."""
    working = DeadlineRule.Unit.WORKING_DAYS
    qs = Deadline.objects.filter(
        Q(unit=working) | Q(extension_unit=working), status=Deadline.Status.OPEN
    )
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
        rows = qs.filter(filing_id__in=chunk).select_for_update(no_key=True)
        for deadline in rows.prefetch_related("pauses"):
            before = (deadline.due_date, deadline.provisional, deadline.paused_working_days)
            # The pauses are recounted too: a make-up working day entered inside a past pause
            # is a day the clock stood still.
            deadline.paused_working_days = days_paused(deadline)
            _recompute(deadline)
            if (deadline.due_date, deadline.provisional, deadline.paused_working_days) != before:
                deadline.save(update_fields=["due_date", "provisional", "paused_working_days"])
                moved += 1
                touched.add(deadline.filing_id)
        if touched:
            sync_next_due(sorted(touched))
    return moved


__all__ = [
    "DeadlineKind",
    "add_period",
    "cancel_deadlines",
    "compute_due",
    "days_paused",
    "extend_deadline",
    "local_today",
    "meet_deadline",
    "on_information_answered",
    "on_information_requested",
    "on_resubmitted",
    "on_returned",
    "open_deadline",
    "open_deadline_from_rule",
    "pause_deadline",
    "recompute_deadlines",
    "resume_deadline",
    "rule_for",
    "sync_next_due",
]
