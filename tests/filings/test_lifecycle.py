"""The filing's life (docs/domain-rules.md#the-filings-life), checked against the rules as
written rather than the code.

`DESIGN` below is the design's table of transitions written out by hand, one service at a time.
The tests take every (state, service) pair: the pairs in the table succeed, with the actor
docs/domain-rules.md#who-may-do-what names, and land where the table says; every other pair is
refused and leaves no trace.
`ACTIONS` and the helpers here are shared with test_permissions and test_concurrency.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Max
from django.utils import timezone

from assessments.models import Answer, Evidence, Question
from assessments.services import missing_items, sign_assessment, snapshot, snapshot_hash
from audit.models import AuditEvent
from filings import services
from filings.models import (
    Comment,
    Deadline,
    DeadlineKind,
    DeadlinePause,
    Decision,
    Filing,
    FilingRevision,
    OfficeReview,
    OutboxMessage,
    RectificationOrder,
    State,
)
from filings.services import FilingError
from tests.builders import complete_assessment, filing_in_state
from workcalendar.calendar import working_days_between


@pytest.fixture
def cast(cast: dict[str, Any], one_office_regime: Any) -> dict[str, Any]:
    """One office reviews (tests/filings/conftest.py): the filing's state is its review's."""
    return {**cast, "regime": one_office_regime.code}


S = State
FILING_NUMBER = re.compile(r"^网信算备\d{21}号$")


# --- The services, each called as the design's actor would call it --------------------------
def a_question(filing: Filing) -> Question:
    return Question.objects.filter(section__template=filing.template).order_by("pk").first()


def in_20_days() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=20)


@dataclass(frozen=True)
class Action:
    name: str  # as the design says it
    # The model's transition, as Filing.available_actions() or (the review's own actions)
    # OfficeReview.available_actions() names it.
    transition: str
    verb: str  # the audit trail records "filing.<verb>"
    actor: str  # who takes it in the design: a key of the `cast` fixture
    run: Callable[[Filing, Any, dict[str, Any]], Any]  # (filing, by, cast)

    def __str__(self) -> str:
        return self.name


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            "submit",
            "submit",
            "submitted",
            "officer",
            lambda f, by, c: services.submit_filing(filing=f, by=by),
        ),
        Action(
            "withdraw",
            "withdraw",
            "withdrawn",
            "officer",
            lambda f, by, c: services.withdraw_filing(filing=f, by=by, reason="Feature dropped."),
        ),
        Action(
            "claim",
            "claim",
            "claimed",
            "reviewer",
            lambda f, by, c: services.claim_filing(filing=f, by=by),
        ),
        Action(
            "assign",
            "assign",
            "assigned",
            "supervisor",
            lambda f, by, c: services.assign_filing(filing=f, by=by, reviewer=c["reviewer"]),
        ),
        Action(
            "return",
            "return_for_correction",
            "returned",
            "reviewer",
            lambda f, by, c: services.return_filing(
                filing=f, by=by, reasons=[(a_question(f), "The evidence is illegible.")]
            ),
        ),
        Action(
            "propose",
            "propose",
            "decision_proposed",
            "reviewer",
            lambda f, by, c: services.propose_decision(
                filing=f, by=by, kind="approve", reasons="Every control is in place."
            ),
        ),
        Action(
            "approve",
            "confirm",
            "approved",
            "supervisor",
            lambda f, by, c: services.approve_filing(filing=f, by=by),
        ),
        Action(
            "reject",
            "confirm",
            "rejected",
            "supervisor",
            lambda f, by, c: services.reject_filing(filing=f, by=by, reasons="Controls fail."),
        ),
        Action(
            "send_back",
            "send_back",
            "sent_back",
            "supervisor",
            lambda f, by, c: services.send_back_proposal(
                filing=f, by=by, reasons="Look at section E again."
            ),
        ),
        Action(
            "order_rectification",
            "order_rectification",
            "rectification_ordered",
            "reviewer",
            lambda f, by, c: services.order_rectification(
                filing=f, by=by, items=["Label every output."], due_date=in_20_days()
            ),
        ),
        Action(
            "respond_to_rectification",
            "",  # not a transition: the filing stays in rectification_required
            "rectification_responded",
            "officer",
            lambda f, by, c: services.respond_to_rectification(
                filing=f, by=by, response="Labels added; see the new evidence."
            ),
        ),
        Action(
            "verify_rectification",
            "verify_rectification",
            "rectification_verified",
            "supervisor",
            lambda f, by, c: services.verify_rectification(filing=f, by=by),
        ),
        Action(
            "file_change",
            "file_change",
            "change_filed",
            "officer",
            lambda f, by, c: services.file_change(
                filing=f, by=by, description="Adds voice cloning."
            ),
        ),
        Action(
            "accept_change",
            "accept_change",
            "change_accepted",
            "supervisor",
            lambda f, by, c: services.accept_change(filing=f, by=by),
        ),
        Action(
            "refuse_change",
            "refuse_change",
            "change_refused",
            "supervisor",
            lambda f, by, c: services.refuse_change(
                filing=f, by=by, reasons="The new model's consent records are missing."
            ),
        ),
        Action(
            "file_cancellation",
            "file_cancellation",
            "cancellation_filed",
            "officer",
            lambda f, by, c: services.file_cancellation(filing=f, by=by, reason="Service ends."),
        ),
        Action(
            "accept_cancellation",
            "accept_cancellation",
            "cancellation_accepted",
            "supervisor",
            lambda f, by, c: services.accept_cancellation(filing=f, by=by),
        ),
        Action(
            "refuse_cancellation",
            "refuse_cancellation",
            "cancellation_refused",
            "supervisor",
            lambda f, by, c: services.refuse_cancellation(
                filing=f, by=by, reasons="The service is still reachable."
            ),
        ),
        Action(
            "revoke",
            "revoke",
            "revoked",
            "supervisor",
            lambda f, by, c: services.revoke_filing(filing=f, by=by, reasons="Serious breaches."),
        ),
    ]
}

# The design's table, by service: {from state: to state}. Written from the rules, not the code.
DESIGN: dict[str, dict[str, str]] = {
    # After a return the office's review goes on: the filing is under review again at once.
    "submit": {S.DRAFT: S.SUBMITTED, S.RETURNED: S.UNDER_REVIEW},
    "withdraw": {S.DRAFT: S.WITHDRAWN, S.SUBMITTED: S.WITHDRAWN},
    "claim": {S.SUBMITTED: S.UNDER_REVIEW},
    "assign": {S.SUBMITTED: S.UNDER_REVIEW},
    "return": {S.UNDER_REVIEW: S.RETURNED},
    "propose": {S.UNDER_REVIEW: S.PENDING_APPROVAL},
    "approve": {S.PENDING_APPROVAL: S.APPROVED},
    "reject": {S.PENDING_APPROVAL: S.REJECTED},
    "send_back": {S.PENDING_APPROVAL: S.UNDER_REVIEW},
    "order_rectification": {S.APPROVED: S.RECTIFICATION_REQUIRED},
    # "the operator responds with evidence": an act within the state, not a transition.
    "respond_to_rectification": {S.RECTIFICATION_REQUIRED: S.RECTIFICATION_REQUIRED},
    "verify_rectification": {S.RECTIFICATION_REQUIRED: S.APPROVED},
    "file_change": {S.APPROVED: S.CHANGE_PENDING},
    "accept_change": {S.CHANGE_PENDING: S.APPROVED},
    # "approved -> cancelled: officer files a cancellation / supervisor accepts": two people,
    # so two steps, with cancellation_pending between them as change_pending is for a change.
    "file_cancellation": {S.APPROVED: S.CANCELLATION_PENDING},
    "accept_cancellation": {S.CANCELLATION_PENDING: S.CANCELLED},
    "revoke": {S.APPROVED: S.REVOKED},
}
# Where the code allows more than the design's table. Each is a fair reading of who may do
# what, listed apart so the difference stays deliberate; docs/domain-rules.md#the-filings-life
# describes them with the rest.
EXTENSIONS: dict[str, dict[str, str]] = {
    # Issue #13: the office may refuse a change or a cancellation, with reasons; the filing
    # stands as it was filed.
    "refuse_change": {S.CHANGE_PENDING: S.APPROVED},
    "refuse_cancellation": {S.CANCELLATION_PENDING: S.APPROVED},
    # Section 3: a supervisor may "assign", without limit to the first assignment: a filing
    # under review can be reassigned (the reviewer is away).
    "assign": {S.UNDER_REVIEW: S.UNDER_REVIEW},
    # A filing that carries a number and is under an order or a pending change or
    # cancellation is still an approved filing; revocation does not wait for those to end.
    "revoke": {
        S.RECTIFICATION_REQUIRED: S.REVOKED,
        S.CHANGE_PENDING: S.REVOKED,
        S.CANCELLATION_PENDING: S.REVOKED,
    },
}
ALLOWED: dict[str, dict[str, str]] = {
    name: {**DESIGN.get(name, {}), **EXTENSIONS.get(name, {})} for name in ACTIONS
}
ALLOWED_PAIRS = [
    pytest.param(name, source, target, id=f"{name}-from-{source}")
    for name, moves in ALLOWED.items()
    for source, target in moves.items()
]
# A filing with a number never reaches the states of a written conclusion (concluded,
# re-assessment ordered): tests/review/test_joint_review.py walks those.
NUMBERED_REGIME_STATES = [s for s in S.values if s not in (S.CONCLUDED, S.REASSESSMENT_REQUIRED)]
FORBIDDEN_PAIRS = [
    pytest.param(name, state, id=f"{name}-from-{state}")
    for name in ACTIONS
    for state in NUMBERED_REGIME_STATES
    if state not in ALLOWED[name]
]


# --- Building filings and looking at what changed ------------------------------------------
def reload(filing: Filing) -> Filing:
    return Filing.objects.get(pk=filing.pk)


def pending_rejection(cast: dict[str, Any]) -> Filing:
    """pending_approval with a proposal to reject (the builder's proposal is to approve)."""
    filing = filing_in_state(S.UNDER_REVIEW, **cast)
    services.propose_decision(filing=filing, by=cast["reviewer"], kind="reject", reasons="No.")
    return reload(filing)


def rectification_responded(cast: dict[str, Any]) -> Filing:
    filing = filing_in_state(S.RECTIFICATION_REQUIRED, **cast)
    services.respond_to_rectification(filing=filing, by=cast["officer"], response="Done.")
    return reload(filing)


def ready_draft(cast: dict[str, Any]) -> Filing:
    """A draft whose assessment is complete and signed: only the submission is left."""
    filing = filing_in_state(S.DRAFT, **cast)
    complete_assessment(filing.assessment, cast["officer"])
    sign_assessment(assessment=filing.assessment, by=cast["signatory"])
    return reload(filing)


def filing_for(action: str, state: str, cast: dict[str, Any]) -> Filing:
    """A filing in `state`, with what the action needs there besides the state."""
    if state == S.DRAFT:
        return ready_draft(cast)
    if action == "reject" and state == S.PENDING_APPROVAL:
        return pending_rejection(cast)
    if action == "verify_rectification" and state == S.RECTIFICATION_REQUIRED:
        return rectification_responded(cast)
    return filing_in_state(state, **cast)


def footprint(filing: Filing) -> dict[str, Any]:
    """Everything a transition could leave behind."""
    filing = reload(filing)
    return {
        "state": filing.state,
        "reviews": list(
            OfficeReview.objects.filter(filing=filing).values_list("state", "assignee_id")
        ),
        "filing_number": filing.filing_number,
        "decided_at": filing.decided_at,
        "audit_events": AuditEvent.objects.count(),
        "outbox_messages": OutboxMessage.objects.count(),
        "revisions": FilingRevision.objects.filter(filing=filing).count(),
        "decisions": list(Decision.objects.filter(filing=filing).values_list("outcome", "pk")),
        "orders": list(
            RectificationOrder.objects.filter(filing=filing).values_list("status", "pk")
        ),
        "deadlines": list(
            Deadline.objects.filter(filing=filing).values_list("kind", "status", "paused_since")
        ),
    }


def assert_refused(call: Callable[[], Any], filing: Filing, match: str | None = None) -> None:
    """The call raises FilingError and nothing about the filing changes."""
    before = footprint(filing)
    with pytest.raises(FilingError, match=match):
        call()
    assert footprint(filing) == before


def last_pk(model: Any) -> int:
    return model.objects.aggregate(last=Max("pk"))["last"] or 0


def trail_since(events_after: int, messages_after: int) -> tuple[list[Any], list[Any]]:
    events = [
        (e.action, e.filing_id, e.actor_id)
        for e in AuditEvent.objects.filter(pk__gt=events_after).order_by("pk")
    ]
    messages = [
        (m.topic, m.payload["filing_id"], m.payload["action"], m.payload["actor_id"])
        for m in OutboxMessage.objects.filter(pk__gt=messages_after).order_by("pk")
    ]
    return events, messages


def review_deadline(filing: Filing) -> Deadline:
    return Deadline.objects.get(filing=filing, kind=DeadlineKind.REVIEW, status="open")


# --- The table -----------------------------------------------------------------------------
def test_every_service_and_state_is_in_the_table() -> None:
    assert set(DESIGN) | set(EXTENSIONS) == set(ACTIONS)
    for moves in ALLOWED.values():
        assert set(moves) | set(moves.values()) <= set(S.values)


@pytest.mark.parametrize(("action", "source", "target"), ALLOWED_PAIRS)
def test_allowed_transition_lands_in_its_target_state_with_one_audit_event_and_message(
    cast: dict[str, Any], action: str, source: str, target: str
) -> None:
    step = ACTIONS[action]
    filing = filing_for(action, source, cast)
    by = cast[step.actor]
    events_after, messages_after = last_pk(AuditEvent), last_pk(OutboxMessage)

    step.run(filing, by, cast)

    assert reload(filing).state == target
    verb = "resubmitted" if (action, source) == ("submit", S.RETURNED) else step.verb
    events, messages = trail_since(events_after, messages_after)
    assert events == [(f"filing.{verb}", filing.pk, by.pk)]
    assert messages == [("filing.event", filing.pk, verb, by.pk)]


@pytest.mark.parametrize(("action", "state"), FORBIDDEN_PAIRS)
def test_transition_outside_the_table_is_refused_and_changes_nothing(
    cast: dict[str, Any], action: str, state: str
) -> None:
    step = ACTIONS[action]
    filing = filing_for(action, state, cast)
    assert_refused(lambda: step.run(filing, cast[step.actor], cast), filing)


# --- Submitting ----------------------------------------------------------------------------
def test_submitting_freezes_a_revision_with_its_sha256_and_starts_the_review_clock(
    cast: dict[str, Any],
) -> None:
    filing = ready_draft(cast)

    revision = services.submit_filing(filing=filing, by=cast["officer"])

    filing = reload(filing)
    assert (revision.number, revision.kind) == (1, FilingRevision.Kind.SUBMISSION)
    assert revision.submitted_by == cast["officer"]
    assert re.fullmatch(r"[0-9a-f]{64}", revision.sha256)
    assert revision.sha256 == snapshot_hash(revision.snapshot)
    assert revision.snapshot == snapshot(filing.assessment)
    assert filing.first_submitted_at == filing.last_submitted_at is not None
    clock = review_deadline(filing)
    assert (clock.anchor_date, clock.paused_since) == (timezone.localdate(), None)
    assert clock.due_date > timezone.localdate()
    assert not Deadline.objects.filter(filing=filing, kind=DeadlineKind.FILING, status="open")
    event = AuditEvent.objects.get(filing_id=filing.pk, action="filing.submitted")
    assert event.revision_hash == revision.sha256


def test_submitting_an_unsigned_assessment_is_refused(cast: dict[str, Any]) -> None:
    filing = filing_in_state(S.DRAFT, **cast)
    complete_assessment(filing.assessment, cast["officer"])

    assert_refused(
        lambda: services.submit_filing(filing=filing, by=cast["officer"]),
        filing,
        match="must be signed",
    )


def test_submitting_an_incomplete_assessment_is_refused_naming_what_is_missing(
    cast: dict[str, Any],
) -> None:
    filing = filing_in_state(S.DRAFT, **cast)
    complete_assessment(filing.assessment, cast["officer"])
    sign_assessment(assessment=filing.assessment, by=cast["signatory"])
    # After signing, an answer is emptied and a piece of evidence removed (as a bad import
    # or a direct edit might): the submission checks again rather than trust the signature.
    answers = Answer.objects.filter(assessment=filing.assessment, question__required=True)
    blanked = answers.filter(question__evidence_required=False).order_by("pk").first()
    Answer.objects.filter(pk=blanked.pk).update(value=None)
    stripped = Evidence.objects.filter(answer__assessment=filing.assessment).order_by("pk").first()
    stripped_code = stripped.answer.question.code
    stripped.delete()
    assert len(missing_items(filing.assessment)) == 2

    with pytest.raises(FilingError) as refused:
        services.submit_filing(filing=filing, by=cast["officer"])

    message = str(refused.value)
    assert f"{blanked.question.code} needs an answer." in message
    assert f"{stripped_code} needs evidence." in message
    assert reload(filing).state == S.DRAFT
    assert not FilingRevision.objects.filter(filing=filing).exists()


def test_resubmitting_after_a_return_creates_revision_2_and_resumes_the_review_clock(
    cast: dict[str, Any],
) -> None:
    filing = filing_in_state(S.RETURNED, **cast)
    clock = review_deadline(filing)
    assert clock.paused_since == timezone.localdate()
    # The filing was returned two weeks ago: the clock stood still for those working days.
    two_weeks_ago = timezone.localdate() - dt.timedelta(days=14)
    Deadline.objects.filter(pk=clock.pk).update(paused_since=two_weeks_ago)
    DeadlinePause.objects.filter(deadline=clock).update(started_on=two_weeks_ago)

    revision = services.submit_filing(filing=filing, by=cast["officer"])

    assert (revision.number, revision.kind) == (2, FilingRevision.Kind.RESUBMISSION)
    resumed = review_deadline(filing)
    assert resumed.pk == clock.pk
    assert resumed.paused_since is None
    paused = working_days_between(two_weeks_ago, timezone.localdate())
    assert resumed.paused_working_days == paused > 0
    assert resumed.due_date > clock.due_date
    assert list(resumed.pauses.values_list("started_on", "ended_on")) == [
        (two_weeks_ago, timezone.localdate())
    ]
    assert not Comment.objects.filter(
        filing=filing, kind=Comment.Kind.RETURN_REASON, answered_at__isnull=True
    ).exists()


# --- Withdrawing ---------------------------------------------------------------------------
def test_withdrawing_a_submitted_filing_stops_the_review_clock(cast: dict[str, Any]) -> None:
    filing = filing_in_state(S.SUBMITTED, **cast)

    services.withdraw_filing(filing=filing, by=cast["officer"])

    assert reload(filing).state == S.WITHDRAWN
    assert not Deadline.objects.filter(filing=filing, status="open").exists()


# --- Returning -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "reasons",
    [pytest.param([], id="none"), pytest.param([(None, "   ")], id="blank")],
)
def test_returning_needs_at_least_one_reason(cast: dict[str, Any], reasons: list[Any]) -> None:
    filing = filing_in_state(S.UNDER_REVIEW, **cast)

    assert_refused(
        lambda: services.return_filing(filing=filing, by=cast["reviewer"], reasons=reasons),
        filing,
        match="at least one reason",
    )


