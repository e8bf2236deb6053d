"""Form fields every app shares (platforms/formfields.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from platforms.formfields import within_calendar_range


@pytest.mark.parametrize(
    ("day", "allowed"),
    [
        (dt.date(2016, 12, 7), True),
        (dt.date(2016, 12, 6), False),
        (dt.date(2036, 12, 7), True),
        (dt.date(2036, 12, 8), False),
        (dt.date(1000, 1, 1), False),
        (dt.date(9898, 4, 12), False),
    ],
)
def test_a_date_is_allowed_within_ten_years_of_today(day, allowed):
    with time_machine.travel(dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC), tick=False):
        if allowed:
            within_calendar_range(day)
        else:
            with pytest.raises(ValidationError, match="2016-12-07 and 2036-12-07"):
                within_calendar_range(day)


def test_on_29_february_the_range_ends_on_28_february():
    with time_machine.travel(dt.datetime(2028, 2, 29, 12, tzinfo=dt.UTC), tick=False):
        within_calendar_range(dt.date(2038, 2, 28))
        with pytest.raises(ValidationError):
            within_calendar_range(dt.date(2038, 3, 1))


def test_the_message_reads_in_chinese():
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            within_calendar_range(dt.date(1000, 1, 1))
        assert "之间的日期" in refused.value.messages[0]
