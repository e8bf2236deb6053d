"""A paused clock and the calendar: the working days a pause stood still are recounted from the
stored pauses whenever an admin edits the calendar, so a make-up working day entered inside a
finished pause moves the due date by exactly what it changes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from assessments.models import Question
from filings import services
from filings.models import Deadline, DeadlineKind, State
from tests.builders import filing_in_state
from workcalendar.calendar import add_working_days, working_days_between
from workcalendar.models import CalendarDay

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
SUBMITTED = dt.date(2025, 9, 15)
RETURNED = dt.date(2025, 9, 26)  # a Friday
RESUBMITTED = dt.date(2025, 10, 10)
MAKE_UP_SATURDAY = dt.date(2025, 10, 4)  # inside the pause, a day off until the admin's edit


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI)


def review_clock(filing):
    return Deadline.objects.get(filing=filing, kind=DeadlineKind.REVIEW, status="open")


@pytest.fixture
def resumed(cast):
    """A security assessment under review from 15 September 2025, returned on 26 September
    and resubmitted on 10 October: its review clock stood still for 5 working days."""
    with time_machine.travel(at(SUBMITTED), tick=False) as clock:
        filing = filing_in_state(State.UNDER_REVIEW, **cast)
        clock.move_to(at(RETURNED))
        question = Question.objects.filter(section__template=filing.template).first()
        services.return_filing(filing=filing, by=cast["reviewer"], reasons=[(question, "?")])
        clock.move_to(at(RESUBMITTED))
        services.submit_filing(filing=filing, by=cast["officer"])
    review = review_clock(filing)
    assert review.paused_working_days == 5
    assert review.due_date == dt.date(2025, 11, 7)
    return filing


def test_a_make_up_saturday_inside_a_finished_pause_is_counted_as_a_day_paused(resumed):
    CalendarDay.objects.create(date=MAKE_UP_SATURDAY, is_working_day=True, name="Make-up day")

    review = review_clock(resumed)
    assert review.paused_working_days == 6 == working_days_between(RETURNED, RESUBMITTED)
    # One more working day in the count and one more day paused: the due date stays, where
    # a stored count of 5 would have brought it forward to 6 November.
    assert review.due_date == add_working_days(SUBMITTED, 30 + 6).date == dt.date(2025, 11, 7)


def test_a_day_off_inside_a_finished_pause_is_no_longer_a_day_paused(resumed):
    CalendarDay.objects.create(date=dt.date(2025, 9, 29), is_working_day=False, name="Closed")

    review = review_clock(resumed)
    assert review.paused_working_days == 4
    assert review.due_date == add_working_days(SUBMITTED, 30 + 4).date == dt.date(2025, 11, 7)


def test_removing_the_make_up_day_again_restores_the_count(resumed):
    day = CalendarDay.objects.create(date=MAKE_UP_SATURDAY, is_working_day=True, name="Make-up")

    day.delete()

    review = review_clock(resumed)
    assert (review.paused_working_days, review.due_date) == (5, dt.date(2025, 11, 7))


def test_an_admin_entering_a_make_up_saturday_in_the_admin_recounts_the_pause(
    client, admin, resumed
):
    client.force_login(admin)

    response = client.post(
        reverse("admin:workcalendar_calendarday_add"),
        {"date": MAKE_UP_SATURDAY.isoformat(), "is_working_day": "on", "name": "Make-up day"},
    )

    assert response.status_code == 302, response.content
    assert review_clock(resumed).paused_working_days == 6


def test_a_pause_still_open_counts_on_the_calendar_of_the_day_it_ends(cast):
    with time_machine.travel(at(SUBMITTED), tick=False) as clock:
        filing = filing_in_state(State.UNDER_REVIEW, **cast)
        clock.move_to(at(RETURNED))
        question = Question.objects.filter(section__template=filing.template).first()
        services.return_filing(filing=filing, by=cast["reviewer"], reasons=[(question, "?")])
        CalendarDay.objects.create(date=MAKE_UP_SATURDAY, is_working_day=True, name="Make-up")
        clock.move_to(at(RESUBMITTED))
        services.submit_filing(filing=filing, by=cast["officer"])

    review = review_clock(filing)
    assert review.paused_working_days == 6
    assert review.due_date == add_working_days(SUBMITTED, 36).date