def test_returning_with_a_question_of_another_questionnaire_is_refused(
    cast: dict[str, Any],
) -> None:
    filing = filing_in_state(S.UNDER_REVIEW, **cast)
    foreign = Question.objects.exclude(section__template=filing.template).first()

    assert_refused(
        lambda: services.return_filing(
            filing=filing, by=cast["reviewer"], reasons=[(foreign, "Unclear.")]
        ),
        filing,
        match="not in this filing's questionnaire",
    )


def test_returning_records_the_reasons_per_question_and_pauses_the_review_clock(
    cast: dict[str, Any],
) -> None:
    filing = filing_in_state(S.UNDER_REVIEW, **cast)
    question = a_question(filing)

    services.return_filing(
        filing=filing,
        by=cast["reviewer"],
        reasons=[(question, "The log retention is not stated."), (None, "Sign again.")],
    )

    assert reload(filing).state == S.RETURNED
    reasons = Comment.objects.filter(filing=filing, kind=Comment.Kind.RETURN_REASON)
    assert sorted((c.question_id or 0, c.body) for c in reasons) == [
        (0, "Sign again."),
        (question.pk, "The log retention is not stated."),
    ]
    clock = review_deadline(filing)
    assert clock.paused_since == timezone.localdate()
    assert clock.pauses.get().ended_on is None


