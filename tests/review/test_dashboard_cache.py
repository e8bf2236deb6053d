"""The regulator's dashboard figures are cached under their authorities' versions
(filings/versions.py): never shown stale after a change to one of the authority's filings,
and left warm by changes that concern other authorities or operators."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Question
from assessments.services import save_answer
from filings import services, versions
from filings.models import State
from filings.services import reminders
from review import figures
from tests.builders import filing_in_state
from workcalendar.calendar import add_working_days
from workcalendar.models import CalendarDay

S = State


@pytest.fixture(autouse=True)
def _figure_cache(settings):
    settings.FIGURE_CACHE = True


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the versions moving on), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def tiles(client) -> tuple[int, ...]:
    board = client.get("/dashboard/").context["board"]
    return (board.mine, board.unassigned, board.due_soon, board.overdue_reviews, len(board.counts))


def dashboard_queries(user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        figures.dashboard(user)
    return len(ctx)


def authority_version(authority) -> str:
    return versions.current(versions.AUTHORITY, [authority.pk])


@pytest.fixture
def wechat_filing(wechat, wechat_officer, tencent_signatory, beijing_reviewer, beijing_supervisor):
    """A Tencent filing: addressed to the Guangdong offices, not to Beijing's."""
    return filing_in_state(
        S.SUBMITTED,
        platform=wechat,
        officer=wechat_officer,
        signatory=tencent_signatory,
        reviewer=beijing_reviewer,
        supervisor=beijing_supervisor,
        title="Open voice channels",
    )


def test_a_second_load_reads_the_figures_from_the_cache(make_filing, beijing_reviewer, as_user):
    make_filing(S.SUBMITTED)
    cold = dashboard_queries(beijing_reviewer)
    warm = dashboard_queries(beijing_reviewer)
    assert warm < cold
    client = as_user(beijing_reviewer)
    # The cached figures are the right ones: one unassigned filing, none of them mine.
    assert tiles(client)[:2] == (0, 1)
    assert tiles(client)[:2] == (0, 1)


def test_a_claim_by_someone_else_shows_at_once(
    make_filing, beijing_reviewer, second_beijing_reviewer, as_user, committed
):
    filing = make_filing(S.SUBMITTED)
    mine = as_user(beijing_reviewer)
    assert tiles(mine)[:2] == (0, 1)
    with committed():
        services.claim_filing(filing=filing, by=second_beijing_reviewer)
    assert tiles(mine)[:2] == (0, 0)
    assert tiles(as_user(second_beijing_reviewer))[:2] == (1, 0)


def test_a_change_in_another_authority_leaves_these_figures_warm(
    make_filing,
    wechat_filing,
    wechat_officer,
    beijing_reviewer,
    beijing_cac,
    guangdong_cac,
    committed,
):
    make_filing(S.SUBMITTED)
    assert not wechat_filing.authorities.filter(pk=beijing_cac.pk).exists()
    dashboard_queries(beijing_reviewer)
    warm = dashboard_queries(beijing_reviewer)
    beijing_before = authority_version(beijing_cac)
    guangdong_before = authority_version(guangdong_cac)

    assert wechat_filing.authorities.filter(pk=guangdong_cac.pk).exists()
    with committed():
        services.withdraw_filing(filing=wechat_filing, by=wechat_officer)

    assert authority_version(guangdong_cac) != guangdong_before
    assert authority_version(beijing_cac) == beijing_before
    assert dashboard_queries(beijing_reviewer) == warm


def test_an_autosave_a_login_and_the_sweep_move_no_authority_on(
    make_filing, beijing_reviewer, beijing_cac, douyin_officer, client, committed
):
    filing = make_filing(S.DRAFT)
    before = authority_version(beijing_cac)
    question = Question.objects.filter(
        section__template=filing.assessment.template, answer_type="text"
    ).first()
    with committed():
        save_answer(assessment=filing.assessment, question=question, value="x", by=douyin_officer)
        client.force_login(beijing_reviewer)
        reminders.sweep()
    assert authority_version(beijing_cac) == before


def test_a_calendar_edit_that_moves_a_deadline_shows_at_once(
    make_filing, beijing_reviewer, beijing_cac, as_user, committed
):
    filing = make_filing(S.SUBMITTED)
    due = filing.deadlines.get(kind="review", status="open").due_date
    # The first working day after the due date: the review is one day overdue.
    day_after = add_working_days(due, 1).date
    with time_machine.travel(dt.datetime.combine(day_after, dt.time(10)), tick=False):
        client = as_user(beijing_reviewer)
        assert tiles(client)[3] == 1  # overdue, and now cached
        before = authority_version(beijing_cac)
        # An admin declares the due date a holiday: the deadline moves to today, so the
        # review is no longer overdue, and the figures cached before the edit are not served.
        with committed():
            CalendarDay.objects.create(date=due, is_working_day=False, name="Extra")
        assert authority_version(beijing_cac) != before
        assert filing.deadlines.get(kind="review", status="open").due_date == day_after
        assert tiles(client)[3] == 0


def test_figures_follow_the_language(make_filing, beijing_reviewer, as_user):
    make_filing(S.SUBMITTED)
    client = as_user(beijing_reviewer)
    english = client.get("/dashboard/").context["board"].backlog[0]["label"]
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get("/dashboard/").context["board"].backlog[0]["label"]
    assert english != chinese
    assert "周" in chinese


def test_a_new_day_computes_the_figures_afresh(make_filing, beijing_reviewer):
    """Overdue and due-soon counts change at midnight without any write."""
    make_filing(S.SUBMITTED)
    cold, warm = dashboard_queries(beijing_reviewer), dashboard_queries(beijing_reviewer)
    assert warm < cold
    with time_machine.travel(timezone.now() + dt.timedelta(days=1), tick=False):
        assert dashboard_queries(beijing_reviewer) > warm


def test_large_figures_outdated_by_a_change_show_as_counted_while_a_worker_recounts(
    make_filing, beijing_reviewer, second_beijing_reviewer, as_user, committed, monkeypatch
):
    """Figures that take long to count (a national register) are not counted again inside
    the request: the page says when they were counted, and the worker's count replaces them."""
    monkeypatch.setattr(figures, "INLINE_SECONDS", -1)  # every count is a "long" one
    filing = make_filing(S.SUBMITTED)
    client = as_user(beijing_reviewer)
    assert tiles(client)[1] == 1  # unassigned
    with committed():
        services.claim_filing(filing=filing, by=second_beijing_reviewer)
    queued = []
    monkeypatch.setattr(
        figures.tasks.refresh_dashboard_figures, "delay", lambda **kw: queued.append(kw)
    )
    response = client.get("/dashboard/")
    assert response.context["board"].unassigned == 1  # as counted before the claim
    assert "being counted again" in response.text
    client.get("/dashboard/")
    assert len(queued) == 1  # one recount at a time, however many people look
    figures.tasks.refresh_dashboard_figures(**queued[0])
    response = client.get("/dashboard/")
    assert response.context["board"].unassigned == 0
    assert "being counted again" not in response.text


def test_without_a_shared_cache_every_load_computes(make_filing, beijing_reviewer, settings):
    """A per-process cache could not hear of a worker's change: figures are not cached."""
    settings.FIGURE_CACHE = False
    make_filing(S.SUBMITTED)
    dashboard_queries(beijing_reviewer)  # the calendar's year, read once per process
    assert dashboard_queries(beijing_reviewer) == dashboard_queries(beijing_reviewer) > 5
