"""`Filing.next_due` is a copy of "the earliest open deadline", kept so that the review queue
can sort on an index. These tests hold the copy to the original through every path that moves
a deadline: each state of the lifecycle, a pause and its resumption, and a calendar edit."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import DateField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from assessments.models import Question
from filings import services
from filings.models import NO_DEADLINE, Deadline, DeadlineKind, Filing, State
from filings.services.deadlines import sync_next_due
from tests.builders import filing_in_state
from workcalendar.models import CalendarDay


@pytest.fixture
def cast(cast: dict[str, Any], one_office_regime: Any) -> dict[str, Any]:
    """One office reviews (tests/conftest.py): the filing's state is its review's, and it
    ends in a number (joint reviews: tests/review/test_joint_review.py)."""
    return {**cast, "regime": one_office_regime.code}


pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def stale_filings() -> list[tuple[str, dt.date, dt.date, bool, bool]]:
    """Filings whose stored next_due / next_due_paused differ from their open deadlines."""
    open_ = Deadline.objects.open().filter(filing=OuterRef("pk"))
    computed = Filing.objects.annotate(
        due=Coalesce(
            Subquery(open_.order_by("due_date").values("due_date")[:1]),
            Value(NO_DEADLINE),
            output_field=DateField(),
        ),
        paused=Exists(open_.filter(paused_since__isnull=False)),
    )
    return [
        (f.state, f.next_due, f.due, f.next_due_paused, f.paused)
        for f in computed
        if (f.next_due, f.next_due_paused) != (f.due, f.paused)
    ]


@pytest.mark.parametrize(
    ("state", "regime"),
    [(s, None) for s in State if s not in (State.CONCLUDED, State.REASSESSMENT_REQUIRED)]
    + [(State.CONCLUDED, "cn-security-assessment")]
    + [(State.REASSESSMENT_REQUIRED, "cn-security-assessment")],
)
def test_every_state_reached_through_the_services_has_an_accurate_next_due(state, regime, cast):
    people = {**cast, "regime": regime} if regime else cast
    filing = Filing.objects.get(pk=filing_in_state(state, **people).pk)
    assert stale_filings() == []
    open_dates = sorted(Deadline.objects.open().filter(filing=filing).values_list("due_date"))
    assert filing.next_due == (open_dates[0][0] if open_dates else NO_DEADLINE)


def test_a_returned_filing_is_marked_paused_and_unpaused_on_resubmission(cast):
    with time_machine.travel(dt.datetime(2025, 9, 15, 10, tzinfo=SHANGHAI), tick=False):
        filing = filing_in_state(State.UNDER_REVIEW, **cast)
        due_before = Filing.objects.get(pk=filing.pk).next_due
        question = Question.objects.filter(section__template=filing.template).first()
        services.return_filing(
            filing=filing, by=cast["reviewer"], reasons=[(question, "Label unclear.")]
        )
    filing.refresh_from_db()
    assert filing.next_due_paused is True
    with time_machine.travel(dt.datetime(2025, 9, 22, 10, tzinfo=SHANGHAI), tick=False):
        services.submit_filing(filing=filing, by=cast["officer"])
    filing.refresh_from_db()
    assert filing.next_due_paused is False
    # Five working days went by while it was with the filer: the clock is that much later.
    assert filing.next_due > due_before
    assert stale_filings() == []


def test_a_holiday_entered_by_an_admin_moves_next_due_with_the_deadline(cast):
    with time_machine.travel(dt.datetime(2025, 9, 15, 10, tzinfo=SHANGHAI), tick=False):
        filing = filing_in_state(State.UNDER_REVIEW, **cast)
    before = Filing.objects.get(pk=filing.pk).next_due
    CalendarDay.objects.create(date=dt.date(2025, 10, 15), is_working_day=False, name="Extra")
    after = Filing.objects.get(pk=filing.pk).next_due
    review = Deadline.objects.open().get(filing=filing, kind=DeadlineKind.REVIEW)
    assert after == review.due_date > before
    assert stale_filings() == []


def test_sync_repairs_a_deadline_written_behind_the_services_back(cast):
    filing = filing_in_state(State.SUBMITTED, **cast)
    Deadline.objects.filter(filing=filing).update(due_date=dt.date(2030, 1, 2))
    assert stale_filings() != []
    assert sync_next_due() >= 1
    assert stale_filings() == []
    assert Filing.objects.get(pk=filing.pk).next_due == dt.date(2030, 1, 2)