# --- Proposing and deciding ----------------------------------------------------------------
def test_proposing_a_decision_needs_reasons(cast: dict[str, Any]) -> None:
    filing = filing_in_state(S.UNDER_REVIEW, **cast)

    assert_refused(
        lambda: services.propose_decision(
            filing=filing, by=cast["reviewer"], kind="approve", reasons="  "
        ),
        filing,
        match="Reasons are required",
    )


def test_proposing_an_unknown_kind_of_decision_is_refused(cast: dict[str, Any]) -> None:
    filing = filing_in_state(S.UNDER_REVIEW, **cast)

    assert_refused(
        lambda: services.propose_decision(
            filing=filing, by=cast["reviewer"], kind="approve_with_conditions", reasons="Fine."
        ),
        filing,
    )


def test_proposing_creates_a_pending_decision_for_a_supervisor(cast: dict[str, Any]) -> None:
    filing = filing_in_state(S.UNDER_REVIEW, **cast)

    decision = services.propose_decision(
        filing=filing, by=cast["reviewer"], kind="reject", reasons="Controls fail."
    )

    assert reload(filing).state == S.PENDING_APPROVAL
    assert decision.outcome == Decision.Outcome.PENDING
    assert (decision.kind, decision.reasons) == ("reject", "Controls fail.")
    assert decision.proposed_by == cast["reviewer"]
    assert OfficeReview.objects.get(filing=filing).open_proposal == decision


