"""Two people acting on the same filing at once: one wins, the other is told
(docs/architecture.md#the-service-frame).

The races need PostgreSQL's row locks and real commits: they take the `postgres` fixture (a
skip on SQLite locally, a failure under CI=true) and `transactional_db`. Each thread has its
own database connection and closes it when done. The stale-instance tests run anywhere.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from audit.models import AuditEvent
from filings import services
from filings.models import Filing, OfficeReview, State
from filings.services import FilingError
from tests.builders import filing_in_state
from tests.filings.test_lifecycle import FILING_NUMBER, assert_refused, reload


@pytest.fixture
def cast(cast: dict[str, Any], one_office_regime: Any) -> dict[str, Any]:
    """One office reviews (tests/filings/conftest.py): the filing's state is its review's."""
    return {**cast, "regime": one_office_regime.code}


S = State


def race(**calls: Callable[[], Any]) -> dict[str, Any]:
    """Start one thread per call, release them together, and say how each one ended:
    the service's result, or the FilingError (or any other exception) it raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: dict[str, Any] = {}

    def run(name: str, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)  # a safety net against a hung test, not a timing check
            outcomes[name] = call()
        except Exception as exc:
            outcomes[name] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def one_winner(outcomes: dict[str, Any]) -> tuple[str, FilingError]:
    """Exactly one call succeeded and every other was refused with a FilingError."""
    refused = {k: v for k, v in outcomes.items() if isinstance(v, FilingError)}
    won = [k for k, v in outcomes.items() if not isinstance(v, Exception)]
    assert len(won) == 1, outcomes
    assert len(refused) == len(outcomes) - 1, outcomes
    return won[0], next(iter(refused.values()))


def events(filing: Filing, verb: str) -> list[Any]:
    return list(
        AuditEvent.objects.filter(filing_id=filing.pk, action=f"filing.{verb}").values_list(
            "actor_id", flat=True
        )
    )


# --- Races (PostgreSQL) --------------------------------------------------------------------
@pytest.mark.usefixtures("postgres", "transactional_db")
def test_two_reviewers_claiming_at_once_get_one_claim_and_one_refusal(
    cast: dict[str, Any], beijing_reviewer: Any, second_beijing_reviewer: Any
) -> None:
    filing = filing_in_state(S.SUBMITTED, **cast)
    reviewers = {"first": beijing_reviewer, "second": second_beijing_reviewer}

    outcomes = race(
        **{
            name: lambda user=user: services.claim_filing(filing=filing.pk, by=user)
            for name, user in reviewers.items()
        }
    )

    winner, refusal = one_winner(outcomes)
    # The row lock makes the loser read the new state; the conditional UPDATE behind it
    # has its own message. Either way the loser is told, in words.
    assert re.search("no longer possible|Someone else changed", str(refusal))
    filing = reload(filing)
    assert filing.state == S.UNDER_REVIEW
    assert OfficeReview.objects.get(filing=filing).assignee == reviewers[winner]
    assert events(filing, "claimed") == [reviewers[winner].pk]


@pytest.mark.usefixtures("postgres", "transactional_db")
def test_two_supervisors_approving_at_once_issue_one_filing_number(
    cast: dict[str, Any], beijing_supervisor: Any, second_beijing_supervisor: Any
) -> None:
    filing = filing_in_state(S.PENDING_APPROVAL, **cast)
    supervisors = {"first": beijing_supervisor, "second": second_beijing_supervisor}

    outcomes = race(
        **{
            name: lambda user=user: services.approve_filing(filing=filing.pk, by=user)
            for name, user in supervisors.items()
        }
    )

    winner, _refusal = one_winner(outcomes)
    filing = reload(filing)
    assert filing.state == S.APPROVED
    assert FILING_NUMBER.match(filing.filing_number)
    assert outcomes[winner].filing_number == filing.filing_number
    assert events(filing, "approved") == [supervisors[winner].pk]
    decision = filing.decisions.get()
    assert (decision.outcome, decision.decided_by) == ("confirmed", supervisors[winner])


@pytest.mark.usefixtures("postgres", "transactional_db")
def test_officer_withdrawing_while_a_reviewer_claims_leaves_one_of_the_two(
    cast: dict[str, Any],
) -> None:
    filing = filing_in_state(S.SUBMITTED, **cast)

    outcomes = race(
        withdraw=lambda: services.withdraw_filing(filing=filing.pk, by=cast["officer"]),
        claim=lambda: services.claim_filing(filing=filing.pk, by=cast["reviewer"]),
    )

    winner, _refusal = one_winner(outcomes)
    expected = {"withdraw": (S.WITHDRAWN, "withdrawn"), "claim": (S.UNDER_REVIEW, "claimed")}
    state, verb = expected[winner]
    assert reload(filing).state == state
    assert len(events(filing, verb)) == 1
    loser_verb = expected[{"withdraw": "claim", "claim": "withdraw"}[winner]][1]
    assert events(filing, loser_verb) == []


# --- Stale instances (any database) --------------------------------------------------------
def test_claiming_through_a_stale_instance_is_refused_and_changes_nothing(
    cast: dict[str, Any], beijing_reviewer: Any, second_beijing_reviewer: Any
) -> None:
    filing = filing_in_state(S.SUBMITTED, **cast)
    stale = Filing.objects.get(pk=filing.pk)
    services.claim_filing(filing=filing.pk, by=beijing_reviewer)
    assert stale.state == S.SUBMITTED

    assert_refused(
        lambda: services.claim_filing(filing=stale, by=second_beijing_reviewer),
        filing,
        match="Under review",
    )
    assert OfficeReview.objects.get(filing=filing).assignee == beijing_reviewer
    assert events(filing, "claimed") == [beijing_reviewer.pk]


def test_approving_a_proposal_sent_back_meanwhile_is_refused_and_issues_no_number(
    cast: dict[str, Any], second_beijing_supervisor: Any
) -> None:
    filing = filing_in_state(S.PENDING_APPROVAL, **cast)
    stale = Filing.objects.get(pk=filing.pk)
    stale_review = OfficeReview.objects.get(filing=filing)
    assert stale_review.open_proposal is not None  # read, and cached, before the send-back
    services.send_back_proposal(filing=filing.pk, by=cast["supervisor"], reasons="Check E3.")

    assert_refused(
        lambda: services.approve_filing(filing=stale, by=second_beijing_supervisor),
        filing,
        match="no longer possible",
    )
    assert reload(filing).filing_number is None
    assert events(filing, "approved") == []


def test_withdrawing_a_filing_claimed_meanwhile_is_refused(cast: dict[str, Any]) -> None:
    filing = filing_in_state(S.SUBMITTED, **cast)
    stale = Filing.objects.get(pk=filing.pk)
    services.claim_filing(filing=filing.pk, by=cast["reviewer"])

    assert_refused(
        lambda: services.withdraw_filing(filing=stale, by=cast["officer"]),
        filing,
        match="Under review",
    )
