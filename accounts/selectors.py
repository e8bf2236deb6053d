"""What each role's home page shows, read through the user-scoped querysets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from filings.models import (
    FINAL_STATES,
    Comment,
    Deadline,
    Filing,
    RectificationOrder,
    State,
)
from platforms.models import PlannedFeature, Platform
from platforms.roles import get_actor
from workcalendar.calendar import working_days_between


@dataclass
class Task:
    """Something waiting on the officer, with the date it is due (most urgent first)."""

    kind: str  # "information_request", "returned", "rectification", "file"
    filing: Filing
    due: Any  # a date, or None when no clock runs
    working_days_left: int | None
    comment: Comment | None = None


@dataclass
class Home:
    role: str
    filings: list[Filing] = field(default_factory=list)
    platforms: list[Platform] = field(default_factory=list)
    counts: list[tuple[str, int]] = field(default_factory=list)  # (state label, n), in order
    overdue: int = 0
    features: list[PlannedFeature] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)


def _with_next_deadline(qs: QuerySet[Filing]) -> QuerySet[Filing]:
    # Prefetched, not joined: PostgreSQL plans a five-table join longer than it runs it.
    return qs.prefetch_related(
        "regime",
        "platform",
        "planned_feature",
        "operator",
        Prefetch(
            "deadlines",
            queryset=Deadline.objects.open().order_by("due_date"),
            to_attr="open_deadlines",
        ),
        "authorities",
    )


# Each kind of task (requests, orders, returned or draft filings) shows its most urgent ones.
TASKS_PER_KIND = 20


def home_for(user: Any, *, limit: int = 50) -> Home:
    actor = get_actor(user)
    today = timezone.localdate()
    visible = Filing.objects.visible_to(user)
    home = Home(role=actor.primary_role())
    by_state = dict(visible.values_list("state").annotate(n=Count("id")).order_by("state"))
    home.counts = [(state.label, by_state[state]) for state in State if state in by_state]
    home.overdue = (
        visible.exclude(state__in=FINAL_STATES)
        .filter(
            Exists(Deadline.objects.running().filter(filing=OuterRef("pk"), due_date__lt=today))
        )
        .count()
    )
    if actor.is_operator_staff:
        home.platforms = list(
            Platform.objects.visible_to(user)
            .select_related("operator")
            .annotate(features_count=Count("features"))
        )
        # Most urgent first over all the operator's open filings: Filing.next_due is the
        # earliest open deadline, kept by the deadline services and indexed.
        qs = visible.exclude(state__in=FINAL_STATES).order_by("next_due", "pk")
        home.features = list(
            PlannedFeature.objects.visible_to(user)
            .filter(status=PlannedFeature.Status.PLANNED)
            .select_related("platform")
            .order_by("planned_launch_date")[:limit]
        )
    elif actor.is_regulator:
        qs = visible.exclude(state__in=FINAL_STATES).order_by("last_submitted_at")
    else:
        qs = visible.order_by("-updated_at")
    home.filings = sorted(
        _with_next_deadline(qs)[:limit],
        key=lambda f: f.open_deadlines[0].due_date if f.open_deadlines else today.max,
    )
    for filing in home.filings:
        first = filing.open_deadlines[0] if filing.open_deadlines else None
        filing.working_days_left = working_days_between(today, first.due_date) if first else None
    if actor.is_operator_staff:
        home.tasks = officer_tasks(visible, today=today, limit=TASKS_PER_KIND)
    return home


def _due(filing: Filing, kind: str) -> Any:
    return next((d.due_date for d in filing.open_deadlines if d.kind == kind), None)


def officer_tasks(visible: QuerySet[Filing], *, today: Any, limit: int = 50) -> list[Task]:
    """What waits on the operator among all its filings: information requests, returns,
    rectification orders and filings still to make, ordered by due date (those without a
    clock last). A fixed number of queries, each bounded by `limit`."""
    requests = list(
        Comment.objects.filter(
            filing__in=visible,
            kind=Comment.Kind.INFORMATION_REQUEST,
            internal=False,
            answered_at__isnull=True,
        )
        .select_related("question")
        .order_by("created_at")[:limit]
    )
    orders = list(
        RectificationOrder.objects.filter(
            filing__in=visible, status=RectificationOrder.Status.OPEN
        ).order_by("due_date")[:limit]
    )
    waiting = list(
        visible.filter(state__in=[State.RETURNED, State.DRAFT])
        .order_by("next_due", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    wanted = {c.filing_id for c in requests} | {o.filing_id for o in orders} | set(waiting)
    by_pk = {f.pk: f for f in _with_next_deadline(visible.filter(pk__in=wanted))}
    tasks: list[Task] = []

    def add(kind: str, filing: Filing, due: Any, comment: Comment | None = None) -> None:
        days = working_days_between(today, due) if due else None
        tasks.append(Task(kind, filing, due, days, comment))

    for comment in requests:
        filing = by_pk[comment.filing_id]
        add("information_request", filing, _due(filing, "information"), comment)
    for order in orders:
        add("rectification", by_pk[order.filing_id], order.due_date)
    for pk in waiting:
        filing = by_pk[pk]
        if filing.state == State.RETURNED:
            add("returned", filing, None)
        else:
            add("file", filing, _due(filing, "filing"))
    return sorted(tasks, key=lambda t: (t.due or today.max, t.kind != "information_request"))
