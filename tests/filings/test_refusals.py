"""What a person is told when an action is refused: the reason that applies to them."""

from typing import Any

import pytest

from assessments.services import MissingItem, incomplete_message
from filings import services
from filings.models import Comment, ReviewState, State
from tests.builders import filing_in_state


@pytest.fixture
def cast(cast: dict[str, Any], one_office_regime: Any) -> dict[str, Any]:
    """One office reviews and decides, with a number (tests/conftest.py): a proposal not to
    file exists only where an office issues numbers."""
    return {**cast, "regime": one_office_regime.code}


def test_supervisor_approving_a_proposal_to_reject_is_told_to_send_it_back(cast):
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    services.propose_decision(filing=filing, by=cast["reviewer"], kind="reject", reasons="No.")
    with pytest.raises(services.FilingError, match="send the proposal back"):
        services.approve_filing(filing=filing, by=cast["supervisor"])


def test_verifying_before_the_operator_responded_says_so(cast):
    filing = filing_in_state(State.RECTIFICATION_REQUIRED, **cast)
    with pytest.raises(services.FilingError, match="not responded"):
        services.verify_rectification(filing=filing, by=cast["supervisor"])


def test_a_reviewer_attempting_a_supervisors_action_is_told_it_is_their_role(cast):
    filing = filing_in_state(State.PENDING_APPROVAL, **cast)
    with pytest.raises(services.FilingError, match="role does not allow"):
        services.approve_filing(filing=filing, by=cast["reviewer"])


def test_an_action_from_the_wrong_state_names_the_current_state(cast):
    filing = filing_in_state(State.APPROVED, **cast)
    # A review action names the state of the office's review (it concluded) ...
    with pytest.raises(services.FilingError, match=str(ReviewState.CONCLUDED.label)):
        services.claim_filing(filing=filing, by=cast["reviewer"])
    # ... an action on the filing after the review names the filing's.
    with pytest.raises(services.FilingError, match=str(State.APPROVED.label)):
        services.accept_change(filing=filing, by=cast["supervisor"])


def test_regulator_cannot_comment_on_a_draft_they_cannot_see(cast):
    draft = filing_in_state(State.DRAFT, **cast)
    with pytest.raises(services.FilingError):
        services.comment_on_filing(filing=draft, by=cast["reviewer"], body="Hello")
    assert not Comment.objects.filter(filing=draft).exists()


def test_a_long_list_of_missing_items_says_how_many_more_there_are(cast):
    filing = filing_in_state(State.DRAFT, **cast)
    questions = list(filing.assessment.applicable_questions()[:13])
    message = incomplete_message([MissingItem(q, "answer") for q in questions])
    assert questions[9].code in message
    assert questions[10].code not in message
    assert "3 more" in message
