"""The realistic mix of `make bench` (benchmarks/run/mix.py, writer.py, mixreport.py,
traffic.py): who browses and which pages, that every page is its person's own, that the
writer writes through the real services, and the report's figures. wrk, gunicorn and Celery
are not started here: `make bench` does that.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from assessments.models import Answer
from benchmarks import run
from benchmarks.run import MixPlan, MixUser, WriteTargets
from benchmarks.run.mix import FILINGS_PER_USER, OFFICER, REGULATOR
from benchmarks.seed import seed
from filings import access
from filings.models import Comment, Filing, OfficeReview, ReviewState, State
from platforms.models import Membership, Role
from tests.builders import filing_in_state


def seeded_random(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 (a reproducible draw in a test)


# The smallest seed with 100 people who each have 6 filings to open: 48 regulators of 23
# authorities (the others receive too few filings at this scale), officers of 60 operators.
# Seeding it takes about 20 s, so one test checks the whole plan.
SCALE = 0.06


# --- The plan: 100+ people, each on their own pages ---------------------------------------------
@pytest.fixture
def seeded(postgres: Any) -> None:
    seed(scale=SCALE, allow_any_database=True, progress=False)


def test_the_mix_is_100_people_of_many_authorities_and_operators_on_their_own_pages(
    seeded: None,
) -> None:
    plan = run.make_mix_plan(users=100)
    summary = plan.summary()
    people = get_user_model().objects.in_bulk([u.pk for u in plan.users])

    assert summary["users"] == len(people) == 100
    assert summary["authorities"] >= 20
    assert summary["officers"] == summary["operators"] >= 50
    assert plan.notes == []
    for user in plan.users:
        kinds = Counter(kind for kind, _path in user.paths)
        visible = access.visible_filings(people[user.pk])
        assert visible.filter(pk__in=user.filings).count() == FILINGS_PER_USER, user.username
        if user.role == REGULATOR:
            assert kinds["regulator dashboard"] == kinds["regulator inbox"] == 1
            assert kinds["workspace"] == FILINGS_PER_USER
            assert kinds["queue"] == run.mix.QUEUE_VIEWS
        else:
            assert kinds["officer home"] == kinds["officer inbox"] == 1
            assert kinds["filing page"] == FILINGS_PER_USER

    # A sample of people: each of their pages answers them 200, and another operator's
    # officer or another authority's reviewer 404.
    rng = seeded_random(7)
    for user in [*rng.sample(plan.regulators, 3), *rng.sample(plan.officers, 3)]:
        client = Client()
        client.force_login(people[user.pk])
        for _kind, path in user.paths:
            assert client.get(path).status_code == 200, (user.username, path)
        outsider = next(
            other
            for other in plan.users
            if other.role == user.role
            and not access.visible_filings(people[other.pk]).filter(pk__in=user.filings)
        )
        client = Client()
        client.force_login(people[outsider.pk])
        for kind, path in user.paths:
            if kind in ("filing page", "workspace"):
                assert client.get(path).status_code == 404, (outsider.username, path)

    # Asked for more people than the data holds, the plan says so.
    assert "of 400 users asked for" in run.make_mix_plan(users=400).notes[0]


def test_wrk_lines_pair_each_persons_session_with_their_own_paths() -> None:
    plan = MixPlan(
        users=[
            MixUser(1, "ann", REGULATOR, 9, (5,), (("queue", "/review/queue/"),)),
            MixUser(2, "bo", OFFICER, 3, (6,), (("filing page", "/filings/6/"),)),
        ]
    )

    lines = run.wrk_lines(plan, {1: "key-ann", 2: "key-bo"})

    assert lines == ["sessionid=key-ann\t/review/queue/", "sessionid=key-bo\t/filings/6/"]
    assert MixPlan.from_json(plan.to_json()) == plan
    assert plan.composition() == {"queue": 1, "filing page": 1}


def test_the_wrk_script_draws_lines_and_reports_as_the_page_scripts_do() -> None:
    script = run.WRK_SCRIPT.with_name("wrk_mix.lua").read_text()

    assert 'dofile(here .. "wrk_report.lua")' in script
    assert "math.random(#lines)" in script


# --- The writer: real services ------------------------------------------------------------------
@pytest.fixture
def writing(cast: dict[str, Any]) -> dict[str, Any]:
    """Douyin's officer with a draft (an unsigned assessment to autosave into) and a returned
    filing to resubmit; the Beijing reviewer with a filing under review to comment on and a
    submitted one to claim."""
    draft = filing_in_state(State.DRAFT, **cast, title="Live gifts")
    returned = filing_in_state(State.RETURNED, **cast, title="Face swap")
    reviewing = filing_in_state(State.UNDER_REVIEW, **cast, title="Voice room")
    submitted = filing_in_state(State.SUBMITTED, **cast, title="Karaoke")
    operator_id = cast["platform"].operator_id
    authority_id = Membership.objects.get(user=cast["reviewer"], role=Role.REVIEWER).authority_id
    plan = MixPlan(
        users=[
            MixUser(cast["officer"].pk, "officer", OFFICER, operator_id, (draft.pk,), ()),
            MixUser(cast["reviewer"].pk, "reviewer", REGULATOR, authority_id, (reviewing.pk,), ()),
        ]
    )
    return {
        **cast,
        "plan": plan,
        "draft": draft,
        "returned": returned,
        "reviewing": reviewing,
        "submitted": submitted,
    }


def test_writer_finds_what_its_people_may_write_on(writing: dict[str, Any]) -> None:
    targets = run.write_targets(writing["plan"])

    assert {officer for officer, _a, _q in targets.answers} == {writing["officer"].pk}
    assert writing["draft"].assessment_id in {a for _o, a, _q in targets.answers}
    assert all(questions for _o, _a, questions in targets.answers)
    assert targets.comments == [(writing["reviewer"].pk, writing["reviewing"].pk)]
    assert targets.submissions == [
        (writing["officer"].pk, writing["signatory"].pk, writing["returned"].pk)
    ]
    assert (writing["reviewer"].pk, writing["submitted"].pk) in targets.claims


def test_each_kind_of_write_goes_through_its_service(writing: dict[str, Any]) -> None:
    writer = run.Writer(run.write_targets(writing["plan"]), rng=seeded_random(1))
    comments_before = Comment.objects.filter(filing=writing["reviewing"]).count()

    answer = writer.write("answer")
    writer.write("comment")
    writer.write("submission")
    writer.write("claim")

    assert isinstance(answer, Answer)
    assert answer.updated_by == writing["officer"]
    assert answer.assessment_id in {a for _o, a, _q in writer.targets.answers}
    assert Comment.objects.filter(filing=writing["reviewing"]).count() == comments_before + 1
    returned = Filing.objects.get(pk=writing["returned"].pk)
    assert returned.state == State.UNDER_REVIEW  # the returned review goes on, with its reviewer
    assert returned.revisions.count() == 2
    assert returned.assessment.signed_by == writing["signatory"]  # reopened and signed again
    claimed = Filing.objects.get(pk=writing["submitted"].pk)
    assert claimed.state == State.UNDER_REVIEW
    mine = OfficeReview.objects.get(
        filing=claimed, authority__memberships__user=writing["reviewer"]
    )
    assert mine.state == ReviewState.UNDER_REVIEW
    assert mine.assignee == writing["reviewer"]
    # The other office's review is its own: nobody claimed it.
    other = claimed.reviews.exclude(pk=mine.pk).get()
    assert (other.state, other.assignee) == (ReviewState.SUBMITTED, None)


def test_writer_falls_back_to_answers_and_comments_once_transitions_are_used_up() -> None:
    writer = run.Writer(
        WriteTargets(answers=[(1, 2, [3])], comments=[(4, 5)]), rng=seeded_random(3)
    )

    chosen = Counter(writer.choose() for _ in range(200))

    assert set(chosen) == {"answer", "comment"}


def test_writer_counts_writes_refusals_and_failures_and_stops_when_told(
    writing: dict[str, Any],
) -> None:
    targets = run.write_targets(writing["plan"])
    targets.claims = [(writing["reviewer"].pk, writing["reviewing"].pk)]  # already claimed
    targets.submissions = [(writing["officer"].pk, writing["signatory"].pk, 0)]  # no such filing
    writer = run.Writer(targets, rng=seeded_random(5))
    kinds = iter(["answer", "claim", "submission", "comment"])
    writer.choose = lambda: next(kinds)  # type: ignore[method-assign]

    stats = writer.run(per_second=1000.0, stop=threading.Event(), max_writes=4)
    summary = stats.summary()

    assert stats.done == {"answer": 1, "comment": 1}
    assert stats.refused == 1
    assert stats.errors == 1
    assert any("claim refused" in m for m in stats.messages)
    assert summary["total"] == 2
    assert summary["p95_ms"] is not None
    stopped = threading.Event()
    stopped.set()
    assert writer.run(per_second=1.0, stop=stopped).summary()["total"] == 0
