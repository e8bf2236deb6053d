"""How a statutory clock counts: a period in working days (the Chinese calendar of
`workcalendar`), calendar days, weeks or months after its anchor, lengthened by an
extension and by the days it stood paused. Arithmetic on dates only: the services that
open, pause and extend clocks (`deadlines`) keep them in the database."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections.abc import Iterable

from django.utils import timezone

from workcalendar.calendar import DueDate, add_working_days, working_days_between

from ..models import Deadline, DeadlinePause, DeadlineRule


def local_today() -> dt.date:
    return timezone.localdate()  # Asia/Shanghai: statutory days are Chinese days


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later, or that month's last day (so 31 January + 1
    month is 28 or 29 February), as EU law counts periods in months."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


def add_period(start: dt.date, amount: int, unit: str) -> DueDate:
    """`amount` units after `start` (the start day itself is not counted)."""
    if unit == DeadlineRule.Unit.WORKING_DAYS:
        return add_working_days(start, amount)
    if unit == DeadlineRule.Unit.CALENDAR_DAYS:
        return DueDate(start + dt.timedelta(days=amount), provisional=False)
    if unit == DeadlineRule.Unit.WEEKS:
        return DueDate(start + dt.timedelta(weeks=amount), provisional=False)
    if unit == DeadlineRule.Unit.MONTHS:
        return DueDate(add_months(start, amount), provisional=False)
    raise ValueError(f"Unknown deadline unit {unit!r}")


def pause_unit(unit: str) -> str:
    """How a pause of a clock in `unit` is measured: a clock in working days stops for the
    working days paused, the others for the calendar days."""
    if unit == DeadlineRule.Unit.WORKING_DAYS:
        return DeadlineRule.Unit.WORKING_DAYS
    return DeadlineRule.Unit.CALENDAR_DAYS


def compute_due(
    anchor: dt.date,
    amount: int,
    unit: str,
    paused: int = 0,
    *,
    extension_amount: int = 0,
    extension_unit: str = "",
) -> DueDate:
    """anchor + amount (unit), + the extension, + the days paused (see `pause_unit`).

    Counting working days is additive, so for a clock in working days with no extension this
    is the anchor + (amount + paused) working days, as it always was."""
    due = add_period(anchor, amount, unit)
    provisional = due.provisional
    if extension_amount:
        due = add_period(due.date, extension_amount, extension_unit or unit)
        provisional = provisional or due.provisional
    if paused:
        due = add_period(due.date, paused, pause_unit(unit))
        provisional = provisional or due.provisional
    return DueDate(due.date, provisional)


def days_paused(deadline: Deadline, pauses: Iterable[DeadlinePause] | None = None) -> int:
    """The days the clock stood still, counted from its finished pauses on today's calendar.

    A pause counts the days after it began up to and including the day it ended. The pauses
    of a clock that restarted in full belong to the earlier count: kept as history, not
    counted."""
    unit = pause_unit(deadline.unit)
    total = 0
    for pause in deadline.pauses.all() if pauses is None else pauses:
        if pause.ended_on is None or not pause.counted:
            continue
        if unit == DeadlineRule.Unit.WORKING_DAYS:
            total += max(working_days_between(pause.started_on, pause.ended_on), 0)
        else:
            total += max((pause.ended_on - pause.started_on).days, 0)
    return total