def test_approving_issues_a_filing_number_and_meets_the_review_deadline(
    cast: dict[str, Any],
) -> None:
    filing = filing_in_state(S.PENDING_APPROVAL, **cast)
    proposal = OfficeReview.objects.get(filing=filing).open_proposal

    services.approve_filing(filing=filing, by=cast["supervisor"])

    filing = reload(filing)
    assert filing.state == S.APPROVED
    assert FILING_NUMBER.match(filing.filing_number)
    assert filing.decided_at is not None
    assert Deadline.objects.get(filing=filing, kind=DeadlineKind.REVIEW).status == "met"
    proposal.refresh_from_db()
    assert (proposal.outcome, proposal.decided_by) == ("confirmed", cast["supervisor"])
    event = AuditEvent.objects.get(filing_id=filing.pk, action="filing.approved")
    assert event.data["filing_number"] == filing.filing_number


def test_rejecting_confirms_the_proposal_and_ends_the_clocks(cast: dict[str, Any]) -> None:
    filing = pending_rejection(cast)

    services.reject_filing(filing=filing, by=cast["supervisor"], reasons="Controls fail.")

    filing = reload(filing)
    assert (filing.state, filing.filing_number) == (S.REJECTED, None)
    assert filing.decisions.get().outcome == Decision.Outcome.CONFIRMED
    assert not Deadline.objects.filter(filing=filing, status="open").exists()


