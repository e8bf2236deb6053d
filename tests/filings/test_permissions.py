"""Who may take which transition (docs/domain-rules.md#who-may-do-what), every persona against
every service.

The filing is ByteDance's security assessment of a Douyin feature: it is addressed to the
Beijing CAC and the Beijing public-security bureau. In the states after a claim it is assigned
to beijing_reviewer, who also made the proposal that waits in pending_approval.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.services import AssessmentError, sign_assessment
from filings import services
from filings.models import Decision, Filing, OfficeReview, State
from tests.builders import complete_assessment, filing_in_state
from tests.filings.test_lifecycle import (
    ACTIONS,
    ALLOWED,
    NUMBERED_REGIME_STATES,
    assert_refused,
    filing_for,
    pending_rejection,
    rectification_responded,
    reload,
)


@pytest.fixture
def cast(cast: dict[str, Any], one_office_regime: Any) -> dict[str, Any]:
    """One office reviews (tests/filings/conftest.py): the filing's state is its review's."""
    return {**cast, "regime": one_office_regime.code}


S = State

PERSONAS = [
    "douyin_officer",
    "bytedance_signatory",
    "wechat_officer",
    "beijing_reviewer",
    "second_beijing_reviewer",
    "beijing_supervisor",
    "second_beijing_supervisor",
    "beijing_psb_reviewer",
    "shanghai_reviewer",
    "cac_reviewer",
    "cac_supervisor",
    "admin",
]
OFFICER = {"douyin_officer"}
SUPERVISORS = {"beijing_supervisor", "second_beijing_supervisor"}
# Reviewers and supervisors of the office the filing is addressed to (the one-office regime:
# the Beijing CAC; joint reviews: tests/review/test_joint_review.py).
ADDRESSED = {"beijing_reviewer", "second_beijing_reviewer", *SUPERVISORS}
# The reviewer the filing is assigned to, or a supervisor.
HANDLING = {"beijing_reviewer", *SUPERVISORS}

# Section 3 (and section 5's "who" column), by service.
MAY: dict[str, set[str]] = {
    "submit": OFFICER,
    "withdraw": OFFICER,
    "claim": ADDRESSED,
    "assign": SUPERVISORS,
    "return": HANDLING,
    "propose": HANDLING,
    "approve": SUPERVISORS,  # neither proposed it: the proposal is beijing_reviewer's
    "reject": SUPERVISORS,
    # A second supervisor sends it back; the proposer (beijing_reviewer) may take it back.
    "send_back": {"beijing_reviewer", *SUPERVISORS},
    "order_rectification": ADDRESSED,
    "respond_to_rectification": OFFICER,
    "verify_rectification": SUPERVISORS,
    "file_change": OFFICER,
    "accept_change": SUPERVISORS,
    "refuse_change": SUPERVISORS,
    "file_cancellation": OFFICER,
    "accept_cancellation": SUPERVISORS,
    "refuse_cancellation": SUPERVISORS,
    "revoke": SUPERVISORS,
}
# Each service is tried in the first state the design allows it from.
HOME = {name: next(iter(moves)) for name, moves in ALLOWED.items()}

PERMITTED = [
    pytest.param(action, persona, id=f"{persona}-may-{action}")
    for action in ACTIONS
    for persona in PERSONAS
    if persona in MAY[action]
]
REFUSED = [
    pytest.param(action, persona, id=f"{persona}-may-not-{action}")
    for action in ACTIONS
    for persona in PERSONAS
    if persona not in MAY[action]
]


@pytest.fixture(autouse=True)
def everyone(request: pytest.FixtureRequest) -> None:
    """Every persona exists from the start: offices are staffed as in life (a supervisor's
    proposal goes to the office's second supervisor, not to the supervising office)."""
    for name in PERSONAS:
        request.getfixturevalue(name)


def persona(request: pytest.FixtureRequest, name: str) -> Any:
    return request.getfixturevalue(name)


# --- Every persona against every service ---------------------------------------------------
def test_every_service_has_its_people() -> None:
    assert set(MAY) == set(ACTIONS)


@pytest.mark.parametrize(("action", "who"), PERMITTED)
def test_role_the_design_names_can_take_the_transition(
    request: pytest.FixtureRequest, cast: dict[str, Any], action: str, who: str
) -> None:
    state = HOME[action]
    filing = filing_for(action, state, cast)

    ACTIONS[action].run(filing, persona(request, who), cast)

    assert reload(filing).state == ALLOWED[action][state]


@pytest.mark.parametrize(("action", "who"), REFUSED)
def test_any_other_role_is_refused_the_transition(
    request: pytest.FixtureRequest, cast: dict[str, Any], action: str, who: str
) -> None:
    filing = filing_for(action, HOME[action], cast)
    user = persona(request, who)

    assert_refused(lambda: ACTIONS[action].run(filing, user, cast), filing)


# --- The cases that matter most, by name ---------------------------------------------------
def test_officer_cannot_approve_own_operators_filing(cast: dict[str, Any]) -> None:
    filing = filing_in_state(S.PENDING_APPROVAL, **cast)

    assert_refused(
        lambda: services.approve_filing(filing=filing, by=cast["officer"]),
        filing,
        match="Your role does not allow",
    )


def test_officer_of_another_operator_cannot_submit_or_withdraw_douyins_filing(
    cast: dict[str, Any], wechat_officer: Any
) -> None:
    filing = filing_for("submit", S.DRAFT, cast)

    for call in (services.submit_filing, services.withdraw_filing):
        assert_refused(lambda c=call: c(filing=filing, by=wechat_officer), filing)


def test_signatory_signs_the_assessment_but_cannot_submit_the_filing(
    cast: dict[str, Any],
) -> None:
    filing = filing_in_state(S.DRAFT, **cast)
    complete_assessment(filing.assessment, cast["officer"])
    with pytest.raises(AssessmentError):
        sign_assessment(assessment=filing.assessment, by=cast["officer"])
    sign_assessment(assessment=filing.assessment, by=cast["signatory"])

    assert_refused(
        lambda: services.submit_filing(filing=filing, by=cast["signatory"]),
        filing,
        match="Your role does not allow",
    )


def test_beijing_psb_reviewer_is_addressed_and_can_claim_a_beijing_security_assessment(
    cast: dict[str, Any], beijing_cac: Any, beijing_psb: Any, beijing_psb_reviewer: Any
) -> None:
    filing = filing_in_state(S.SUBMITTED, **{**cast, "regime": "cn-security-assessment"})
    assert filing.authority_ids == {beijing_cac.pk, beijing_psb.pk}

    services.claim_filing(filing=filing, by=beijing_psb_reviewer)

    assert reload(filing).state == S.UNDER_REVIEW
    review = OfficeReview.objects.get(filing=filing, authority=beijing_psb)
    assert (review.state, review.assignee) == ("under_review", beijing_psb_reviewer)


def test_reviewer_of_another_authority_can_do_nothing_with_the_filing(
    cast: dict[str, Any], shanghai_reviewer: Any
) -> None:
    filing = filing_in_state(S.SUBMITTED, **cast)

    assert_refused(lambda: services.claim_filing(filing=filing, by=shanghai_reviewer), filing)
    assert filing.available_actions(shanghai_reviewer) == []


@pytest.mark.parametrize("state", NUMBERED_REGIME_STATES)
def test_admin_may_take_no_decision_in_any_state(
    cast: dict[str, Any], admin: Any, state: str
) -> None:
    filing = filing_in_state(state, **cast)

    assert offered_to(filing, admin) == set()
    for action in ACTIONS.values():
        assert_refused(lambda a=action: a.run(filing, admin, cast), filing)


@pytest.mark.parametrize(
    "action",
    [
        "approve",
        "assign",
        "revoke",
        "verify_rectification",
        "accept_change",
        "refuse_change",
        "accept_cancellation",
        "refuse_cancellation",
    ],
)
def test_reviewer_cannot_take_supervisor_only_actions(cast: dict[str, Any], action: str) -> None:
    filing = filing_for(action, HOME[action], cast)

    assert_refused(
        lambda: ACTIONS[action].run(filing, cast["reviewer"], cast),
        filing,
        match="Your role does not allow",
    )


def test_second_reviewer_cannot_return_or_propose_on_a_filing_another_reviewer_claimed(
    cast: dict[str, Any], second_beijing_reviewer: Any
) -> None:
    filing = filing_in_state(S.UNDER_REVIEW, **cast)
    assert OfficeReview.objects.get(filing=filing).assignee == cast["reviewer"]

    for action in ("return", "propose"):
        assert_refused(
            lambda a=action: ACTIONS[a].run(filing, second_beijing_reviewer, cast),
            filing,
            match="Your role does not allow",
        )


def test_supervisor_cannot_assign_a_reviewer_of_another_authority(
    cast: dict[str, Any], shanghai_reviewer: Any
) -> None:
    filing = filing_in_state(S.SUBMITTED, **cast)

    assert_refused(
        lambda: services.assign_filing(
            filing=filing, by=cast["supervisor"], reviewer=shanghai_reviewer
        ),
        filing,
        match="not a reviewer of your office",
    )


# --- Four eyes -----------------------------------------------------------------------------
@pytest.fixture
def supervisors_proposal(cast: dict[str, Any]) -> Filing:
    """A filing that beijing_supervisor claimed and proposed to approve."""
    filing = filing_in_state(S.SUBMITTED, **cast)
    services.claim_filing(filing=filing, by=cast["supervisor"])
    services.propose_decision(filing=filing, by=cast["supervisor"], kind="approve", reasons="OK")
    return reload(filing)


def test_supervisor_cannot_approve_their_own_proposal(
    cast: dict[str, Any], supervisors_proposal: Filing
) -> None:
    filing = supervisors_proposal

    assert_refused(
        lambda: services.approve_filing(filing=filing, by=cast["supervisor"]),
        filing,
        match="Your role does not allow",
    )
    # They may only take it back (with reasons); another supervisor confirms.
    assert offered_to(filing, cast["supervisor"]) == {"send_back"}


def test_another_supervisor_can_approve_a_supervisors_proposal(
    cast: dict[str, Any], supervisors_proposal: Filing, second_beijing_supervisor: Any
) -> None:
    filing = supervisors_proposal

    services.approve_filing(filing=filing, by=second_beijing_supervisor)

    assert reload(filing).state == S.APPROVED
    decision = filing.decisions.get()
    assert decision.escalated_to is None
    assert (decision.proposed_by, decision.decided_by) == (
        cast["supervisor"],
        second_beijing_supervisor,
    )


def test_database_refuses_a_decision_confirmed_by_its_own_proposer(
    cast: dict[str, Any],
) -> None:
    filing = filing_in_state(S.SUBMITTED, **cast)
    supervisor = cast["supervisor"]
    decision = Decision.objects.create(
        filing=filing,
        review=OfficeReview.objects.get(filing=filing),
        kind="approve",
        reasons="Fine.",
        proposed_by=supervisor,
        proposed_at=timezone.now(),
    )
    decision.outcome = Decision.Outcome.CONFIRMED
    decision.decided_by, decision.decided_at = supervisor, timezone.now()

    with pytest.raises(IntegrityError), transaction.atomic():
        decision.save()


# --- What the page offers ------------------------------------------------------------------
ALL_REVIEWERS = ("beijing_reviewer", "second_beijing_reviewer")


def each(people: Any, *transitions: str) -> dict[str, frozenset[str]]:
    return {who: frozenset(transitions) for who in people}


# What each persona is offered in each state of the builder's filing; anyone not named is
# offered nothing.
OFFERED: dict[str, dict[str, Any]] = {
    S.DRAFT: {"douyin_officer": {"submit", "withdraw"}},
    S.SUBMITTED: {
        "douyin_officer": {"withdraw"},
        **each(ALL_REVIEWERS, "claim"),
        **each(SUPERVISORS, "claim", "assign"),
    },
    S.UNDER_REVIEW: {
        "beijing_reviewer": {"return_for_correction", "propose"},
        **each(SUPERVISORS, "return_for_correction", "propose", "assign"),
    },
    S.RETURNED: {"douyin_officer": {"submit"}},
    # The proposer (beijing_reviewer) may take the proposal back; a supervisor confirms.
    S.PENDING_APPROVAL: {
        "beijing_reviewer": {"send_back"},
        **each(SUPERVISORS, "confirm", "send_back"),
    },
    S.APPROVED: {
        "douyin_officer": {"file_change", "file_cancellation"},
        **each(ALL_REVIEWERS, "order_rectification"),
        **each(SUPERVISORS, "order_rectification", "revoke"),
    },
    # Nothing to verify until the operator has responded.
    S.RECTIFICATION_REQUIRED: each(SUPERVISORS, "revoke"),
    S.CHANGE_PENDING: each(SUPERVISORS, "accept_change", "refuse_change", "revoke"),
    S.CANCELLATION_PENDING: each(
        SUPERVISORS, "accept_cancellation", "refuse_cancellation", "revoke"
    ),
    S.REJECTED: {},
    S.CANCELLED: {},
    S.REVOKED: {},
    S.WITHDRAWN: {},
}


def offered_to(filing: Filing, user: Any) -> set[str]:
    """What the pages offer `user`: the filing's transitions and their office's review's."""
    filing = reload(filing)
    names = {t.name for t in filing.available_actions(user)}
    for review in OfficeReview.objects.filter(filing=filing):
        names |= {t.name for t in review.available_actions(user)}
    return names


def offered(request: pytest.FixtureRequest, filing: Filing) -> dict[str, set[str]]:
    found = {who: offered_to(filing, persona(request, who)) for who in PERSONAS}
    return {who: names for who, names in found.items() if names}


@pytest.mark.parametrize("state", NUMBERED_REGIME_STATES)
def test_available_actions_offer_exactly_what_each_persona_may_do(
    request: pytest.FixtureRequest, cast: dict[str, Any], state: str
) -> None:
    filing = filing_in_state(state, **cast)

    assert offered(request, filing) == OFFERED[state]


def test_supervisor_is_offered_reject_when_the_proposal_is_to_reject(
    request: pytest.FixtureRequest, cast: dict[str, Any]
) -> None:
    filing = pending_rejection(cast)

    assert offered(request, filing) == {
        "beijing_reviewer": {"send_back"},
        **each(SUPERVISORS, "confirm", "send_back"),
    }


def test_supervisor_is_offered_verification_once_the_operator_responded(
    request: pytest.FixtureRequest, cast: dict[str, Any]
) -> None:
    filing = rectification_responded(cast)

    assert offered(request, filing) == each(SUPERVISORS, "verify_rectification", "revoke")


def test_every_transition_is_carried_out_by_a_service() -> None:
    services_transitions = {a.transition for a in ACTIONS.values() if a.transition}
    # The review's own moves (`open_stage`, `resume`) follow the filer or an earlier stage:
    # submit_filing and the confirmation of the earlier stage take them.
    internal = {"open_stage", "resume"}
    model_transitions = {t.name for t in Filing().get_all_state_transitions()} | {
        t.name for t in OfficeReview().get_all_state_transitions() if t.name not in internal
    }
    offered_anywhere = {n for by_state in OFFERED.values() for ns in by_state.values() for n in ns}

    assert services_transitions == model_transitions
    assert offered_anywhere <= model_transitions
