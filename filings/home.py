"""What each role's home page shows, read through the user-scoped querysets."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Assessment
from filings import access, versions
from filings.models import (
    FINAL_STATES,
    Comment,
    Deadline,
    Filing,
    RectificationOrder,
    State,
)
from platforms.models import PlannedFeature, Platform, Role
from platforms.roles import get_actor
from workcalendar.calendar import working_days_between

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from filings.models.filing import FilingQuerySet


@dataclass
class Task:
    """Something waiting on the officer, with the date it is due (most urgent first)."""

    kind: str  # "information_request", "returned", "rectification", "file"
    filing: Filing
    due: Any  # a date, or None when no clock runs
    working_days_left: int | None
    comment: Comment | None = None
    url: str = ""  # set by the page that shows the task


@dataclass
class Home:
    role: str
    filings: list[Filing] = field(default_factory=list)
    platforms: list[Platform] = field(default_factory=list)
    counts: list[tuple[StrOrPromise, int]] = field(
        default_factory=list
    )  # (state label, n), in order
    overdue: int = 0
    features: list[PlannedFeature] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    # Assessments an officer asked this signatory to sign (filings.services.signoff).
    signoffs: list[Assessment] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        """The role in the reader's language (the home page's heading), never its code."""
        if self.role in Role.values:
            return str(Role(self.role).label)
        return str(_("Administrator")) if self.role == "admin" else ""


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
            to_attr="open_deadlines",  # type: ignore[no-redef]  # declared on Filing for its readers
        ),
        "authorities",
    )


# Each kind of task (requests, orders, returned or draft filings) shows its most urgent ones.
TASKS_PER_KIND = 20
# Regime columns the home never shows (two of them JSON, decoded for every row otherwise).
HEAVY_REGIME_FIELDS = (
    "regime__legal_references",
    "regime__applies_when",
    "regime__addressed_to",
    "regime__jurisdictions",
)
# Filings that wait on the operator to (re)submit them.
WAITING_STATES = (State.RETURNED, State.DRAFT)


def home_for(user: Any, *, limit: int = 50) -> Home:
    actor = get_actor(user)
    today = timezone.localdate()
    visible = access.visible_filings(user)
    home = Home(role=actor.primary_role())
    if actor.is_operator_staff and not (actor.is_regulator or actor.is_admin):
        # The operator's counts, shared by its staff, cached under its version: moved on
        # by every change to one of its filings (filings/versions.py).
        states, home.overdue = versions.cached(
            "home-figures",
            scope=versions.OPERATOR,
            pks=actor.operator_ids,
            parts=(today.isoformat(),),
            compute=lambda: _figures(visible, today=today),
        )
    else:
        states, home.overdue = _figures(visible, today=today)
    labels = dict(State.choices)
    home.counts = [(labels.get(state, state), n) for state, n in states]
    if actor.is_operator_staff:
        home.platforms = list(
            Platform.objects.visible_to(user)
            .annotate(features_count=Count("features"))
            # Meta.ordering is not applied to a GROUP BY query: without this the order
            # was whatever the plan gave.
            .order_by("operator_id", "name_en", "pk")
        )
        home.features = list(
            PlannedFeature.objects.visible_to(user)
            .filter(status=PlannedFeature.Status.PLANNED)
            .defer("description")
            .order_by("planned_launch_date")[:limit]
        )
        _set_platforms(home.features, home.platforms)
        home.filings, home.tasks = _officer_rows(
            visible, platforms=home.platforms, today=today, limit=limit, per_kind=TASKS_PER_KIND
        )
        signing = [o for o in actor.operator_ids if actor.has_operator_role(o, Role.SIGNATORY)]
        if signing:
            home.signoffs = list(
                Assessment.objects.filter(
                    planned_feature__platform__operator_id__in=signing,
                    signoff_requested_at__isnull=False,
                    signed_at__isnull=True,
                )
                .select_related("planned_feature__platform", "signoff_requested_by")
                .order_by("signoff_requested_at")[:TASKS_PER_KIND]
            )
        return home
    if actor.is_regulator:
        qs = visible.open().order_by("last_submitted_at")
    else:
        qs = visible.order_by("-updated_at")
    home.filings = _by_next_deadline(list(_with_next_deadline(qs)[:limit]), today=today)
    return home


def _figures(visible: FilingQuerySet, *, today: Any) -> tuple[list[tuple[str, int]], int]:
    """The number of filings in each state (by the state's value, in the states' order),
    and of open ones with a running deadline past, in one query. `next_due` is the earliest
    open deadline: only a filing whose `next_due` is past can have a deadline past, so the
    EXISTS probes only those."""
    late = Q(next_due__lt=today) & Q(
        Exists(Deadline.objects.running().filter(filing=OuterRef("pk"), due_date__lt=today))
    )
    rows = (
        visible.values_list("state")
        .annotate(n=Count("id"), late=Count("id", filter=late))
        .order_by("state")
    )
    by_state = {state: (n, n_late) for state, n, n_late in rows}
    counts = [(str(state.value), by_state[state][0]) for state in State if state in by_state]
    overdue = sum(n_late for state, (_, n_late) in by_state.items() if state not in FINAL_STATES)
    return counts, overdue


def _by_next_deadline(filings: list[Filing], *, today: Any) -> list[Filing]:
    filings = sorted(
        filings,
        key=lambda f: f.open_deadlines[0].due_date if f.open_deadlines else today.max,
    )
    for filing in filings:
        first = filing.open_deadlines[0] if filing.open_deadlines else None
        filing.working_days_left = working_days_between(today, first.due_date) if first else None
    return filings


def _set_platforms(rows: list[Any], platforms: list[Platform]) -> None:
    """Gives each row (a filing or a planned feature of the user's operators) its platform
    from the operator's platforms the page has read already, instead of joining them."""
    known = {p.pk: p for p in platforms}
    for row in rows:
        if row.platform_id in known:
            row.platform = known[row.platform_id]
    prefetch_related_objects(rows, "platform")  # none left, unless data is inconsistent


def _due(filing: Filing, kind: str) -> Any:
    return next((d.due_date for d in filing.open_deadlines if d.kind == kind), None)


def _officer_rows(
    visible: FilingQuerySet,
    *,
    platforms: list[Platform],
    today: Any,
    limit: int,
    per_kind: int,
) -> tuple[list[Filing], list[Task]]:
    """The operator's `limit` most urgent open filings, and what waits on the operator among
    all its filings: information requests, rectification orders, returned filings and drafts
    to file, ordered by due date (those without a clock last). Four queries, each bounded.

    The listed filings and the filings of the tasks are read in one query: the most urgent
    open ones and the most urgent waiting ones (two subqueries with LIMIT) and those the
    requests and orders name. The set holds each top `limit` (or `per_kind`), and whatever
    else it holds ranks below them, so sorting it again in Python finds the same rows."""
    by_urgency = ("next_due", "pk")
    open_filings = visible.open().order_by(*by_urgency)
    waiting = visible.filter(state__in=WAITING_STATES).order_by(*by_urgency)
    requests = list(
        Comment.objects.filter(
            filing__in=visible,
            kind=Comment.Kind.INFORMATION_REQUEST,
            visibility=Comment.Visibility.FILER,
            answered_at__isnull=True,
        ).order_by("created_at")[:per_kind]
    )
    orders = list(
        RectificationOrder.objects.filter(
            filing__in=visible, status=RectificationOrder.Status.OPEN
        ).order_by("due_date")[:per_kind]
    )
    named = {c.filing_id for c in requests} | {o.filing_id for o in orders}

    # A UNION, not an OR of the three: PostgreSQL estimates the union's size (~100 rows) and
    # joins by key; for the OR it expected thousands of rows on a large operator and hashed
    # every planned feature (48 ms for an operator with 25,000 filings).
    def ids(where: Q) -> QuerySet[Filing, Any]:  # of {"pk": ...}
        return Filing.objects.filter(where).order_by().values("pk")

    wanted = ids(Q(pk__in=open_filings.values("pk")[:limit])).union(
        ids(Q(pk__in=waiting.values("pk")[:per_kind])), ids(Q(pk__in=named))
    )
    rows = list(
        visible.filter(pk__in=wanted)
        .select_related("regime", "planned_feature")
        # What the page never shows, and JSON decoded for every row.
        .defer(*HEAVY_REGIME_FIELDS, "planned_feature__description")
        .prefetch_related(
            Prefetch(
                "deadlines",
                queryset=Deadline.objects.open().order_by("due_date"),
                to_attr="open_deadlines",  # type: ignore[no-redef]  # declared on Filing for its readers
            )
        )
        .order_by()
    )
    _set_platforms(rows, platforms)
    rows.sort(key=attrgetter(*by_urgency))
    listed = [f for f in rows if f.state not in FINAL_STATES][:limit]
    by_pk = {f.pk: f for f in rows}
    tasks: list[Task] = []

    def add(kind: str, filing: Filing, due: Any, comment: Comment | None = None) -> None:
        days = working_days_between(today, due) if due else None
        tasks.append(Task(kind, filing, due, days, comment))

    for comment in requests:
        filing = by_pk[comment.filing_id]
        add("information_request", filing, _due(filing, "information"), comment)
    for order in orders:
        add("rectification", by_pk[order.filing_id], order.due_date)
    for filing in [f for f in rows if f.state in WAITING_STATES][:per_kind]:
        if filing.state == State.RETURNED:
            add("returned", filing, None)
        else:
            add("file", filing, _due(filing, "filing"))
    tasks.sort(key=lambda t: (t.due or today.max, t.kind != "information_request"))
    return _by_next_deadline(listed, today=today), tasks