def test_sending_back_closes_the_proposal_and_lets_the_reviewer_propose_again(
    cast: dict[str, Any],
) -> None:
    filing = filing_in_state(S.PENDING_APPROVAL, **cast)

    services.send_back_proposal(filing=filing, by=cast["supervisor"], reasons="Check E3.")
    assert reload(filing).state == S.UNDER_REVIEW
    assert filing.decisions.get().outcome == Decision.Outcome.SENT_BACK

    services.propose_decision(filing=filing, by=cast["reviewer"], kind="reject", reasons="E3.")
    assert reload(filing).state == S.PENDING_APPROVAL


def approved(cast: dict[str, Any]) -> Filing:
    return filing_in_state(S.APPROVED, **cast)


def pending_approval(cast: dict[str, Any]) -> Filing:
    return filing_in_state(S.PENDING_APPROVAL, **cast)


@pytest.mark.parametrize(
    ("build", "call"),
    [
        pytest.param(
            pending_rejection,
            lambda f, c: services.reject_filing(filing=f, by=c["supervisor"], reasons=" "),
            id="reject",
        ),
        pytest.param(
            pending_approval,
            lambda f, c: services.send_back_proposal(filing=f, by=c["supervisor"], reasons=""),
            id="send_back",
        ),
        pytest.param(
            approved,
            lambda f, c: services.revoke_filing(filing=f, by=c["supervisor"], reasons="\n"),
            id="revoke",
        ),
        pytest.param(
            approved,
            lambda f, c: services.file_cancellation(filing=f, by=c["officer"], reason=""),
            id="file_cancellation",
        ),
        pytest.param(
            approved,
            lambda f, c: services.file_change(filing=f, by=c["officer"], description=" "),
            id="file_change",
        ),
    ],
)
def test_decision_or_filing_without_reasons_is_refused(
    cast: dict[str, Any],
    build: Callable[[dict[str, Any]], Filing],
    call: Callable[[Filing, dict[str, Any]], Any],
) -> None:
    filing = build(cast)

    assert_refused(lambda: call(filing, cast), filing, match="required")


