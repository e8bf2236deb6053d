"""Drive filings through the real services, to any state, for tests.

The steps themselves (claim, propose, confirm, every office stage by stage, the moves after a
decision) are demo/steps.py's, which the demo's scenarios run too: one implementation of
"take this filing to state X". What is the tests' own: quick sample answers, the people an
office lacks made on the fly, and the choice of path for each state."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import Answer, Assessment, Evidence, Question
from assessments.services import sign_assessment
from demo import steps
from demo.steps import Proposal
from filings import outcomes, services
from filings.models import Filing, OfficeReview, ReviewState, State
from platforms.models import Membership, Platform

SAMPLE_VALUES = {
    "text": "Documented in the attached procedure.",
    "yes_no": True,
    "number": 1200,
    "date": "2026-01-15",
}


def complete_assessment(assessment: Assessment, by: Any) -> Assessment:
    """Answer every applicable question and attach evidence where the question needs it."""
    for question in assessment.applicable_questions():
        value = (
            question.choices[0]["value"]
            if question.answer_type == Question.AnswerType.CHOICE
            else SAMPLE_VALUES[question.answer_type]
        )
        answer, _ = Answer.objects.update_or_create(
            assessment=assessment,
            question=question,
            defaults={"value": value, "risk_rating": "low", "updated_by": by},
        )
        if question.evidence_required and not answer.evidence.exists():
            attach_evidence(answer, by)
    return assessment


def attach_evidence(answer: Answer, by: Any, content: bytes = b"%PDF-1.4 test\n") -> Evidence:
    return steps.attach_evidence(answer, by=by, content=content, name="procedure.pdf")


def plan_feature(platform: Platform, officer: Any, **fields: Any) -> list[Filing]:
    defaults: dict[str, Any] = {
        "title": "Face-swap effect",
        "description": "Users swap their face into trending videos.",
        "trigger": "launch",
        "planned_launch_date": timezone.localdate() + dt.timedelta(days=60),
        "is_deep_synthesis": True,
        "edits_faces": True,
    }
    defaults.update(fields)
    _feature, filings = steps.register_feature(
        platform=platform, by=officer, today=timezone.localdate(), **defaults
    )
    return filings


def filing_in_state(
    state: str,
    *,
    platform: Platform,
    officer: Any,
    signatory: Any,
    reviewer: Any,
    supervisor: Any,
    regime: str = "cn-security-assessment",
    **feature: Any,
) -> Filing:
    """A filing of `regime` brought to `state` by the same path people take.

    `reviewer` and `supervisor` act for their office; the other addressed offices act with
    their own people (found, or made, per office), so that the filing's derived state is the
    one asked for: e.g. "pending approval" needs every office's proposal, and a decided state
    every office's conclusion (an earlier stage forwards first)."""
    filings = plan_feature(platform, officer, **feature)
    filing = next(f for f in filings if f.regime.code == regime)
    if state == State.DRAFT:
        return filing
    if state == State.WITHDRAWN:
        services.withdraw_filing(filing=filing, by=officer)
        return Filing.objects.get(pk=filing.pk)
    complete_assessment(filing.assessment, officer)
    sign_assessment(assessment=filing.assessment, by=signatory)
    services.submit_filing(filing=filing, by=officer)
    drive = _Drive(filing, reviewer=reviewer, supervisor=supervisor)
    decided = {
        State.APPROVED: "approve",
        State.CONCLUDED: "approve",
        State.REJECTED: "reject",
        State.REASSESSMENT_REQUIRED: "reassess",
    }
    if state == State.SUBMITTED:
        pass
    elif state == State.UNDER_REVIEW:
        drive.earlier_stages()
        drive.claim_mine()
    elif state == State.RETURNED:
        drive.earlier_stages()
        drive.claim_mine()
        _return(filing, reviewer=drive.main_reviewer)
    elif state == State.PENDING_APPROVAL:
        drive.earlier_stages()
        drive.propose_all("approve")
    elif state in decided:
        drive.conclude(decided[state])
    else:
        drive.conclude("approve")
        people = {
            "officer": officer,
            "reviewer": drive.main_reviewer,
            "supervisor": drive.deciding_supervisor(),
        }
        path: dict[str, list[Any]] = {
            State.RECTIFICATION_REQUIRED: [_rectify],
            State.CHANGE_PENDING: [_change],
            State.CANCELLATION_PENDING: [_cancel],
            State.CANCELLED: [_cancel, _accept_cancel],
            State.REVOKED: [_revoke],
        }[state]
        for step in path:
            step(filing, **people)
    filing = Filing.objects.get(pk=filing.pk)
    assert filing.state == state, (filing.state, state)
    return filing


