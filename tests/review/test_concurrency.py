"""Two people acting on one filing at once, through the views: one success, one clear
message, never a 500 or a second decision (PostgreSQL row locks and real commits)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from audit.models import AuditEvent
from filings.models import Decision, Filing, State
from tests.builders import filing_in_state
from tests.filings.test_concurrency import race

S = State
SUCCESS = "alert alert-success"
REFUSAL = "alert alert-danger"


def post_as(user: Any, url: str) -> Any:
    def call() -> Any:
        client = Client()
        client.force_login(user)
        return client.post(url, {"reasons": ""}, follow=True)

    return call


def outcome(responses: dict[str, Any]) -> tuple[list[str], list[str]]:
    for r in responses.values():
        assert not isinstance(r, Exception), r
        # The one who lost the race is refused on the action's page (409), never a 500.
        assert r.status_code in (200, 409)
    won = [k for k, r in responses.items() if SUCCESS in r.text]
    lost = [k for k, r in responses.items() if REFUSAL in r.text]
    return won, lost


@pytest.mark.usefixtures("postgres", "transactional_db")
def test_two_supervisors_approving_at_once_make_one_decision(
    cast: dict[str, Any], beijing_supervisor: Any, second_beijing_supervisor: Any
) -> None:
    filing = filing_in_state(S.PENDING_APPROVAL, **cast)
    url = f"/review/filings/{filing.pk}/approve/"
    responses = race(
        first=post_as(beijing_supervisor, url), second=post_as(second_beijing_supervisor, url)
    )
    won, lost = outcome(responses)
    assert len(won) == 1 and len(lost) == 1, responses
    assert (
        "no longer possible" in responses[lost[0]].text or "same moment" in responses[lost[0]].text
    )
    assert Filing.objects.get(pk=filing.pk).state == S.APPROVED
    assert Decision.objects.filter(filing=filing, outcome="confirmed").count() == 1
    assert AuditEvent.objects.filter(filing_id=filing.pk, action="filing.approved").count() == 1


@pytest.mark.usefixtures("postgres", "transactional_db")
def test_approve_and_send_back_at_once_one_wins(
    cast: dict[str, Any], beijing_supervisor: Any, second_beijing_supervisor: Any
) -> None:
    filing = filing_in_state(S.PENDING_APPROVAL, **cast)

    def send_back() -> Any:
        client = Client()
        client.force_login(second_beijing_supervisor)
        return client.post(
            f"/review/filings/{filing.pk}/send-back/", {"reasons": "Look again."}, follow=True
        )

    responses = race(
        approve=post_as(beijing_supervisor, f"/review/filings/{filing.pk}/approve/"),
        send_back=send_back,
    )
    won, lost = outcome(responses)
    assert len(won) == 1 and len(lost) == 1, responses
    assert Filing.objects.get(pk=filing.pk).state in {S.APPROVED, S.UNDER_REVIEW}
    assert Decision.objects.filter(filing=filing).exclude(outcome="pending").count() == 1


@pytest.mark.usefixtures("postgres", "transactional_db")
def test_two_reviewers_claiming_through_the_views(
    cast: dict[str, Any], beijing_reviewer: Any, second_beijing_reviewer: Any
) -> None:
    filing = filing_in_state(S.SUBMITTED, **cast)
    url = f"/review/filings/{filing.pk}/claim/"
    responses = race(a=post_as(beijing_reviewer, url), b=post_as(second_beijing_reviewer, url))
    won, lost = outcome(responses)
    assert len(won) == 1 and len(lost) == 1, responses
    assert AuditEvent.objects.filter(filing_id=filing.pk, action="filing.claimed").count() == 1
