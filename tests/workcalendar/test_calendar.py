"""Working days on the Chinese calendar (docs/domain-rules.md#working-days-and-the-calendar):
public holidays, make-up working weekends, provisional counts into years without an official
schedule, and admins' corrections taking effect at once."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workcalendar.calendar import (
    CalendarError,
    DueDate,
    add_working_days,
    is_working_day,
    subtract_working_days,
    working_days_between,
)
from workcalendar.models import CalendarDay, CalendarYear
from workcalendar.signals import calendar_changed

pytestmark = pytest.mark.django_db

LAUNCH = dt.date(2025, 9, 29)  # a Monday, two days before National Day


def test_ten_working_days_after_2025_09_29_fall_due_on_2025_10_20():
    assert add_working_days(LAUNCH, 10) == DueDate(dt.date(2025, 10, 20), provisional=False)


def test_the_anchor_day_is_not_counted():
    assert add_working_days(LAUNCH, 1).date == dt.date(2025, 9, 30)
    assert add_working_days(LAUNCH, 0).date == LAUNCH


def test_the_make_up_saturday_after_national_day_is_a_working_day():
    assert is_working_day(dt.date(2025, 10, 11))


def test_national_day_and_mid_autumn_holidays_are_not_working_days():
    for day in range(1, 9):
        assert not is_working_day(dt.date(2025, 10, day)), f"2025-10-{day:02d}"
    assert is_working_day(dt.date(2025, 10, 9))


def test_an_ordinary_weekend_is_not_a_working_day():
    assert not is_working_day(dt.date(2025, 10, 18))
    assert not is_working_day(dt.date(2025, 10, 19))


def test_a_count_into_a_year_without_an_official_schedule_is_provisional():
    due = add_working_days(dt.date(2026, 12, 20), 20)

    assert due.date.year == 2027
    assert due.provisional


def test_a_count_within_the_known_calendar_is_not_provisional():
    assert not add_working_days(dt.date(2026, 11, 2), 20).provisional


def test_marking_a_year_official_makes_counts_into_it_final():
    assert add_working_days(dt.date(2026, 12, 20), 20).provisional

    CalendarYear.objects.create(year=2027, official=True, source="State Council notice")

    assert not add_working_days(dt.date(2026, 12, 20), 20).provisional


def test_a_year_entered_but_not_yet_official_stays_provisional():
    CalendarYear.objects.create(year=2027, official=False)

    assert add_working_days(dt.date(2026, 12, 20), 20).provisional


def test_a_holiday_entered_on_a_weekday_moves_the_due_date_at_once():
    assert add_working_days(LAUNCH, 10).date == dt.date(2025, 10, 20)  # loads the cache

    CalendarDay.objects.create(date=dt.date(2025, 10, 14), is_working_day=False, name="Extra")

    assert not is_working_day(dt.date(2025, 10, 14))
    assert add_working_days(LAUNCH, 10).date == dt.date(2025, 10, 21)


def test_a_make_up_working_sunday_entered_moves_the_due_date_earlier_at_once():
    assert add_working_days(LAUNCH, 10).date == dt.date(2025, 10, 20)

    CalendarDay.objects.create(date=dt.date(2025, 10, 19), is_working_day=True, name="Make-up")

    assert is_working_day(dt.date(2025, 10, 19))
    assert add_working_days(LAUNCH, 10).date == dt.date(2025, 10, 19)


def test_deleting_a_correction_restores_the_library_calendar_at_once():
    extra = CalendarDay.objects.create(date=dt.date(2025, 10, 14), is_working_day=False)
    assert add_working_days(LAUNCH, 10).date == dt.date(2025, 10, 21)

    extra.delete()

    assert add_working_days(LAUNCH, 10).date == dt.date(2025, 10, 20)


def test_editing_a_correction_takes_effect_at_once():
    day = CalendarDay.objects.create(date=dt.date(2025, 10, 14), is_working_day=False)
    assert not is_working_day(day.date)

    day.is_working_day = True
    day.save()

    assert is_working_day(day.date)


def test_working_days_between_counts_the_days_after_the_start_up_to_the_end():
    assert working_days_between(LAUNCH, dt.date(2025, 10, 20)) == 10
    assert working_days_between(dt.date(2025, 9, 30), dt.date(2025, 10, 9)) == 1
    assert working_days_between(LAUNCH, LAUNCH) == 0


def test_working_days_between_is_negative_when_the_end_is_before_the_start():
    assert working_days_between(dt.date(2025, 10, 20), LAUNCH) == -10


def test_working_days_between_counts_a_make_up_weekend():
    # Friday 10 October to Monday 13 October: the make-up Saturday and the Monday.
    assert working_days_between(dt.date(2025, 10, 10), dt.date(2025, 10, 13)) == 2


def test_subtracting_working_days_undoes_adding_them():
    assert subtract_working_days(dt.date(2025, 10, 20), 10) == LAUNCH


def test_subtracting_skips_holidays_and_lands_on_a_make_up_day():
    assert subtract_working_days(dt.date(2025, 10, 9), 1) == dt.date(2025, 9, 30)
    assert subtract_working_days(dt.date(2025, 10, 13), 1) == dt.date(2025, 10, 11)


def test_subtracting_zero_working_days_gives_the_anchor():
    assert subtract_working_days(dt.date(2025, 10, 20), 0) == dt.date(2025, 10, 20)


def test_a_negative_count_is_refused():
    with pytest.raises(CalendarError):
        add_working_days(LAUNCH, -1)


def test_a_negative_count_is_refused_when_subtracting_too():
    with pytest.raises(CalendarError):
        subtract_working_days(LAUNCH, -1)


def test_a_calendar_without_working_days_is_an_error_not_an_endless_loop(monkeypatch):
    monkeypatch.setattr("workcalendar.calendar.is_working_day", lambda day: False)

    with pytest.raises(CalendarError):
        add_working_days(LAUNCH, 1)
    with pytest.raises(CalendarError):
        subtract_working_days(LAUNCH, 1)


@pytest.fixture
def changed_years():
    seen: list[set[int]] = []

    def listen(sender, years, **kwargs):
        seen.append(years)

    calendar_changed.connect(listen, dispatch_uid="test-listener")
    yield seen
    calendar_changed.disconnect(dispatch_uid="test-listener")


def test_an_edit_tells_the_rest_of_the_system_which_year_changed(changed_years):
    CalendarDay.objects.create(date=dt.date(2025, 10, 14), is_working_day=False)
    CalendarYear.objects.create(year=2027, official=True)

    assert changed_years == [{2025}, {2027}]


def test_moving_a_day_to_another_year_reports_both_years(changed_years):
    day = CalendarDay.objects.create(date=dt.date(2025, 10, 14), is_working_day=False)

    day.date = dt.date(2026, 10, 14)
    day.save()
    day.delete()

    assert changed_years == [{2025}, {2025, 2026}, {2026}]


def _walk(start: dt.date, end: dt.date) -> int:
    """The definition, day by day: what the running counts must agree with."""
    if end < start:
        return -_walk(end, start)
    days = (start + dt.timedelta(days=n) for n in range(1, (end - start).days + 1))
    return sum(is_working_day(d) for d in days)


@given(
    start=st.dates(dt.date(2023, 1, 1), dt.date(2028, 12, 31)),
    span=st.integers(-800, 800),
)
@settings(max_examples=200, deadline=None)
def test_working_days_between_agrees_with_walking_the_days(start, span):
    end = start + dt.timedelta(days=span)
    assert working_days_between(start, end) == _walk(start, end)


def test_working_days_between_follows_an_admin_override():
    before = working_days_between(dt.date(2025, 10, 10), dt.date(2026, 1, 20))
    CalendarDay.objects.create(date=dt.date(2025, 12, 3), is_working_day=False, name="Extra")
    after = working_days_between(dt.date(2025, 10, 10), dt.date(2026, 1, 20))
    assert after == before - 1 == _walk(dt.date(2025, 10, 10), dt.date(2026, 1, 20))
