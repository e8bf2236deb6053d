"""The regulator's dashboard: its figures and weekly series, cached per authority under
the versions the services move (filings/versions.py)."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from filings import versions
from filings.access import authority_filings
from filings.models import (
    FINAL_STATES,
    REVIEW_STATES,
    Filing,
    FilingRevision,
    OfficeReview,
    ReviewState,
    State,
)

from .queue import due_filter

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class Dashboard:
    counts: list[tuple[str, StrOrPromise, int]] = field(default_factory=list)  # (state, label, n)
    # The offices' own reviews by review state (a joint filing counts once per office).
    review_counts: list[tuple[str, StrOrPromise, int]] = field(default_factory=list)
    mine: int = 0
    awaiting_approval: int = 0  # proposals this supervisor may confirm
    unassigned: int = 0
    due_soon: int = 0
    overdue_reviews: int = 0
    overdue_rectifications: int = 0
    weeks: list[dict[str, Any]] = field(default_factory=list)
    backlog: list[dict[str, Any]] = field(default_factory=list)
    soonest: list[Filing] = field(default_factory=list)  # the open filings due first
    computed_at: dt.datetime | None = None  # when the authorities' figures were counted
    compute_seconds: float = 0.0
    version: str = ""  # the authorities' versions they were counted under
    stale: bool = False  # outdated by a change; a worker is counting them afresh


BACKLOG_BUCKETS: list[tuple[int, int | None]] = [(0, 7), (7, 14), (14, 28), (28, 56), (56, None)]


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


FIGURES = "review:dashboard:v5"


def figures_key(authorities: list[int], today: dt.date, weeks: int) -> str:
    ids = ",".join(map(str, authorities))
    return f"{FIGURES}:{ids}:{today.isoformat()}:{get_language() or ''}:{weeks}"


def refresh_figures(
    authorities: list[int], *, today: dt.date, weeks: int, version: str | None = None
) -> Dashboard:
    """Compute the authorities' figures and keep them as the latest, under the versions read
    *before* computing: a change committed meanwhile moves the version on, and the next
    reader sees these as outdated."""
    base = figures_key(authorities, today, weeks)
    if version is None:
        version = versions.current(versions.AUTHORITY, authorities)
    started = time.monotonic()
    board = compute_dashboard(authorities, today=today, weeks=weeks)
    board.version = version
    board.compute_seconds = time.monotonic() - started
    cache.set(f"{base}:latest", board, settings.FIGURE_CACHE_SECONDS)
    cache.delete(f"{base}:refreshing")
    return board


def compute_dashboard(authorities: list[int], *, today: dt.date, weeks: int = 12) -> Dashboard:
    """The authorities' counts, chart series and backlog ages in a fixed number of queries."""
    filings = authority_filings(authorities)
    board = Dashboard(computed_at=timezone.now())
    by_state = dict(filings.values_list("state").annotate(n=Count("id")).order_by("state"))
    # Labels as plain text in the reader's language (the cache key holds it): a lazy label
    # in the cache cost every reader an unpickled lazy object per label (~1 ms each).
    board.counts = [(s.value, str(s.label), by_state[s]) for s in State if s in by_state]
    open_filings = filings.exclude(state__in=FINAL_STATES)
    totals = open_filings.aggregate(
        due_soon=Count("pk", filter=due_filter("soon", today)),
        overdue_reviews=Count("pk", filter=due_filter("overdue", today)),
        overdue_rectifications=Count("pk", filter=due_filter("rectification_overdue", today)),
    )
    for name, value in totals.items():
        setattr(board, name, value)
    # Each office's own reviews: what waits for a reviewer, and what for its supervisors.
    reviews = OfficeReview.objects.filter(
        authority_id__in=authorities, filing__first_submitted_at__isnull=False
    )
    board.unassigned = reviews.filter(state=ReviewState.SUBMITTED, assignee__isnull=True).count()
    by_review_state = dict(reviews.values_list("state").annotate(n=Count("id")).order_by())
    board.review_counts = [
        (s.value, str(s.label), by_review_state[s])
        for s in ReviewState
        if s in by_review_state and s != ReviewState.WAITING
    ]
    board.weeks = _weekly(filings, today, weeks)
    board.backlog = _backlog(filings, today)
    return board


def _weekly(filings: QuerySet[Filing], today: dt.date, weeks: int) -> list[dict[str, Any]]:
    first = _week_start(today) - dt.timedelta(weeks=weeks - 1)
    since = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    received = dict(
        FilingRevision.objects.filter(filing__in=filings, submitted_at__gte=since)
        .annotate(week=TruncWeek("submitted_at"))
        .values_list("week")
        .annotate(n=Count("id"))
        .order_by("week")
    )
    decided = dict(
        filings.filter(decided_at__gte=since)
        .annotate(week=TruncWeek("decided_at"))
        .values_list("week")
        .annotate(n=Count("id"))
        .order_by("week")
    )

    def by_day(counts: dict[Any, int]) -> dict[dt.date, int]:
        out: dict[dt.date, int] = {}
        for week, n in counts.items():
            day = timezone.localtime(week).date() if isinstance(week, dt.datetime) else week
            out[_week_start(day)] = out.get(_week_start(day), 0) + n
        return out

    got, done = by_day(received), by_day(decided)
    rows = []
    for i in range(weeks):
        week = first + dt.timedelta(weeks=i)
        rows.append(
            {"week": week.isoformat(), "received": got.get(week, 0), "decided": done.get(week, 0)}
        )
    return rows


def _backlog(filings: QuerySet[Filing], today: dt.date) -> list[dict[str, Any]]:
    now = timezone.now()
    waiting = filings.filter(state__in=REVIEW_STATES)
    aggregates = {}
    for low, high in BACKLOG_BUCKETS:
        q = Q(last_submitted_at__lte=now - dt.timedelta(days=low))
        if high is not None:
            q &= Q(last_submitted_at__gt=now - dt.timedelta(days=high))
        aggregates[f"b{low}"] = Count("pk", filter=q)
    counts = waiting.aggregate(**aggregates)
    rows = []
    for low, high in BACKLOG_BUCKETS:
        if high is None:
            label = _("%(weeks)d weeks or more") % {"weeks": low // 7}
        else:
            label = _("%(low)d to %(high)d weeks") % {"low": low // 7, "high": high // 7}
        rows.append({"label": label, "count": counts[f"b{low}"]})
    return rows