class _Drive:
    """Moves every office's review of one filing, the given people acting for their office."""

    def __init__(self, filing: Filing, *, reviewer: Any, supervisor: Any) -> None:
        self.filing = filing
        self.given = {"reviewer": reviewer, "supervisor": supervisor}
        self.main_reviewer = reviewer

    def reviews(self) -> list[OfficeReview]:
        return list(OfficeReview.objects.filter(filing=self.filing).order_by("stage", "pk"))

    def person(self, office_id: int, role: str) -> Any:
        given = self.given[role]
        if Membership.objects.filter(user=given, authority_id=office_id, role=role).exists():
            return given
        found = Membership.objects.filter(
            authority_id=office_id, role=role, user__is_active=True
        ).first()
        if found is not None:
            return found.user
        user = get_user_model().objects.create_user(username=f"office{office_id}-{role}")
        Membership.objects.create(user=user, authority_id=office_id, role=role)
        return user

    def main_stage(self) -> int:
        reviews = self.reviews()
        mine = [r for r in reviews if self._is_main(r)]
        return mine[0].stage if mine else max(r.stage for r in reviews)

    def _is_main(self, review: OfficeReview) -> bool:
        return Membership.objects.filter(
            user=self.given["reviewer"], authority_id=review.authority_id
        ).exists()

    def earlier_stages(self) -> None:
        stage = self.main_stage()
        for review in self.reviews():
            if review.stage < stage and review.state != ReviewState.CONCLUDED:
                self._conclude(review, "approve")

    def claim_mine(self) -> None:
        review = next(
            r for r in self.reviews() if r.stage == self.main_stage() and self._is_main(r)
        )
        services.claim_filing(filing=self.filing, by=self.person(review.authority_id, "reviewer"))

    def propose_all(self, kind: str) -> None:
        for review in self.reviews():
            if review.stage == self.main_stage():
                self._propose(review, kind)

    def conclude(self, kind: str) -> None:
        """Every office concludes, stage by stage: the given people's office with `kind`
        where its stage allows it, else the deciding (last) stage (only it refuses a number);
        every other office accepts or forwards."""
        all_reviews = self.reviews()
        last = max(r.stage for r in all_reviews)
        main_allows = any(self._is_main(r) and kind in outcomes.proposals(r) for r in all_reviews)

        def kind_for(review: OfficeReview) -> str:
            allowed = kind in outcomes.proposals(review)
            chosen = self._is_main(review) if main_allows else review.stage == last
            return kind if allowed and chosen else "approve"

        steps.conclude_every_office(
            self.filing, people=self.people, proposal_for=lambda r: _proposal(kind_for(r))
        )

    def deciding_supervisor(self) -> Any:
        last = max(r.stage for r in self.reviews())
        review = next(r for r in self.reviews() if r.stage == last)
        return self.person(review.authority_id, "supervisor")

    def people(self, review: OfficeReview) -> tuple[Any, Any]:
        """The office's reviewer and supervisor: the four eyes exist before proposing."""
        return (
            self.person(review.authority_id, "reviewer"),
            self.person(review.authority_id, "supervisor"),
        )

    def _propose(self, review: OfficeReview, kind: str) -> None:
        reviewer, _supervisor = self.people(review)
        steps.propose(
            self.filing, office_id=review.authority_id, reviewer=reviewer, proposal=_proposal(kind)
        )

    def _conclude(self, review: OfficeReview, kind: str) -> None:
        reviewer, supervisor = self.people(review)
        steps.conclude_office(
            self.filing,
            office_id=review.authority_id,
            reviewer=reviewer,
            supervisor=supervisor,
            proposal=_proposal(kind),
        )


def _proposal(kind: str) -> Proposal:
    """The tests' short texts; a re-assessment or rectification order gets an item and a date."""
    dated = kind in ("reassess", "rectify")
    return Proposal(
        kind=kind,
        reasons={"reject": "Controls fail."}.get(kind, "Complete."),
        confirm_reasons="Controls fail." if kind == "reject" else "",
        items=["Label every output."] if dated else [],
        due_date=timezone.localdate() + dt.timedelta(days=30) if dated else None,
    )


def _claim(f: Filing, reviewer: Any, **_: Any) -> None:
    services.claim_filing(filing=f, by=reviewer)


def _return(f: Filing, reviewer: Any, **_: Any) -> None:
    question = Question.objects.filter(section__template=f.template).first()
    steps.return_for_correction(f, by=reviewer, reasons=[(question, "Evidence is unclear.")])


def _rectify(f: Filing, reviewer: Any, **_: Any) -> None:
    steps.order_rectification(
        f,
        by=reviewer,
        items=["Label every output."],
        due_date=timezone.localdate() + dt.timedelta(days=20),
    )


def _change(f: Filing, officer: Any, **_: Any) -> None:
    steps.file_change(f, by=officer, description="Adds voice cloning.")


def _cancel(f: Filing, officer: Any, **_: Any) -> None:
    steps.file_cancellation(f, by=officer, reason="Service ends.")


def _accept_cancel(f: Filing, supervisor: Any, **_: Any) -> None:
    steps.accept_cancellation(f, by=supervisor)


def _revoke(f: Filing, supervisor: Any, **_: Any) -> None:
    steps.revoke(f, by=supervisor, reasons="Serious violations.")
