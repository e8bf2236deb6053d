"""Transitions and actions by the regulator (reviewers and supervisors): claiming,
assigning, commenting and returning a filing, and what every review action shares.

Review actions (claim, assign, return; and propose, confirm and send back, in `decisions`) act
on the acting person's office's review of the filing (`office.review_for`) and then derive the
filing's state from all its reviews (`_settle`); decisions after the review (rectification,
change, cancellation, revocation) are the filing's own transitions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Question
from platforms.models import Authority, Membership, Role

from .. import access
from ..models import (
    Comment,
    DeadlineKind,
    Filing,
    OfficeReview,
    State,
    Visibility,
)
from . import deadlines, office
from ._frame import _lock, _record, _required, _save
from .errors import FilingError

Office = Authority | int | None


def _take_review(review: OfficeReview, name: str, by: Any) -> None:
    """Run review transition `name`, or say why it cannot be taken."""
    method = getattr(review, name)
    meta = method._django_fsm
    if not meta.has_transition(review.state):
        raise FilingError(
            _(
                "Your office's review of this filing is now “%(state)s”, so this action is no "
                "longer possible. Someone may have acted on it a moment ago; the page shows "
                "its current state."
            )
            % {"state": review.get_state_display()}
        )
    if not meta.has_transition_perm(review, review.state, by):
        raise FilingError(_("Your role does not allow this action on this filing."))
    for condition in meta.get_transition(review.state).conditions:
        if not condition(review):
            raise FilingError(str(getattr(condition, "refusal", _("Not possible now."))))
    method()


def _settle(filing: Filing, *fields: str) -> list[OfficeReview]:
    """Open the next stage if this one concluded, derive the filing's state, save both."""
    reviews = office.locked_reviews(filing)
    office.next_stage(reviews)
    before = filing.state
    derived = office.derive_state(filing, reviews)
    if before in office.DERIVED_FROM_REVIEWS:
        office.set_filing_state(filing, derived)
    extra = list(fields)
    if filing.state != before and filing.state not in office.DERIVED_FROM_REVIEWS:
        _decided(filing, reviews)
        extra += ["filing_number", "decided_at"]
    _save(filing, *extra)
    return reviews


def _decided(filing: Filing, reviews: list[OfficeReview]) -> None:
    """Every office concluded: close the review clock, issue a number if the regime does."""
    filing.decided_at = timezone.now()
    if filing.state == State.APPROVED:
        filing.filing_number = filing.filing_number or filing_number(filing)
        deadlines.meet_deadline(filing=filing, kind=DeadlineKind.REVIEW)
    elif filing.state == State.REJECTED:
        deadlines.cancel_deadlines(filing=filing)
    else:
        deadlines.meet_deadline(filing=filing, kind=DeadlineKind.REVIEW)


def filing_number(filing: Filing) -> str:
    """网信算备 + region (6) + year (4) + serial (11) + 号: 21 digits, unique by the serial."""
    year = timezone.localdate().year
    return (
        f"{filing.regime.filing_number_prefix}{filing.operator.region_code}{year}{filing.pk:011d}号"
    )


def _office_data(review: OfficeReview, **data: Any) -> dict[str, Any]:
    return {"office": review.authority_id, "office_review": review.pk, **data}


# --- The regulator --------------------------------------------------------------------------
@transaction.atomic
def claim_filing(
    *, filing: Filing | int, by: Any, office_id: Office = None, address: str | None = None
) -> Filing:
    filing = _lock(filing)
    review = office.review_for(filing, by, office=office_id)
    _take_review(review, "claim", by)
    review.assignee = by
    review.save()
    _settle(filing)
    _record(filing, by, "claimed", address=address, data=_office_data(review))
    return filing


@transaction.atomic
def assign_filing(
    *,
    filing: Filing | int,
    by: Any,
    reviewer: Any,
    office_id: Office = None,
    address: str | None = None,
) -> Filing:
    filing = _lock(filing)
    review = office.review_for(filing, by, office=office_id)
    eligible = Membership.objects.filter(
        user=reviewer,
        authority_id=review.authority_id,
        role__in=[Role.REVIEWER, Role.SUPERVISOR],
        user__is_active=True,
    ).exists()
    if not eligible:
        raise FilingError(_("That person is not a reviewer of your office."))
    _take_review(review, "assign", by)
    review.assignee = reviewer
    review.save()
    _settle(filing)
    _record(
        filing,
        by,
        "assigned",
        address=address,
        data=_office_data(review, assignee=reviewer.get_username(), assignee_id=reviewer.pk),
    )
    return filing


