"""The builder reaches every filing state, each on a regime that has it.

A security assessment ends in the offices' written conclusions (concluded, re-assessment or
rectification ordered); the numbered states (approved and what follows a number, rejected)
belong to the algorithm filing, whose national CAC issues the number. Together the two
regimes cover every state.

The algorithm filing is driven by the national CAC's people, whose office decides it (files or
does not file, accepts a cancellation, revokes); the Beijing CAC's first review is passed by
the builder on the way."""

import pytest

from filings.models import State
from tests.builders import filing_in_state

S = State
SHARED = {S.DRAFT, S.WITHDRAWN, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED, S.PENDING_APPROVAL}
BY_REGIME = {
    "cn-security-assessment": SHARED
    | {S.CONCLUDED, S.REASSESSMENT_REQUIRED, S.RECTIFICATION_REQUIRED},
    "cn-algorithm-filing": SHARED
    | {
        S.APPROVED,
        S.REJECTED,
        S.RECTIFICATION_REQUIRED,
        S.CHANGE_PENDING,
        S.CANCELLATION_PENDING,
        S.CANCELLED,
        S.REVOKED,
    },
}
CASES = sorted((regime, state) for regime, states in BY_REGIME.items() for state in states)


def test_the_regimes_between_them_have_every_state():
    assert set().union(*BY_REGIME.values()) == set(State.values)


@pytest.mark.parametrize(("regime", "state"), CASES)
def test_builder_reaches_every_state(cast, cac_reviewer, cac_supervisor, regime, state):
    people = {"regime": regime}
    if regime == "cn-algorithm-filing":
        people.update(reviewer=cac_reviewer, supervisor=cac_supervisor)
    filing = filing_in_state(state, **{**cast, **people})
    assert filing.state == state
    assert filing.regime.code == regime
