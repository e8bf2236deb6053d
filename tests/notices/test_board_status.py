"""The campaign board's status of one operator, from its filings' states
(docs/domain-rules.md#notices-and-summons), with the states of per-office conclusions: a
concluded assessment is concluded; a re-assessment order sends the operator back to work."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from filings.models import State
from notices.models import RecipientStatus
from notices.selectors import FilingLine, status_of

TODAY = dt.date(2026, 3, 2)


def line(state: str) -> FilingLine:
    submitted = state not in (State.DRAFT, State.WITHDRAWN)
    return FilingLine("F1", "2018", state, state, "Douyin", None, submitted, 1)


def status(*states: str, deadline: dt.date = TODAY) -> str:
    recipient = SimpleNamespace(acknowledged_at=TODAY)
    return status_of(
        recipient,
        [line(s) for s in states],
        1,
        deadline=deadline,
        today=TODAY,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    "state",
    [State.CONCLUDED, State.APPROVED, State.RECTIFICATION_REQUIRED, State.REJECTED],
)
def test_every_office_concluded_is_concluded(state: str) -> None:
    assert status(state) == RecipientStatus.CONCLUDED


def test_a_re_assessment_order_is_work_in_progress_even_past_the_notice_date() -> None:
    assert status(State.REASSESSMENT_REQUIRED, deadline=TODAY - dt.timedelta(days=5)) == (
        RecipientStatus.IN_PROGRESS
    )


@pytest.mark.parametrize("state", [State.UNDER_REVIEW, State.PENDING_APPROVAL, State.RETURNED])
def test_a_filing_with_the_offices_is_under_review(state: str) -> None:
    assert status(state) == RecipientStatus.UNDER_REVIEW