@transaction.atomic
def comment_on_filing(
    *,
    filing: Filing | int,
    by: Any,
    body: str,
    question: Question | None = None,
    visibility: str = Visibility.FILER,
    information_request: bool = False,
    answer_within: int | None = None,
    office_id: Office = None,
    address: str | None = None,
) -> Comment:
    """A comment, or (regulators, during their office's review) an information request to
    the filer. A regulator's comment says who reads it: their office, the reviewing offices,
    or the filer too."""
    filing = _lock(filing)
    # Regulators see a filing once it was submitted (never a draft).
    is_regulator = access.reviews_filing(by, filing)
    if not (is_regulator or access.can_file(by, filing)):
        raise FilingError(_("Your role does not allow comments on this filing."))
    body = _required(body, _("A comment"))
    if visibility not in Visibility.values:
        raise FilingError(_("Choose who reads the comment."))
    review = None
    if is_regulator:
        review = office.review_for(filing, by, office=office_id)
    elif information_request or visibility != Visibility.FILER:
        raise FilingError(_("Only the regulator asks for information or writes internal notes."))
    if information_request:
        visibility = Visibility.FILER
        if review is None or review.state != "under_review":
            raise FilingError(
                _("Information is requested while the filing is under review by your office.")
            )
    if answer_within is not None and not (
        information_request and 1 <= answer_within <= deadlines.MAX_ANSWER_WORKING_DAYS
    ):
        raise FilingError(
            _("An information request is answered within 1 to %(n)d working days.")
            % {"n": deadlines.MAX_ANSWER_WORKING_DAYS}
        )
    if question is not None and question.section.template_id != filing.template_id:
        raise FilingError(_("That question is not in this filing's questionnaire."))
    kind = Comment.Kind.INFORMATION_REQUEST if information_request else Comment.Kind.COMMENT
    comment = Comment.objects.create(
        filing=filing,
        author=by,
        kind=kind,
        question=question,
        body=body,
        authority=review.authority if review else None,
        visibility=visibility,
        revision=filing.revisions.order_by("-number").first(),
    )
    if information_request:
        deadlines.on_information_requested(filing=filing, answer_within=answer_within)
    action = "information_requested" if information_request else "commented"
    shared = visibility == Visibility.FILER
    data = _office_data(review, visibility=visibility) if review else {}
    _record(filing, by, action, address=address, text=body if shared else "", data=data)
    return comment


@transaction.atomic
def return_filing(
    *,
    filing: Filing | int,
    by: Any,
    reasons: Sequence[tuple[Question | None, str]],
    office_id: Office = None,
    address: str | None = None,
) -> Filing:
    """The office's review -> returned, with reasons per question; the filing is returned to
    the filer (every office's reasons answered in one resubmission); the review clock
    pauses."""
    filing = _lock(filing)
    reasons = [(q, (text or "").strip()) for q, text in reasons if (text or "").strip()]
    if not reasons:
        raise FilingError(_("Give at least one reason, naming the question it concerns."))
    for question, _text in reasons:
        if question is not None and question.section.template_id != filing.template_id:
            raise FilingError(_("That question is not in this filing's questionnaire."))
    review = office.review_for(filing, by, office=office_id)
    _take_review(review, "return_for_correction", by)
    review.save()
    was_returned = filing.state == State.RETURNED
    _settle(filing)
    revision = filing.revisions.order_by("-number").first()
    Comment.objects.bulk_create(
        Comment(
            filing=filing,
            author=by,
            kind=Comment.Kind.RETURN_REASON,
            question=q,
            body=text,
            revision=revision,
            authority=review.authority,
            visibility=Visibility.FILER,
        )
        for q, text in reasons
    )
    if not was_returned:
        deadlines.pause_deadline(
            filing=filing,
            kind=DeadlineKind.REVIEW,
            reason=_("Returned to the filer for correction"),
        )
    _record(
        filing,
        by,
        "returned",
        address=address,
        text="\n".join(f"{q.code + ': ' if q else ''}{t}" for q, t in reasons),
        data=_office_data(
            review, reasons=[{"question": q.code if q else None, "text": t} for q, t in reasons]
        ),
    )
    return filing
