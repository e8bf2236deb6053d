"""What each role's home page shows, read through the user-scoped querysets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from filings.models import FINAL_STATES, Deadline, Filing, Notification, State
from platforms.models import Platform
from platforms.roles import get_actor


@dataclass
class Home:
    role: str
    filings: list[Filing] = field(default_factory=list)
    platforms: list[Platform] = field(default_factory=list)
    counts: list[tuple[str, int]] = field(default_factory=list)  # (state label, n), in order
    overdue: int = 0
    unread: int = 0


def _with_next_deadline(qs: QuerySet[Filing]) -> QuerySet[Filing]:
    return qs.select_related("regime", "platform", "planned_feature", "operator").prefetch_related(
        Prefetch(
            "deadlines",
            queryset=Deadline.objects.open().order_by("due_date"),
            to_attr="open_deadlines",
        ),
        "authorities",
    )


def home_for(user: Any, *, limit: int = 50) -> Home:
    actor = get_actor(user)
    today = timezone.localdate()
    visible = Filing.objects.visible_to(user)
    home = Home(role=actor.primary_role())
    home.unread = Notification.objects.for_user(user).unread().count()
    by_state = dict(visible.values_list("state").annotate(n=Count("id")).order_by("state"))
    home.counts = [(state.label, by_state[state]) for state in State if state in by_state]
    home.overdue = (
        visible.exclude(state__in=FINAL_STATES)
        .filter(
            deadlines__status=Deadline.Status.OPEN,
            deadlines__due_date__lt=today,
            deadlines__paused_since__isnull=True,
        )
        .distinct()
        .count()
    )
    if actor.is_operator_staff:
        home.platforms = list(
            Platform.objects.visible_to(user)
            .select_related("operator")
            .annotate(features_count=Count("features"))
        )
        qs = visible.exclude(state__in=FINAL_STATES).order_by("-updated_at")
    elif actor.is_regulator:
        qs = visible.exclude(state__in=FINAL_STATES).order_by("last_submitted_at")
    else:
        qs = visible.order_by("-updated_at")
    home.filings = sorted(
        _with_next_deadline(qs)[:limit],
        key=lambda f: f.open_deadlines[0].due_date if f.open_deadlines else today.max,
    )
    return home
