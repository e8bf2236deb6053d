"""Take a filing to any state of its life by the path people take: the drive the tests'
builders (tests/builders.py, `filing_in_state`) use, made of the steps in demo/steps.py that
the demo's scenarios run too. One implementation of "take this filing to state X".

The people given act for their office; the other addressed offices act with their own people,
found or (when an office has none) made, so four eyes never blocks the drive. The texts are
short defaults: a scenario that wants its own texts calls the steps itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import Question
from filings import outcomes, services
from filings.models import Filing, OfficeReview, ReviewState, State
from platforms.models import Membership

from . import steps
from .steps import Proposal


class DriveError(Exception):
    """The filing did not reach the state it was driven to."""


def drive_to_state(
    filing: Filing,
    state: str,
    *,
    officer: Any,
    reviewer: Any,
    supervisor: Any,
    prepare: Callable[[Filing], None],
) -> Filing:
    """Take a draft `filing` to `state`. `prepare` answers and signs its assessment before it
    is submitted (the tests with sample answers, the demo with its own)."""
    if state == State.DRAFT:
        return filing
    if state == State.WITHDRAWN:
        services.withdraw_filing(filing=filing, by=officer)
        return Filing.objects.get(pk=filing.pk)
    prepare(filing)
    services.submit_filing(filing=filing, by=officer)
    drive = OfficeDrive(filing, reviewer=reviewer, supervisor=supervisor)
    decided: dict[str, str] = {
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
        return_with_reason(filing, reviewer=drive.main_reviewer)
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
        paths: dict[str, list[Callable[..., None]]] = {
            State.RECTIFICATION_REQUIRED: [rectify],
            State.CHANGE_PENDING: [change],
            State.CANCELLATION_PENDING: [cancel],
            State.CANCELLED: [cancel, accept_cancel],
            State.REVOKED: [revoke],
        }
        for step in paths[state]:
            step(filing, **people)
    filing = Filing.objects.get(pk=filing.pk)
    if filing.state != state:
        raise DriveError(f"Driven to {state!r}, the filing is {filing.state!r}.")
    return filing


class OfficeDrive:
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
            self.filing, people=self.people, proposal_for=lambda r: short_proposal(kind_for(r))
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
            self.filing,
            office_id=review.authority_id,
            reviewer=reviewer,
            proposal=short_proposal(kind),
        )

    def _conclude(self, review: OfficeReview, kind: str) -> None:
        reviewer, supervisor = self.people(review)
        steps.conclude_office(
            self.filing,
            office_id=review.authority_id,
            reviewer=reviewer,
            supervisor=supervisor,
            proposal=short_proposal(kind),
        )


def short_proposal(kind: str) -> Proposal:
    """The short texts; a re-assessment or rectification order gets an item and a date."""
    dated = kind in ("reassess", "rectify")
    return Proposal(
        kind=kind,
        reasons={"reject": "Controls fail."}.get(kind, "Complete."),
        confirm_reasons="Controls fail." if kind == "reject" else "",
        items=["Label every output."] if dated else [],
        due_date=timezone.localdate() + dt.timedelta(days=30) if dated else None,
    )


# --- The moves the drive makes after submission, with short texts --------------------------
# Each takes the filing and the people (officer, reviewer, supervisor) it needs by name.
def claim(f: Filing, reviewer: Any, **_: Any) -> None:
    services.claim_filing(filing=f, by=reviewer)


def return_with_reason(f: Filing, reviewer: Any, **_: Any) -> None:
    question = Question.objects.filter(section__template=f.template).first()
    steps.return_for_correction(f, by=reviewer, reasons=[(question, "Evidence is unclear.")])


def rectify(f: Filing, reviewer: Any, **_: Any) -> None:
    steps.order_rectification(
        f,
        by=reviewer,
        items=["Label every output."],
        due_date=timezone.localdate() + dt.timedelta(days=20),
    )


def change(f: Filing, officer: Any, **_: Any) -> None:
    steps.file_change(f, by=officer, description="Adds voice cloning.")


def cancel(f: Filing, officer: Any, **_: Any) -> None:
    steps.file_cancellation(f, by=officer, reason="Service ends.")


def accept_cancel(f: Filing, supervisor: Any, **_: Any) -> None:
    steps.accept_cancellation(f, by=supervisor)


def revoke(f: Filing, supervisor: Any, **_: Any) -> None:
    steps.revoke(f, by=supervisor, reasons="Serious violations.")