# --- Rectification -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "items", [pytest.param([], id="none"), pytest.param(["", "  "], id="blank")]
)
def test_ordering_rectification_needs_items(cast: dict[str, Any], items: list[str]) -> None:
    filing = filing_in_state(S.APPROVED, **cast)

    assert_refused(
        lambda: services.order_rectification(
            filing=filing, by=cast["reviewer"], items=items, due_date=in_20_days()
        ),
        filing,
        match="at least one item",
    )


@pytest.mark.parametrize("days", [pytest.param(0, id="today"), pytest.param(-3, id="past")])
def test_ordering_rectification_needs_a_due_date_after_today(
    cast: dict[str, Any], days: int
) -> None:
    filing = filing_in_state(S.APPROVED, **cast)
    due = timezone.localdate() + dt.timedelta(days=days)

    assert_refused(
        lambda: services.order_rectification(
            filing=filing, by=cast["reviewer"], items=["Label outputs."], due_date=due
        ),
        filing,
        match="after today",
    )


def test_ordering_rectification_records_items_and_a_due_date_for_the_operator(
    cast: dict[str, Any],
) -> None:
    filing = filing_in_state(S.APPROVED, **cast)

    order = services.order_rectification(
        filing=filing,
        by=cast["reviewer"],
        items=["Label every output.", " ", "Keep logs six months."],
        due_date=in_20_days(),
    )

    assert reload(filing).state == S.RECTIFICATION_REQUIRED
    assert list(order.items.values_list("number", "text")) == [
        (1, "Label every output."),
        (2, "Keep logs six months."),
    ]
    clock = Deadline.objects.get(filing=filing, kind=DeadlineKind.RECTIFICATION, status="open")
    assert clock.due_date == in_20_days()


