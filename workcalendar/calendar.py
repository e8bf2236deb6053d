"""Working-day arithmetic on the Chinese calendar.

`holidays.China` knows public holidays and make-up working weekends for the years whose
official schedule it ships; `CalendarDay` rows override single days and `CalendarYear` rows
mark further years official. A due date whose count crosses a year without an official
schedule is provisional: the library then knows only the rule-based holidays.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from holidays.countries.china import ChinaStaticHolidays

# Years whose published schedule the installed library carries.
LIBRARY_OFFICIAL_YEARS = frozenset(ChinaStaticHolidays.special_public_holidays)

# A bound on any count, so a corrupt calendar (every day off) cannot loop forever.
_MAX_SCAN_DAYS = 3660


class CalendarError(ValueError):
    pass


@dataclass(frozen=True)
class DueDate:
    date: dt.date
    provisional: bool


@dataclass(frozen=True)
class _Snapshot:
    overrides: dict[dt.date, bool]
    official_years: frozenset[int]
    # year -> running count of working days: [0] before 1 January, [n] through day n of the
    # year. Filled on demand; thrown away with the snapshot when the calendar changes.
    running: dict[int, list[int]] = field(default_factory=dict, compare=False)


# Other processes (gunicorn workers, Celery) see an admin's edit within this many seconds; the
# process that saved it clears its copy at once through the post_save signal.
_SNAPSHOT_SECONDS = 60.0
_cached: tuple[float, _Snapshot] | None = None


def _snapshot() -> _Snapshot:
    global _cached
    now = time.monotonic()
    if _cached is None or now - _cached[0] > _SNAPSHOT_SECONDS:
        from .models import CalendarDay, CalendarYear

        overrides = dict(CalendarDay.objects.values_list("date", "is_working_day"))
        years = set(CalendarYear.objects.filter(official=True).values_list("year", flat=True))
        _cached = (now, _Snapshot(overrides, LIBRARY_OFFICIAL_YEARS | years))
    return _cached[1]


@lru_cache(maxsize=64)
def _library_year(year: int) -> holidays.HolidayBase:
    return holidays.China(years=year)


def clear_cache() -> None:
    """Forget the loaded overrides; called whenever a calendar row changes."""
    global _cached
    _cached = None


def is_working_day(day: dt.date) -> bool:
    snap = _snapshot()
    if day in snap.overrides:
        return snap.overrides[day]
    return _library_year(day.year).is_working_day(day)


def is_official_year(year: int) -> bool:
    return year in _snapshot().official_years


def add_working_days(anchor: dt.date, days: int) -> DueDate:
    """The date `days` working days after `anchor`; the anchor itself is not counted.

    2025-09-29 plus 10 working days is 2025-10-20: National Day and the Mid-Autumn Festival
    take 1-8 October, and Saturday 11 October is a make-up working day.
    """
    if days < 0:
        raise CalendarError("Use subtract_working_days for a count before the anchor.")
    day, counted, scanned = anchor, 0, 0
    while counted < days:
        day += dt.timedelta(days=1)
        scanned += 1
        if scanned > _MAX_SCAN_DAYS:
            raise CalendarError(f"No {days} working days within ten years of {anchor}.")
        if is_working_day(day):
            counted += 1
    return DueDate(day, _provisional(anchor, day))


def subtract_working_days(anchor: dt.date, days: int) -> dt.date:
    """The working day `days` working days before `anchor` (for reminders ahead of a date)."""
    if days < 0:
        raise CalendarError("Use add_working_days for a count after the anchor.")
    day, counted, scanned = anchor, 0, 0
    while counted < days:
        day -= dt.timedelta(days=1)
        scanned += 1
        if scanned > _MAX_SCAN_DAYS:
            raise CalendarError(f"No {days} working days within ten years before {anchor}.")
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`; negative when end < start.

    Pages show "working days left" for every listed filing, some of them years overdue: the
    count is a difference of running counts per year, not a walk over the days between."""
    if end < start:
        return -working_days_between(end, start)
    count = (
        _running(end.year)[end.timetuple().tm_yday]
        - _running(start.year)[start.timetuple().tm_yday]
    )
    for year in range(start.year, end.year):
        count += _running(year)[-1]
    return count


def _running(year: int) -> list[int]:
    snap = _snapshot()
    running = snap.running.get(year)
    if running is None:
        running, day, total = [0], dt.date(year, 1, 1), 0
        while day.year == year:
            total += is_working_day(day)
            running.append(total)
            day += dt.timedelta(days=1)
        snap.running[year] = running
    return running


def _provisional(start: dt.date, end: dt.date) -> bool:
    return any(not is_official_year(y) for y in range(start.year, end.year + 1))
