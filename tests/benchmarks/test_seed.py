"""`manage.py bench_seed` (benchmarks/seed.py) at a thousandth of its scale, on the test
database: the data is consistent the way the services would have left it, the audit chain
holds, and the benchmark's users log in and see their pages.

Seeding needs PostgreSQL (COPY): these tests take the `postgres` fixture (a skip on SQLite
locally, a failure under CI=true). The test database's name does not contain "bench", so the
tests call `seed(allow_any_database=True)`; the command itself never does.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Evidence, Template
from assessments.services import snapshot_hash
from audit.models import AuditEvent
from audit.services import verify_chain
from benchmarks.management.commands import bench_seed
from benchmarks.seed import (
    AUTHORITIES,
    BENCH_OFFICER,
    BENCH_PASSWORD,
    BENCH_REVIEWER,
    BENCH_USERS,
    SeedReport,
    Targets,
    WorkingDays,
    seed,
)
from filings.access import regulator_filings
from filings.models import (
    DECIDED_STATES,
    FINAL_STATES,
    NUMBERED_STATES,
    Comment,
    Conclusion,
    Deadline,
    DeadlineKind,
    DeadlineRule,
    Decision,
    FactChange,
    Filing,
    FilingRevision,
    Notification,
    OfficeReview,
    RectificationOrder,
    Regime,
    ReviewState,
    State,
)
from filings.services.obligations import addressed_authorities
from filings.services.office import DERIVED_FROM_REVIEWS, derive_state
from platforms.models import Authority, Membership, Operator, Platform, Role
from platforms.validators import validate_uscc
from registry.selectors import published
from workcalendar import calendar

SCALE = 0.001
TARGETS = Targets.at(SCALE)
FILING_NUMBER = re.compile(r"^网信算备\d{21}号$")
WAITING_ON_A_CLOCK = {
    State.DRAFT,
    State.SUBMITTED,
    State.UNDER_REVIEW,
    State.RETURNED,
    State.PENDING_APPROVAL,
    State.CHANGE_PENDING,
    State.REASSESSMENT_REQUIRED,
}
# A number, once issued, stays through rectification, change, cancellation and revocation.
KEEPS_ITS_NUMBER = {
    State.APPROVED,
    State.RECTIFICATION_REQUIRED,
    State.CHANGE_PENDING,
    State.CANCELLATION_PENDING,
    State.CANCELLED,
    State.REVOKED,
}


@pytest.fixture
def seeded(postgres: Any) -> SeedReport:
    return seed(scale=SCALE, allow_any_database=True, progress=False)


def login(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


# --- The guard ------------------------------------------------------------------------------
def test_the_command_refuses_a_database_whose_name_does_not_say_bench(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = "PostgreSQL only" if connection.vendor != "postgresql" else "does not contain"
    # The test database is named after DATABASE_URL's, which may well say "bench" (then the
    # command would seed it at full scale): the guard reads this name.
    monkeypatch.setitem(connection.settings_dict, "NAME", "test_filings")

    with pytest.raises(CommandError, match=expected):
        # The command itself: the tests' (production) settings do not install `benchmarks`.
        call_command(bench_seed.Command(), yes=True, no_progress=True)

    assert not Filing.objects.exists()


def test_working_day_arithmetic_agrees_with_the_calendar(db: Any) -> None:
    days = WorkingDays(dt.date(2023, 1, 1), dt.date(2027, 12, 31))
    rng = random.Random(7)  # noqa: S311 (test data)
    for _ in range(200):
        anchor = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
        amount, end = rng.choice([0, 1, 5, 10, 30]), anchor + dt.timedelta(days=rng.randint(0, 60))
        due = calendar.add_working_days(anchor, amount)

        assert days.add(anchor, amount) == (due.date, due.provisional)
        assert days.between(anchor, end) == calendar.working_days_between(anchor, end)


# --- The data -------------------------------------------------------------------------------
def test_every_count_scales_and_the_reference_data_stays(postgres: Any) -> None:
    regimes, templates = Regime.objects.count(), Template.objects.count()

    seed(scale=SCALE, allow_any_database=True, progress=False)

    assert Filing.objects.count() == TARGETS.filings == 300
    assert Operator.objects.count() == TARGETS.operators
    assert Platform.objects.count() == TARGETS.platforms
    assert Authority.objects.count() == len(AUTHORITIES) == 30
    regulators = Membership.objects.filter(role__in=[Role.REVIEWER, Role.SUPERVISOR])
    assert regulators.count() == TARGETS.regulators
    assert AuditEvent.objects.count() == TARGETS.audit_events
    assert Notification.objects.count() == TARGETS.notifications
    assert Notification.objects.filter(read_at__isnull=True).exists()
    officers = Membership.objects.filter(role=Role.OFFICER).values("operator")
    assert Operator.objects.exclude(pk__in=officers).count() == 0
    assert (Regime.objects.count(), Template.objects.count()) == (regimes, templates)


def test_filings_cover_every_state_and_regime_as_the_services_leave_them(
    seeded: SeedReport,
) -> None:
    filings = list(Filing.objects.select_related("regime", "operator"))
    assert {f.state for f in filings} == set(State.values)
    assert {f.regime.code for f in filings} == set(
        Regime.objects.filter(active=True).values_list("code", flat=True)
    )
    addressed: dict[tuple[int, str], set[int]] = {}
    authorities = dict(
        Filing.authorities.through.objects.values_list("filing_id")
        .annotate(n=Count("id"))
        .values_list("filing_id", "n")
    )
    links: dict[int, set[int]] = {}
    for filing_id, authority_id in Filing.authorities.through.objects.values_list(
        "filing_id", "authority_id"
    ):
        links.setdefault(filing_id, set()).add(authority_id)
    for f in filings:
        key = (f.regime_id, f.operator.region_code)
        if key not in addressed:
            addressed[key] = {a.pk for a in addressed_authorities(f.regime, f.operator.region_code)}
        assert links[f.pk] == addressed[key], f
        assert authorities[f.pk] == len(addressed[key])
        numbered = f.regime.outcome == Regime.Outcome.NUMBER
        assert (f.filing_number is not None) == (numbered and f.state in KEEPS_ITS_NUMBER), f
        if f.state in NUMBERED_STATES | {State.REJECTED}:
            assert numbered, f  # only the algorithm filing is filed with a number, or not
        if f.filing_number:
            assert FILING_NUMBER.match(f.filing_number)
        if f.first_submitted_at is None:
            assert f.state in {State.DRAFT, State.WITHDRAWN}, f
        else:
            assert f.created_at < f.first_submitted_at <= f.last_submitted_at < timezone.now()
        decided = f.state in DECIDED_STATES | {State.REJECTED, State.CANCELLED, State.REVOKED}
        assert (f.decided_at is not None) == decided, f
        assert f.reference.startswith(f"F{timezone.localtime(f.created_at).year}")
    for operator in Operator.objects.all():
        validate_uscc(operator.uscc)


def test_revisions_are_the_snapshots_the_service_freezes(seeded: SeedReport) -> None:
    revisions = list(FilingRevision.objects.all())
    filed = Filing.objects.filter(first_submitted_at__isnull=False).count()

    # Fewer than before the offices' reviews: an assessment is concluded, never changed.
    assert 2.0 <= len(revisions) / filed <= 3.5
    assert 4 <= Evidence.objects.count() / filed <= 8
    for revision in revisions:
        assert snapshot_hash(revision.snapshot) == revision.sha256
        for answer in revision.snapshot["answers"].values():
            assert answer["evidence"], revision  # a submission needs every piece of evidence


def test_changes_and_ends_of_service_have_the_rows_the_services_write(
    seeded: SeedReport,
) -> None:
    filings = Filing.objects.in_bulk()
    changes = list(FactChange.objects.order_by("pk"))
    revisions = {
        r.pk: r for r in FilingRevision.objects.defer("snapshot").order_by("filing_id", "number")
    }
    latest: dict[int, FilingRevision] = {}
    latest_change: dict[int, FilingRevision] = {}
    for r in revisions.values():
        latest[r.filing_id] = r
        if r.kind == FilingRevision.Kind.CHANGE:
            latest_change[r.filing_id] = r
    open_clocks = {
        d.pk: d for d in Deadline.objects.open().filter(kind__in=list(FactChange.Kind.values))
    }
    # One recorded and one filed per filing and kind (the restored partial unique indexes).
    open_ = Counter((c.filing_id, c.kind, c.status) for c in changes if c.is_open)
    assert set(open_.values()) <= {1}
    of_revision: dict[int, list[FactChange]] = {}
    by_filing: dict[tuple[int, str, str], list[FactChange]] = {}
    for c in changes:
        f = filings[c.filing_id]
        by_filing.setdefault((c.filing_id, c.kind, c.status), []).append(c)
        assert c.description.strip(), c
        assert c.status != FactChange.Status.REFUSED or c.reasons, c
        assert f.filing_number is not None, c  # only a filed algorithm filing changes or ends
        assert c.recorded_by_id == f.created_by_id, c  # the operator's officer
        assert c.effective_on <= timezone.localtime(c.recorded_at).date(), c
        if c.status == FactChange.Status.RECORDED:
            # Recorded lately, not filed: its clock to file it runs from the day of the change.
            assert c.kind == FactChange.Kind.CHANGE and f.state == State.APPROVED, c
            assert c.revision_id is None and c.filed_at is None and c.decided_at is None, c
            clock = open_clocks.pop(c.deadline_id)
            assert (clock.filing_id, clock.kind) == (c.filing_id, c.kind), c
            assert clock.anchor_date == c.effective_on, c
            continue
        assert c.deadline_id is None, c  # filed without being recorded first: no clock
        assert (c.filed_by_id, c.filed_at) == (c.recorded_by_id, c.recorded_at), c
        accepted = c.status == FactChange.Status.ACCEPTED
        assert c.status in (FactChange.Status.FILED, FactChange.Status.ACCEPTED), c
        assert (c.decided_by_id is not None) == (c.decided_at is not None) == accepted, c
        if accepted:
            assert c.decided_at > c.filed_at, c
        if c.kind == FactChange.Kind.CHANGE:
            revision = revisions[c.revision_id]
            assert revision.filing_id == c.filing_id, c
            assert revision.kind == FilingRevision.Kind.CHANGE, c
            assert (revision.submitted_by_id, revision.submitted_at) == (c.filed_by_id, c.filed_at)
            of_revision.setdefault(c.revision_id, []).append(c)
        else:
            assert c.revision_id is None, c
            if accepted:
                assert c.decided_at == f.decided_at, c
    assert not open_clocks  # every open clock to file a change is a recorded change's

    # Every change revision is a filed change; the one before the office is the latest.
    assert {pk for pk, r in revisions.items() if r.kind == FilingRevision.Kind.CHANGE} == set(
        of_revision
    )
    assert all(len(found) == 1 for found in of_revision.values())
    assert any(f.state == State.CHANGE_PENDING for f in filings.values())
    for f in filings.values():
        filed = by_filing.get((f.pk, FactChange.Kind.CHANGE, FactChange.Status.FILED), [])
        if f.state == State.CHANGE_PENDING:
            assert len(filed) == 1, f
            assert filed[0].revision_id == latest_change[f.pk].pk == latest[f.pk].pk, f
        else:
            assert filed == [], f
        # An end of service: filed while it is pending, accepted once the filing is cancelled.
        ends = {
            status: len(by_filing.get((f.pk, FactChange.Kind.CANCELLATION, status), []))
            for status in FactChange.Status.values
        }
        expected = dict.fromkeys(FactChange.Status.values, 0)
        if f.state == State.CANCELLATION_PENDING:
            expected[FactChange.Status.FILED] = 1
        elif f.state == State.CANCELLED:
            expected[FactChange.Status.ACCEPTED] = 1
        assert ends == expected, f
    assert Filing.objects.filter(state=State.CANCELLED).exists()

    # The register says "changed" of the filings with a change the office accepted: those
    # with a change revision other than the one before the office.
    change_revisions = Counter(
        r.filing_id for r in revisions.values() if r.kind == FilingRevision.Kind.CHANGE
    )
    changed = {
        pk
        for pk, n in change_revisions.items()
        if n > 1 or filings[pk].state != State.CHANGE_PENDING
    }
    register = published()
    assert set(register.filter(changed=True).values_list("pk", flat=True)) == changed
    assert changed and register.filter(changed=False).exists()


def test_each_addressed_office_reviews_and_the_filing_state_is_theirs(
    seeded: SeedReport,
) -> None:
    filings = Filing.objects.select_related("regime").in_bulk()
    reviews: dict[int, list[OfficeReview]] = {}
    for review in OfficeReview.objects.select_related("authority").order_by("stage", "pk"):
        reviews.setdefault(review.filing_id, []).append(review)
    links: dict[int, set[int]] = {}
    for filing_id, authority_id in Filing.authorities.through.objects.values_list(
        "filing_id", "authority_id"
    ):
        links.setdefault(filing_id, set()).add(authority_id)
    offices: dict[int, set[int]] = {}
    supervisors: dict[int, set[int]] = {}
    for user_id, authority_id, role in Membership.objects.filter(
        authority__isnull=False
    ).values_list("user_id", "authority_id", "role"):
        offices.setdefault(user_id, set()).add(authority_id)
        if role == Role.SUPERVISOR:
            supervisors.setdefault(user_id, set()).add(authority_id)
    decisions = Decision.objects.in_bulk()

    for f in filings.values():
        mine = reviews.get(f.pk, [])
        if f.first_submitted_at is None:
            assert mine == [], f
            continue
        assert {r.authority_id for r in mine} == links[f.pk], f
        for r in mine:
            assert r.stage == f.regime.stage_of(r.authority.kind, r.authority.level), r
            if r.assignee_id is not None:  # the handling reviewer is in their own office's
                assert r.authority_id in offices[r.assignee_id], r
            assert (r.state == ReviewState.CONCLUDED) == bool(r.conclusion), r
            assert (r.state == ReviewState.CONCLUDED) == (r.decision_id is not None), r
            if r.decision_id is not None:
                decision = decisions[r.decision_id]
                assert decision.review_id == r.pk
                assert decision.outcome == Decision.Outcome.CONFIRMED
                assert r.concluded_at == decision.decided_at
                assert r.authority_id in supervisors[decision.decided_by_id]
        states = {r.state for r in mine}
        if f.state in DERIVED_FROM_REVIEWS or f.state in {
            State.APPROVED,
            State.CONCLUDED,
            State.REASSESSMENT_REQUIRED,
            State.REJECTED,
        }:
            assert derive_state(f, mine) == f.state, (f, [(r.stage, r.state) for r in mine])
        elif f.state == State.WITHDRAWN:
            assert states <= {ReviewState.SUBMITTED, ReviewState.WAITING}, f
        else:  # after the decision: every office concluded
            assert states == {ReviewState.CONCLUDED}, f
        if f.regime.outcome == Regime.Outcome.NUMBER:
            # The provincial CAC's first review, then the national CAC's decision.
            first, second = mine
            assert (first.authority.level, second.authority.level) == ("provincial", "national")
            assert (first.stage, second.stage) == (1, 2)
            if second.state != ReviewState.WAITING:
                assert first.conclusion == Conclusion.FORWARDED, f
            if f.state in KEEPS_ITS_NUMBER:
                assert second.conclusion == Conclusion.FILED, f
        else:
            assert {r.conclusion for r in mine} <= {
                "",
                Conclusion.ACCEPTED,
                Conclusion.REASSESSMENT,
                Conclusion.RECTIFICATION,
            }, f
    seen = set(OfficeReview.objects.values_list("state", flat=True))
    assert seen == set(ReviewState.values)
    assert set(OfficeReview.objects.values_list("conclusion", flat=True)) == {
        "",
        Conclusion.ACCEPTED,
        Conclusion.REASSESSMENT,
        Conclusion.RECTIFICATION,
        Conclusion.FORWARDED,
        Conclusion.FILED,
        Conclusion.NOT_FILED,
    }
    # Two offices at once: a joint review with each office's own reviewer.
    assert any(
        len({r.assignee_id for r in mine if r.assignee_id}) == 2 for mine in reviews.values()
    )


def test_decisions_comments_and_orders_name_their_office(seeded: SeedReport) -> None:
    offices: dict[int, set[int]] = {}
    for user_id, authority_id in Membership.objects.filter(authority__isnull=False).values_list(
        "user_id", "authority_id"
    ):
        offices.setdefault(user_id, set()).add(authority_id)
    reviews = OfficeReview.objects.in_bulk()

    for decision in Decision.objects.all():
        review = reviews[decision.review_id]
        assert review.filing_id == decision.filing_id
        assert review.authority_id in offices[decision.proposed_by_id], decision
        if decision.outcome == Decision.Outcome.PENDING:
            assert review.state == ReviewState.PENDING_APPROVAL
        if decision.kind in (Decision.Kind.REASSESS, Decision.Kind.RECTIFY):
            assert decision.items and decision.due_date, decision
        if decision.outcome == Decision.Outcome.TAKEN_BACK:
            assert decision.decided_by_id is None
    pending = Decision.objects.filter(outcome=Decision.Outcome.PENDING)
    assert pending.count() == OfficeReview.objects.filter(state="pending_approval").count()
    assert Decision.objects.filter(outcome=Decision.Outcome.SENT_BACK).exists()
    comments = list(Comment.objects.all())
    for comment in comments:
        if comment.author_id in offices:
            assert comment.authority_id in offices[comment.author_id], comment
        else:
            assert comment.authority_id is None and comment.visibility == "filer", comment
    assert {c.visibility for c in comments} == {"office", "filer"}
    assert all(c.visibility == "office" for c in comments if c.kind == Comment.Kind.COMMENT)
    for order in RectificationOrder.objects.select_related("filing"):
        assert order.authority_id in order.filing.authority_ids
        assert order.authority_id in offices[order.issued_by_id], order
    reassessment = Deadline.objects.open().filter(kind=DeadlineKind.REASSESSMENT)
    assert set(reassessment.values_list("filing_id", flat=True)) == set(
        Filing.objects.filter(state=State.REASSESSMENT_REQUIRED).values_list("pk", flat=True)
    )


def test_open_filings_have_clocks_around_today(seeded: SeedReport) -> None:
    today = timezone.localdate()
    open_ = Deadline.objects.open()
    clocked = set(open_.values_list("filing_id", flat=True))
    waiting = Filing.objects.filter(state__in=WAITING_ON_A_CLOCK)

    assert set(waiting.values_list("pk", flat=True)) <= clocked
    assert not open_.filter(filing__state__in=FINAL_STATES).exists()
    assert open_.filter(due_date__lt=today).exists()
    assert open_.filter(due_date__gte=today).exists()
    assert open_.filter(paused_since__isnull=False, filing__state=State.RETURNED).exists()
    assert Deadline.objects.filter(status=Deadline.Status.MET).exists()
    rectification = open_.filter(unit=DeadlineRule.Unit.CALENDAR_DAYS)
    assert rectification.filter(filing__state=State.RECTIFICATION_REQUIRED).exists()
    for filing in Filing.objects.filter(pk__in=clocked)[:50]:
        earliest = filing.deadlines.open().order_by("due_date").first()
        assert filing.next_due == earliest.due_date


def test_the_audit_chain_verifies(seeded: SeedReport) -> None:
    report = verify_chain()
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)

    assert report.ok, report
    assert report.count == TARGETS.audit_events
    assert out.getvalue().startswith("OK")


def test_a_seed_is_reproducible(postgres: Any) -> None:
    def fingerprint() -> list[Any]:
        return list(
            Filing.objects.order_by("pk").values_list(
                "state", "regime__code", "operator__uscc", "planned_feature__title"
            )
        )

    seed(scale=SCALE, allow_any_database=True, progress=False, random_seed=5)
    first = fingerprint()
    seed(scale=SCALE, allow_any_database=True, progress=False, random_seed=5)

    assert fingerprint() == first


# --- The benchmark's users ------------------------------------------------------------------
def test_the_bench_users_log_in_and_their_pages_render(seeded: SeedReport) -> None:
    for username in BENCH_USERS:
        assert Client().login(username=username, password=BENCH_PASSWORD), username
    reviewer = get_user_model().objects.get(username=BENCH_REVIEWER)
    queue = regulator_filings(reviewer)
    assert queue.filter(state=State.CONCLUDED).count() >= 110_000 * SCALE
    assert queue.filter(state=State.APPROVED).exists()
    assert queue.count() >= 100_000 * SCALE
    officer = get_user_model().objects.get(username=BENCH_OFFICER)
    assert Platform.objects.visible_to(officer).count() == TARGETS.bench_platforms
    filing_id = seeded.facts["workspace_filing"]
    shas = list(FilingRevision.objects.filter(filing_id=filing_id).values_list("sha256", flat=True))
    assert len(set(shas)) == len(shas) >= 3
    assert queue.filter(pk=filing_id).exists()

    as_reviewer, as_officer = login(BENCH_REVIEWER), login(BENCH_OFFICER)
    workspace = reverse("review:workspace", args=[filing_id])
    for client, url in [
        (as_reviewer, reverse("accounts:dashboard")),
        (as_reviewer, f"{reverse('review:queue')}?state=concluded"),
        (as_reviewer, f"{reverse('review:queue')}?state=approved"),
        (as_reviewer, f"{reverse('review:queue')}?assignee=me"),
        (as_reviewer, reverse("review:queue")),
        (as_reviewer, workspace),
        (as_reviewer, f"{workspace}?rev=2"),
        (as_reviewer, reverse("review:notifications")),
        (as_officer, reverse("accounts:dashboard")),
    ]:
        assert client.get(url).status_code == 200, url
