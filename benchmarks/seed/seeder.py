"""The seeder: the plan's state, ids and times, the order of the run, and the reference
data it reads. Its other methods live in the mixins it is built from.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import Answer, Assessment, Evidence, Question, Template
from assessments.services import current_template
from audit.models import AuditEvent
from filings.models import (
    Comment,
    Deadline,
    DeadlinePause,
    DeadlineRule,
    Decision,
    FactChange,
    Filing,
    FilingRevision,
    Notification,
    OfficeReview,
    RectificationItem,
    RectificationOrder,
    Regime,
)
from platforms.models import (
    Membership,
    Operator,
    PlannedFeature,
    Platform,
    PlatformUserCount,
)

from .answers import _Answers
from .constants import _HOUR, _MINUTE, _SECOND, YEARS, SeedError, SeedReport, Targets
from .deadlines import _Deadlines
from .helpers import WorkingDays, _midnight
from .histories import _Histories
from .load_filings import _LoadFilings
from .load_platforms import _LoadPlatforms
from .load_trail import _LoadTrail
from .loader import _Loader
from .paths import _Paths
from .people import _People
from .records import _Change, _Comment, _Decision, _Order, _Review
from .steps import _Steps


class _Seeder(
    _People,
    _Histories,
    _Paths,
    _Steps,
    _Deadlines,
    _Answers,
    _LoadPlatforms,
    _LoadFilings,
    _LoadTrail,
):
    def __init__(
        self, targets: Targets, rng: random.Random, loader: _Loader, report: SeedReport
    ) -> None:
        self.t = targets
        self.rng = rng
        self.load = loader
        self.report = report
        self.now = int(timezone.now().timestamp()) * _SECOND
        self.today = timezone.localdate()
        start = self.today - dt.timedelta(days=round(365.25 * YEARS))
        self.days = WorkingDays(start - dt.timedelta(days=900), self.today + dt.timedelta(days=500))
        self.first_i = self.days.index(start) + 1
        self.last_i = self.days.index(self.today - dt.timedelta(days=1))  # yesterday at latest
        self.ids: dict[str, Iterator[int]] = {}
        self.events: list[tuple[int, str, int, int, Any]] = []
        self.comments: list[_Comment] = []
        self.decisions: list[_Decision] = []
        self.office_reviews: list[_Review] = []
        self._stages: dict[tuple[int, int], int] = {}
        self.orders: list[_Order] = []
        self.items: list[tuple[Any, ...]] = []
        self.deadlines: list[tuple[Any, ...]] = []
        self.pauses: list[tuple[Any, ...]] = []
        self.rev_hash: dict[int, tuple[int, str]] = {}
        # Changes of the filed facts and ends of service; each filed change by the revision
        # it froze, each end by its filing (the trail and the notifications quote them).
        self.changes: list[_Change] = []
        self.change_of_revision: dict[int, _Change] = {}
        self.cancellation_of: dict[int, _Change] = {}

    def next_id(self, table: str) -> int:
        if table not in self.ids:
            self.ids[table] = itertools.count(1)
        return next(self.ids[table])

    def at(self, day: dt.date) -> int:
        """A time during the working day in Shanghai (09:00-18:30)."""
        return _midnight(day) + self.rng.randrange(9 * _HOUR, 18 * _HOUR + 30 * _MINUTE)

    # --- The run ----------------------------------------------------------------------------
    def run(self) -> None:
        self._reference()
        self._authorities()
        self._people()
        self._features()
        self._assign_states()
        for feature in self.features:
            self._histories(feature)
        self._assessments()
        self.load.lap("plan")
        self.load.detach(
            [
                get_user_model(),
                Membership,
                Operator,
                Platform,
                PlatformUserCount,
                PlannedFeature,
                Assessment,
                Answer,
                Evidence,
                Filing,
                Filing.authorities.through,
                FilingRevision,
                Deadline,
                DeadlinePause,
                OfficeReview,
                Comment,
                Decision,
                RectificationOrder,
                RectificationItem,
                FactChange,
                AuditEvent,
                Notification,
            ]
        )
        self._load_people()
        self._load_platforms()
        self._load_assessments()
        self._load_filings()
        self._load_audit()
        self._load_notifications()
        self._facts()

    # --- Reference data ---------------------------------------------------------------------
    def _reference(self) -> None:
        self.regimes = list(
            Regime.objects.filter(active=True).prefetch_related("deadline_rules").order_by("code")
        )
        if not self.regimes:
            raise SeedError("No active regime: run `manage.py migrate` (it loads them).")
        self.templates: dict[str, Template] = {}
        for regime in self.regimes:
            template = current_template(regime.template_code)
            if template is None:
                raise SeedError(f"No published questionnaire {regime.template_code!r}.")
            self.templates[regime.code] = template
        self._questions: dict[tuple[int, bool], list[Question]] = {}
        self._rules: dict[tuple[int, str, str], DeadlineRule | None] = {}
        self._rule_text: dict[int, str] = {}

    def questions(self, template: Template, needs_ds: bool) -> list[Question]:
        """The questions that carry evidence in the sections that apply."""
        key = (template.pk, needs_ds)
        if key not in self._questions:
            feature = SimpleNamespace(needs_deep_synthesis_section=needs_ds)
            self._questions[key] = [
                q
                for q in Question.objects.filter(section__template=template)
                .select_related("section")
                .order_by("section__order", "order")
                if q.evidence_required and q.section.applies_to(feature)  # type: ignore[arg-type]
            ]
        return self._questions[key]

    def rule(self, regime: Regime, kind: str, trigger: str) -> DeadlineRule | None:
        """As filings.services.deadlines.rule_for."""
        key = (regime.pk, kind, trigger)
        if key not in self._rules:
            self._rules[key] = next(
                (
                    r
                    for r in regime.deadline_rules.all()
                    if r.kind == kind and r.applies_to_trigger(trigger)
                ),
                None,
            )
        return self._rules[key]

    def rule_text(self, rule: DeadlineRule) -> str:
        if rule.pk not in self._rule_text:
            self._rule_text[rule.pk] = str(rule)[:200]
        return self._rule_text[rule.pk]
