"""Planning the features' dates and the deadlines of each filing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from filings.models import (
    Deadline,
    DeadlineKind,
    DeadlineRule,
    RectificationOrder,
)
from platforms.models import (
    PRE_LAUNCH_TRIGGERS,
    PlannedFeature,
)

from .constants import MET_DEADLINE_SHARE, S
from .helpers import _local_date
from .records import _Feature, _Filing


class _Deadlines:
    """_Seeder's part that plans feature dates and deadlines."""

    def _feature_dates(self, feature: _Feature) -> None:
        rng = self.rng
        created = _local_date(feature.created)
        submitted = [f.first_sub for f in feature.filings if f.first_sub]
        feature.trigger_date = feature.launched_on = None
        if feature.trigger in PRE_LAUNCH_TRIGGERS:
            if submitted:
                launch = _local_date(min(submitted)) + dt.timedelta(days=rng.randint(1, 40))
                feature.planned_launch = launch
                feature.launched_on = launch if launch < self.today else None
            else:
                launch = self.today + dt.timedelta(days=rng.randint(-25, 60))
                feature.planned_launch = max(launch, created + dt.timedelta(days=5))
        else:
            feature.trigger_date = created - dt.timedelta(days=rng.randint(0, 20))
            feature.planned_launch = feature.trigger_date - dt.timedelta(days=rng.randint(10, 200))
            feature.launched_on = feature.planned_launch
        if feature.ended_on is not None:
            feature.status = PlannedFeature.Status.ENDED
        elif feature.launched_on is not None:
            feature.status = PlannedFeature.Status.LAUNCHED
        elif all(f.state == S.WITHDRAWN for f in feature.filings):
            feature.status = PlannedFeature.Status.ABANDONED
        else:
            feature.status = PlannedFeature.Status.PLANNED
        for f in feature.filings:
            self._filing_deadline(f)

    # --- Deadlines --------------------------------------------------------------------------
    def _deadline(
        self,
        f: _Filing,
        kind: str,
        rule: DeadlineRule | None,
        anchor: dt.date,
        amount: int,
        unit: str,
        opened: int,
        *,
        status: str = Deadline.Status.OPEN,
        met: int | None = None,
        pauses: Sequence[tuple[int, int | None]] = (),
        due: dt.date | None = None,
        rule_text: str = "",
    ) -> int:
        paused_days, paused_since = 0, None
        for begun, ended in pauses:
            if ended is None:
                paused_since = _local_date(begun)
            else:
                paused_days += self.days.between(_local_date(begun), _local_date(ended))
        provisional = False
        if due is None:
            due, provisional = self.days.add(anchor, amount + paused_days)
        deadline = self.next_id("deadline")
        self.deadlines.append(
            (
                deadline,
                f.id,
                kind,
                rule.pk if rule else None,
                rule_text or (self.rule_text(rule) if rule else ""),
                anchor,
                amount,
                unit,
                paused_days,
                paused_since,
                due,
                provisional,
                status,
                met,
                opened,
            )
        )
        for begun, ended in pauses:
            self.pauses.append(
                (
                    self.next_id("pause"),
                    deadline,
                    _local_date(begun),
                    _local_date(ended) if ended else None,
                )
            )
        return deadline

    def _deadlines(self, f: _Filing) -> None:
        """The review, rectification and re-assessment clocks (the filing clock needs the
        feature's dates: _filing_deadline)."""
        rng, st = self.rng, f.state
        rule = self.rule(f.regime, DeadlineKind.REVIEW, f.feature.trigger)
        if rule is not None and f.first_sub is not None:
            anchor = _local_date(f.first_sub)
            args = (f, DeadlineKind.REVIEW, rule, anchor, rule.amount, rule.unit, f.first_sub)
            pauses = [tuple(p) for p in f.pauses]
            if st in (S.SUBMITTED, S.UNDER_REVIEW, S.PENDING_APPROVAL, S.RETURNED):
                self._deadline(*args, pauses=pauses)
            elif st == S.CHANGE_PENDING and f.changed is not None:
                self._deadline(
                    f, DeadlineKind.REVIEW, rule, _local_date(f.changed), rule.amount,
                    rule.unit, f.changed,
                )  # fmt: skip
            elif f.approved is not None and rng.random() < MET_DEADLINE_SHARE:
                self._deadline(*args, pauses=pauses, status=Deadline.Status.MET, met=f.approved)
            elif st == S.REJECTED and rng.random() < MET_DEADLINE_SHARE:
                self._deadline(*args, pauses=pauses, status=Deadline.Status.CANCELLED)
        if st == S.RECTIFICATION_REQUIRED and f.orders:
            order = f.orders[-1]
            issued = _local_date(order.issued)
            responded = order.status == RectificationOrder.Status.RESPONDED
            self._deadline(
                f,
                DeadlineKind.RECTIFICATION,
                None,
                issued,
                (order.due - issued).days,
                DeadlineRule.Unit.CALENDAR_DAYS,
                order.issued,
                status=Deadline.Status.MET if responded else Deadline.Status.OPEN,
                met=order.responded if responded else None,
                due=order.due,
                rule_text="set by the rectification order",
            )
        if st == S.REASSESSMENT_REQUIRED and f.decision is not None and f.decided is not None:
            ordered, due = _local_date(f.decided), f.decision.due
            self._deadline(
                f,
                DeadlineKind.REASSESSMENT,
                None,
                ordered,
                (due - ordered).days,
                DeadlineRule.Unit.CALENDAR_DAYS,
                f.decided,
                due=due,
                rule_text="set by the re-assessment order",
            )

    def _filing_deadline(self, f: _Filing) -> None:
        feature = f.feature
        rule = self.rule(f.regime, DeadlineKind.FILING, feature.trigger)
        if rule is None:
            return
        if rule.anchor == DeadlineRule.Anchor.PLANNED_LAUNCH:
            anchor = feature.launched_on or feature.planned_launch
        elif rule.anchor == DeadlineRule.Anchor.TRIGGER_EVENT:
            anchor = feature.trigger_date or feature.planned_launch
        else:
            anchor = _local_date(f.created)
        args = (f, DeadlineKind.FILING, rule, anchor, rule.amount, rule.unit, f.created)
        if f.state == S.DRAFT:
            self._deadline(*args)
        elif f.first_sub is not None and self.rng.random() < MET_DEADLINE_SHARE:
            self._deadline(*args, status=Deadline.Status.MET, met=f.first_sub)
        elif f.state == S.WITHDRAWN and self.rng.random() < MET_DEADLINE_SHARE:
            self._deadline(*args, status=Deadline.Status.CANCELLED)
