"""An information request with a period to answer: the regime's rule where its data gives one,
else the working days the reviewing office asked for, kept by the reminders like any clock."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from filings import services
from filings.models import Deadline, DeadlineKind, DeadlineRule, Notification, State
from filings.services import FilingError, reminders
from workcalendar.calendar import add_working_days

from .conftest import client_for

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = dt.date(2025, 9, 15)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI)


@pytest.fixture
def under_review(make_filing: Any) -> Any:
    with time_machine.travel(at(MONDAY), tick=False):
        return make_filing(State.UNDER_REVIEW)


def ask(filing: Any, reviewer: Any, **data: Any) -> Any:
    return client_for(reviewer).post(
        f"/review/filings/{filing.pk}/request-information/",
        {"body": "Send the moderation shift plan.", **data},
    )


def answer_clock(filing: Any) -> Deadline | None:
    return Deadline.objects.filter(
        filing=filing, kind=DeadlineKind.INFORMATION, status="open"
    ).first()


def test_the_office_sets_a_period_in_working_days_and_the_answer_meets_it(
    under_review, beijing_reviewer, douyin_officer
):
    with time_machine.travel(at(MONDAY), tick=False):
        assert ask(under_review, beijing_reviewer, answer_within="5").status_code == 302
    clock = answer_clock(under_review)
    assert clock is not None
    # Five working days from Monday 15 September 2025: Monday 22 September.
    assert clock.due_date == add_working_days(MONDAY, 5).date == dt.date(2025, 9, 22)
    # The filer's page says by when, and why, in their language.
    page = client_for(douyin_officer).get(f"/filings/{under_review.pk}/")
    assert "2025-09-22" in page.text
    assert "within 5 working days, as the reviewing office asked" in page.text
    with translation.override("zh-hans"):
        assert "审查机关" in clock.rule_label

    request = under_review.comments.get(kind="information_request")
    services.answer_information_request(request=request, by=douyin_officer, body="Attached.")
    assert answer_clock(under_review) is None
    assert Deadline.objects.get(filing=under_review, kind=DeadlineKind.INFORMATION).status == "met"


def test_the_filer_is_reminded_before_the_answer_is_due(under_review, beijing_reviewer):
    with time_machine.travel(at(MONDAY), tick=False):
        ask(under_review, beijing_reviewer, answer_within="5")
    clock = answer_clock(under_review)
    with time_machine.travel(at(clock.due_date), tick=False):
        reminders.create_reminders()
    officers = set(
        Notification.objects.filter(deadline=clock).values_list("recipient__username", flat=True)
    )
    assert "douyin_officer" in officers


def test_without_a_period_no_clock_opens(under_review, beijing_reviewer):
    assert ask(under_review, beijing_reviewer).status_code == 302
    assert answer_clock(under_review) is None


@pytest.mark.parametrize("bad", ["0", "61", "-3", "five", "1e3", "9" * 30])
def test_a_period_out_of_range_is_refused_and_nothing_is_sent(under_review, beijing_reviewer, bad):
    response = ask(under_review, beijing_reviewer, answer_within=bad)
    assert response.status_code == 400
    assert "Send the moderation shift plan." in response.text, "what was typed is kept"
    assert not under_review.comments.filter(kind="information_request").exists()
    assert answer_clock(under_review) is None


def test_the_service_refuses_a_period_on_a_plain_comment(under_review, beijing_reviewer):
    with pytest.raises(FilingError):
        services.comment_on_filing(
            filing=under_review, by=beijing_reviewer, body="Note.", answer_within=5
        )


def test_where_the_regime_sets_the_period_the_office_does_not(
    under_review, beijing_reviewer, one_office_regime
):
    DeadlineRule.objects.create(
        regime=one_office_regime,
        kind=DeadlineKind.INFORMATION,
        anchor=DeadlineRule.Anchor.SUBMISSION,
        amount=10,
        unit=DeadlineRule.Unit.WORKING_DAYS,
    )
    page = client_for(beijing_reviewer).get(
        f"/review/filings/{under_review.pk}/request-information/"
    )
    assert 'name="answer_within"' not in page.text
    with time_machine.travel(at(MONDAY), tick=False):
        ask(under_review, beijing_reviewer, answer_within="3")
    clock = answer_clock(under_review)
    assert clock is not None and clock.amount == 10, "the regime's rule, not the office's days"
