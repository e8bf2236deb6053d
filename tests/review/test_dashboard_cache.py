"""The regulator's dashboard figures are cached, and never shown stale: any change to a filing,
its deadlines or its orders, committed by anyone, makes the next load recompute them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from filings import services
from filings.models import ChangeCounter, State
from review import selectors
from workcalendar.models import CalendarDay

S = State


@pytest.fixture(autouse=True)
def _render_every_page(settings):
    """These tests are about the figures' own cache under the page cache (which
    tests/review/test_page_cache.py covers): every load here renders."""
    settings.PAGE_CACHE = False


def figures(client) -> tuple[int, ...]:
    board = client.get("/dashboard/").context["board"]
    return (board.mine, board.unassigned, board.due_soon, board.overdue_reviews, len(board.counts))


def queries(client, url: str = "/dashboard/") -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_a_second_load_reads_the_figures_from_the_cache(make_filing, beijing_reviewer, as_user):
    make_filing(S.SUBMITTED)
    client = as_user(beijing_reviewer)
    cold = queries(client)
    warm = queries(client)
    assert warm < cold
    assert figures(client) == figures(client)


def test_a_claim_by_someone_else_shows_at_once(
    make_filing, beijing_reviewer, second_beijing_reviewer, as_user
):
    filing = make_filing(S.SUBMITTED)
    mine = as_user(beijing_reviewer)
    assert figures(mine)[:2] == (0, 1)
    before = ChangeCounter.current()
    services.claim_filing(filing=filing, by=beijing_reviewer)
    assert ChangeCounter.current() > before
    assert figures(mine)[:2] == (1, 0)
    # the other reviewer's figures are their own, and fresh too
    assert figures(as_user(second_beijing_reviewer))[:2] == (0, 0)


def test_a_calendar_edit_that_moves_a_deadline_shows_at_once(
    make_filing, beijing_reviewer, as_user
):
    filing = make_filing(S.SUBMITTED)
    client = as_user(beijing_reviewer)
    assert figures(client)[3] == 0  # nothing overdue
    due = filing.deadlines.get(kind="review", status="open").due_date
    # An admin declares every working day up to the due date a holiday: it moves later, and
    # the figures computed before the edit are not served again.
    before = ChangeCounter.current()
    CalendarDay.objects.create(date=due, is_working_day=False, name="Extra")
    assert ChangeCounter.current() > before
    assert filing.deadlines.get(kind="review", status="open").due_date > due
    assert figures(client)[3] == 0


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

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors.dashboard(beijing_reviewer)
        return len(ctx)

    cold, warm = count(), count()
    assert warm == 1 < cold  # the change counter only
    with time_machine.travel(timezone.now() + dt.timedelta(days=1), tick=False):
        assert count() > warm
