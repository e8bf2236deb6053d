"""An information request carries a due date where the regime's data gives one (#15 item 6):
a rule of kind "information" opens the filer's clock on the day of the request; it is met
once every open request is answered."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from filings import services
from filings.models import (
    Comment,
    Deadline,
    DeadlineKind,
    DeadlineRule,
    Filing,
    Notification,
    State,
)
from filings.services.clocks import compute_due, local_today
from filings.services.reminders import sweep
from tests.builders import filing_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def filing(cast: dict[str, Any]) -> Filing:
    return filing_in_state(State.UNDER_REVIEW, **cast)


def _with_rule(filing: Filing, amount: int = 10) -> None:
    DeadlineRule.objects.create(
        regime=filing.regime,
        kind=DeadlineKind.INFORMATION,
        anchor=DeadlineRule.Anchor.SUBMISSION,
        amount=amount,
        unit=DeadlineRule.Unit.WORKING_DAYS,
    )


def _ask(filing: Filing, reviewer: Any, body: str = "Send the night-shift roster.") -> Comment:
    return services.comment_on_filing(
        filing=filing, by=reviewer, body=body, information_request=True
    )


def _clock(filing: Filing) -> Deadline | None:
    return (
        Deadline.objects.filter(filing=filing, kind=DeadlineKind.INFORMATION)
        .order_by("-pk")
        .first()
    )


def test_a_request_opens_the_filers_clock_the_regime_gives(client, filing, cast):
    _with_rule(filing)
    _ask(filing, cast["reviewer"])
    clock = _clock(filing)
    assert clock is not None and clock.status == Deadline.Status.OPEN
    due = compute_due(local_today(), 10, DeadlineRule.Unit.WORKING_DAYS).date
    assert clock.due_date == due
    client.force_login(cast["officer"])
    page = client.get(reverse("filings:detail", args=[filing.pk])).text
    assert "Answer the information request" in page
    assert due.isoformat() in page


def test_the_clock_is_met_when_every_request_is_answered(filing, cast):
    _with_rule(filing)
    first = _ask(filing, cast["reviewer"])
    second = _ask(filing, cast["reviewer"], "And the moderation manual.")
    services.answer_information_request(request=first, by=cast["officer"], body="Attached.")
    assert _clock(filing).status == Deadline.Status.OPEN
    services.answer_information_request(request=second, by=cast["officer"], body="Attached.")
    assert _clock(filing).status == Deadline.Status.MET


def test_without_a_rule_in_the_regimes_data_a_request_has_no_due_date(filing, cast):
    _ask(filing, cast["reviewer"])
    assert _clock(filing) is None


def test_the_filers_officers_are_reminded_of_the_answer_due_today(filing, cast):
    _with_rule(filing, amount=0)
    _ask(filing, cast["reviewer"])
    sweep()
    reminded = Notification.objects.filter(deadline=_clock(filing))
    assert cast["officer"] in {n.recipient for n in reminded}