def test_verifying_a_rectification_needs_the_operators_response_first(
    cast: dict[str, Any],
) -> None:
    filing = filing_in_state(S.RECTIFICATION_REQUIRED, **cast)

    assert_refused(
        lambda: services.verify_rectification(filing=filing, by=cast["supervisor"]),
        filing,
        match="not responded",
    )

    services.respond_to_rectification(filing=filing, by=cast["officer"], response="Done.")
    services.verify_rectification(filing=filing, by=cast["supervisor"])

    filing = reload(filing)
    assert filing.state == S.APPROVED
    order = filing.rectification_orders.get()
    assert (order.status, order.verified_by) == ("verified", cast["supervisor"])


def test_responding_to_a_rectification_needs_a_response(cast: dict[str, Any]) -> None:
    filing = filing_in_state(S.RECTIFICATION_REQUIRED, **cast)

    assert_refused(
        lambda: services.respond_to_rectification(filing=filing, by=cast["officer"], response=""),
        filing,
        match="required",
    )


# --- Changes and cancellations -------------------------------------------------------------
def test_filing_a_change_creates_a_new_revision_and_keeps_the_filing_number(
    cast: dict[str, Any],
) -> None:
    filing = filing_in_state(S.APPROVED, **cast)
    number = filing.filing_number

    revision = services.file_change(filing=filing, by=cast["officer"], description="Voices too.")

    assert (revision.number, revision.kind) == (2, FilingRevision.Kind.CHANGE)
    assert reload(filing).filing_number == number
    services.accept_change(filing=filing, by=cast["supervisor"])
    filing = reload(filing)
    assert (filing.state, filing.filing_number) == (S.APPROVED, number)


def test_an_accepted_cancellation_keeps_the_filing_number_on_record(
    cast: dict[str, Any],
) -> None:
    filing = filing_in_state(S.CANCELLATION_PENDING, **cast)
    number = filing.filing_number

    services.accept_cancellation(filing=filing, by=cast["supervisor"])

    filing = reload(filing)
    assert (filing.state, filing.filing_number) == (S.CANCELLED, number)
    assert FILING_NUMBER.match(number)
