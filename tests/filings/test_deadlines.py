"""Statutory clocks on the Chinese calendar: the review clock stops while a filing is back
with the filer, and open deadlines follow an admin's edits to the calendar."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from assessments.models import Question
from filings import services
from filings.models import Deadline, DeadlineKind, DeadlinePause, State
from filings.services import register_planned_feature
from tests.builders import filing_in_state
from workcalendar.calendar import working_days_between
from workcalendar.models import CalendarDay, CalendarYear


@pytest.fixture
def cast(cast: dict[str, Any], one_office_regime: Any) -> dict[str, Any]:
    """One office reviews (tests/conftest.py): the filing's state is its review's, and it
    ends in a number (joint reviews: tests/review/test_joint_review.py)."""
    return {**cast, "regime": one_office_regime.code}


pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI)


def review_clock(filing):
    return Deadline.objects.get(filing=filing, kind=DeadlineKind.REVIEW, status="open")


def return_to_filer(filing, reviewer):
    question = Question.objects.filter(section__template=filing.template).first()
    services.return_filing(filing=filing, by=reviewer, reasons=[(question, "Label unclear.")])


@pytest.fixture
def clock():
    with time_machine.travel(at(dt.date(2025, 9, 15)), tick=False) as traveller:
        yield traveller


@pytest.fixture
def under_review(clock, cast):
    """Submitted on Monday 15 September 2025 and claimed the same day."""
    return filing_in_state(State.UNDER_REVIEW, **cast)


# --- Pausing while the filing is with the filer ---------------------------------------------
def test_submission_starts_a_30_working_day_review_clock(under_review):
    review = review_clock(under_review)

    assert review.anchor_date == dt.date(2025, 9, 15)
    assert review.amount == 30
    # Over National Day, counting the make-up Sunday 28 September and Saturday 11 October.
    assert review.due_date == dt.date(2025, 10, 31)
    assert not review.is_paused


def test_returning_the_filing_pauses_the_review_clock(clock, under_review, cast):
    clock.move_to(at(dt.date(2025, 9, 26)))

    return_to_filer(under_review, cast["reviewer"])

    review = review_clock(under_review)
    assert review.paused_since == dt.date(2025, 9, 26)
    assert review not in Deadline.objects.running()
    pause = DeadlinePause.objects.get(deadline=review)
    assert pause.started_on == dt.date(2025, 9, 26)
    assert pause.ended_on is None
    assert pause.reason == "Returned to the filer for correction"


def test_resubmitting_moves_the_due_date_by_exactly_the_working_days_paused(
    clock, under_review, cast
):
    before = review_clock(under_review).due_date
    clock.move_to(at(dt.date(2025, 9, 26)))
    return_to_filer(under_review, cast["reviewer"])

    clock.move_to(at(dt.date(2025, 10, 10)))
    services.submit_filing(filing=under_review, by=cast["officer"])

    review = review_clock(under_review)
    # After Friday 26 September up to Friday 10 October: the make-up Sunday 28 September,
    # 29 and 30 September, 9 and 10 October. National Day does not count.
    assert review.paused_working_days == 5
    assert review.paused_since is None
    assert review.due_date == dt.date(2025, 11, 7)
    assert working_days_between(before, review.due_date) == 5
    assert review in Deadline.objects.running()
    pause = DeadlinePause.objects.get(deadline=review)
    assert (pause.started_on, pause.ended_on) == (dt.date(2025, 9, 26), dt.date(2025, 10, 10))


def test_a_second_return_adds_its_pause_to_the_first(clock, under_review, cast):
    clock.move_to(at(dt.date(2025, 9, 26)))
    return_to_filer(under_review, cast["reviewer"])
    clock.move_to(at(dt.date(2025, 10, 10)))
    services.submit_filing(filing=under_review, by=cast["officer"])  # the reviewer goes on
    clock.move_to(at(dt.date(2025, 10, 14)))
    return_to_filer(under_review, cast["reviewer"])

    clock.move_to(at(dt.date(2025, 10, 16)))
    services.submit_filing(filing=under_review, by=cast["officer"])

    review = review_clock(under_review)
    assert review.paused_working_days == 5 + 2
    assert review.due_date == dt.date(2025, 11, 11)
    assert list(
        DeadlinePause.objects.filter(deadline=review).values_list("started_on", "ended_on")
    ) == [
        (dt.date(2025, 9, 26), dt.date(2025, 10, 10)),
        (dt.date(2025, 10, 14), dt.date(2025, 10, 16)),
    ]


def test_the_review_clock_is_met_by_the_decision(clock, cast):
    approved = filing_in_state(State.APPROVED, **cast)

    review = Deadline.objects.get(filing=approved, kind=DeadlineKind.REVIEW)
    assert review.status == Deadline.Status.MET
    assert review.met_at is not None


def test_submission_meets_the_filing_deadline(under_review):
    filing_clock = Deadline.objects.get(filing=under_review, kind=DeadlineKind.FILING)

    assert filing_clock.status == Deadline.Status.MET


# --- Editing the calendar -------------------------------------------------------------------
def test_a_holiday_entered_inside_an_open_deadline_moves_it_a_working_day_later(under_review):
    assert review_clock(under_review).due_date == dt.date(2025, 10, 31)

    CalendarDay.objects.create(date=dt.date(2025, 10, 15), is_working_day=False, name="Extra")

    assert review_clock(under_review).due_date == dt.date(2025, 11, 3)


def test_a_make_up_working_day_entered_inside_a_deadline_brings_it_forward(under_review):
    CalendarDay.objects.create(date=dt.date(2025, 10, 19), is_working_day=True, name="Make-up")

    assert review_clock(under_review).due_date == dt.date(2025, 10, 30)


def test_a_holiday_after_the_due_date_leaves_it_alone(under_review):
    CalendarDay.objects.create(date=dt.date(2025, 11, 5), is_working_day=False)

    assert review_clock(under_review).due_date == dt.date(2025, 10, 31)


def test_removing_the_holiday_again_restores_the_due_date(under_review):
    extra = CalendarDay.objects.create(date=dt.date(2025, 10, 15), is_working_day=False)
    assert review_clock(under_review).due_date == dt.date(2025, 11, 3)

    extra.delete()

    assert review_clock(under_review).due_date == dt.date(2025, 10, 31)


def test_moving_a_holiday_to_another_year_restores_the_due_date_it_had_moved(under_review):
    typo = CalendarDay.objects.create(date=dt.date(2025, 10, 15), is_working_day=False)
    assert review_clock(under_review).due_date == dt.date(2025, 11, 3)

    typo.date = dt.date(2026, 10, 15)  # the admin meant next year's
    typo.save()

    assert review_clock(under_review).due_date == dt.date(2025, 10, 31)


def test_a_calendar_edit_keeps_the_paused_days_of_a_resumed_clock(clock, under_review, cast):
    clock.move_to(at(dt.date(2025, 9, 26)))
    return_to_filer(under_review, cast["reviewer"])
    clock.move_to(at(dt.date(2025, 10, 10)))
    services.submit_filing(filing=under_review, by=cast["officer"])
    assert review_clock(under_review).due_date == dt.date(2025, 11, 7)

    CalendarDay.objects.create(date=dt.date(2025, 10, 15), is_working_day=False)

    assert review_clock(under_review).due_date == dt.date(2025, 11, 10)


def test_a_met_deadline_does_not_move_with_the_calendar(under_review):
    met = Deadline.objects.get(filing=under_review, kind=DeadlineKind.FILING)
    due = met.due_date

    CalendarDay.objects.create(date=due - dt.timedelta(days=1), is_working_day=False)

    met.refresh_from_db()
    assert met.due_date == due


# --- Provisional due dates ------------------------------------------------------------------
@pytest.fixture
def growth_filing_into_2027(douyin, douyin_officer):
    """Marked user growth on 15 December 2026: 30 working days run into 2027."""
    with time_machine.travel(at(dt.date(2026, 11, 25)), tick=False):
        _feature, obligations = register_planned_feature(
            platform=douyin,
            by=douyin_officer,
            today=dt.date(2026, 11, 25),
            title="Voice rooms",
            description="Open voice chat rooms.",
            trigger="user_growth",
            trigger_date=dt.date(2026, 12, 15),
            planned_launch_date=dt.date(2026, 6, 1),
        )
    return obligations[0].filing


def _filing_clock(filing):
    return Deadline.objects.get(filing=filing, kind=DeadlineKind.FILING, status="open")


def test_a_deadline_in_a_year_without_an_official_schedule_is_provisional(
    growth_filing_into_2027,
):
    deadline = _filing_clock(growth_filing_into_2027)

    assert deadline.due_date.year == 2027
    assert deadline.provisional


def test_marking_the_year_official_makes_the_deadline_final(growth_filing_into_2027):
    CalendarYear.objects.create(year=2027, official=True)

    assert not _filing_clock(growth_filing_into_2027).provisional


def test_entering_a_holiday_in_the_unofficial_year_moves_the_provisional_deadline(
    growth_filing_into_2027,
):
    before = _filing_clock(growth_filing_into_2027)
    assert before.due_date > dt.date(2027, 1, 5)

    CalendarDay.objects.create(date=dt.date(2027, 1, 5), is_working_day=False)

    after = _filing_clock(growth_filing_into_2027)
    assert working_days_between(before.due_date, after.due_date) == 1
    assert after.provisional
