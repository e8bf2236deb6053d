"""One review per addressed office (docs/domain-rules.md#joint-review).

A filing addressed to the local cyberspace administration and the local public-security
office is reviewed by each within its remit: each office claims or assigns, returns, proposes
and approves (four eyes inside the office) its own review and records its own conclusion. An
algorithm filing goes through stages: the provincial CAC's first review, then the national
CAC's second review and decision; a later stage waits until every review of the earlier one
has concluded. The filing's own state is derived from its reviews by
`filings.services.office.derive_state`; only the services change either.

The review's transitions are written once, here, as django-fsm transitions, with who may take
each: a reviewer or supervisor *of this review's office*; a supervisor of another office has
no say in it (except the supervising office an approval is escalated to, see
`is_second_pair_of_eyes`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, Transition, transition

from platforms.models import Authority, Role
from platforms.roles import get_actor

from . import fsm
from .filing import Filing

if TYPE_CHECKING:
    from .review import Decision


class ReviewState(models.TextChoices):
    WAITING = "waiting", _("Waiting for the first review")
    SUBMITTED = "submitted", _("Awaiting review")
    UNDER_REVIEW = "under_review", _("Under review")
    RETURNED = "returned", _("Returned for correction")
    PENDING_APPROVAL = "pending_approval", _("Pending approval")
    CONCLUDED = "concluded", _("Concluded")


class Conclusion(models.TextChoices):
    """What an office concluded. Which of these an office may conclude depends on the regime's
    outcome kind and the review's stage (`filings.outcomes`)."""

    ACCEPTED = "accepted", _("Accepted")
    REASSESSMENT = "reassessment", _("Re-assessment ordered")
    RECTIFICATION = "rectification", _("Rectification ordered")
    FORWARDED = "forwarded", _("Passed the first review")
    FILED = "filed", _("Filed: number issued")
    NOT_FILED = "not_filed", _("Not filed")
    ADVICE = "advice", _("Written advice given")


# --- Who may take a review transition ((review, user) -> bool) ------------------------------
@fsm.permission
def is_office_regulator(review: OfficeReview, user: Any) -> bool:
    return get_actor(user).regulator_of({review.authority_id})


@fsm.permission
def is_office_supervisor(review: OfficeReview, user: Any) -> bool:
    return get_actor(user).has_authority_role({review.authority_id}, Role.SUPERVISOR)


@fsm.permission
def is_handling_regulator(review: OfficeReview, user: Any) -> bool:
    """The office's assigned reviewer, or a supervisor of the office."""
    return (
        is_office_regulator(review, user) and review.assignee_id == user.pk
    ) or is_office_supervisor(review, user)


@fsm.permission
def is_second_pair_of_eyes(review: OfficeReview, user: Any) -> bool:
    """A supervisor who did not propose the decision: of the office, or of the supervising
    office the proposal was escalated to because the office has no other supervisor."""
    proposal = review.open_proposal
    if proposal is None or proposal.proposed_by_id == user.pk:
        return False
    if proposal.escalated_to_id is not None:
        return get_actor(user).has_authority_role({proposal.escalated_to_id}, Role.SUPERVISOR)
    return is_office_supervisor(review, user)


@fsm.permission
def may_take_back(review: OfficeReview, user: Any) -> bool:
    """Send a proposal back to review: a second supervisor with reasons, or the proposer
    taking their own proposal back (never a dead end: docs/domain-rules.md#joint-review)."""
    proposal = review.open_proposal
    if proposal is None:
        return False
    return is_second_pair_of_eyes(review, user) or (
        proposal.proposed_by_id == user.pk and is_office_regulator(review, user)
    )


@fsm.permission
def _nobody(review: OfficeReview, user: Any) -> bool:
    return False


# Guards (review -> bool) with `.refusal`: what a person is told when the guard fails.
@fsm.guard(
    _(
        "The filing is not with the regulator now (back with the filer for correction, or "
        "withdrawn); nothing can be decided on it."
    )
)
def filing_with_the_regulator(review: OfficeReview) -> bool:
    """An office does not propose or decide while the filing is back with the filer: the
    filer answers every office's reasons in one resubmission."""
    return review.filing.state in ("submitted", "under_review", "pending_approval")


@fsm.guard(_("The filing is no longer under review (it was withdrawn or decided)."))
def filing_in_review(review: OfficeReview) -> bool:
    """A review is claimed or assigned only while its filing is being reviewed (a withdrawn
    filing's reviews stay where they were, and nobody takes them up)."""
    return review.filing.state in ("submitted", "under_review", "pending_approval", "returned")


class OfficeReviewQuerySet(models.QuerySet["OfficeReview"]):
    def of_offices(self, authority_ids: Any) -> OfficeReviewQuerySet:
        return self.filter(authority_id__in=list(authority_ids))


class OfficeReview(ConcurrentTransitionMixin, models.Model):
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="reviews")
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("office")
    )
    stage = models.PositiveSmallIntegerField(
        _("stage"), default=1, help_text=_("1: first (or joint) review; 2: second review.")
    )
    state = FSMField(
        _("review state"),
        max_length=20,
        choices=ReviewState.choices,
        default=ReviewState.SUBMITTED,
        protected=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_reviews",
        verbose_name=_("assigned reviewer"),
    )
    conclusion = models.CharField(
        _("conclusion"), max_length=20, choices=Conclusion.choices, blank=True
    )
    # The confirmed proposal the conclusion came from: its reasons, items and dates.
    decision = models.ForeignKey(
        "filings.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decision"),
    )
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfficeReviewQuerySet.as_manager()

    class Meta:
        ordering = ["stage", "authority__kind", "authority_id"]
        verbose_name = _("office review")
        verbose_name_plural = _("office reviews")
        constraints = [
            models.UniqueConstraint(fields=["filing", "authority"], name="review_one_per_office"),
            models.CheckConstraint(
                condition=Q(state__in=ReviewState.values), name="review_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state="concluded") | Q(conclusion=""),
                name="review_conclusion_only_when_concluded",
            ),
        ]
        indexes = [
            # An office's queue and dashboard: its reviews by state.
            models.Index(fields=["authority", "state"], name="review_office_state_idx"),
            models.Index(fields=["assignee", "state"], name="review_assignee_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.filing_id} · {self.authority}"

    @cached_property
    def open_proposal(self) -> Decision | None:
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("decisions")
        if prefetched is not None:
            pending = [d for d in prefetched if d.outcome == "pending"]
            return max(pending, key=lambda d: d.proposed_at, default=None)
        return self.decisions.filter(outcome="pending").order_by("-proposed_at").first()

    if TYPE_CHECKING:
        # Added by the FSMField at class creation.
        def get_available_user_state_transitions(self, user: Any) -> Iterator[Transition]: ...

    def available_actions(self, user: Any) -> list[Transition]:
        return list(self.get_available_user_state_transitions(user))

    # --- The transitions: bodies empty, services do the work around them. -------------------
    @transition(
        field=state,
        source=ReviewState.SUBMITTED,
        target=ReviewState.UNDER_REVIEW,
        permission=is_office_regulator,
        conditions=[filing_in_review],
        custom={"label": _("Claim")},
    )
    def claim(self) -> None:
        pass

    @transition(
        field=state,
        source=[ReviewState.SUBMITTED, ReviewState.UNDER_REVIEW],
        target=ReviewState.UNDER_REVIEW,
        permission=is_office_supervisor,
        conditions=[filing_in_review],
        custom={"label": _("Assign")},
    )
    def assign(self) -> None:
        pass

    @transition(
        field=state,
        source=ReviewState.UNDER_REVIEW,
        target=ReviewState.RETURNED,
        permission=is_handling_regulator,
        conditions=[filing_with_the_regulator],
        custom={"label": _("Return for correction")},
    )
    def return_for_correction(self) -> None:
        pass

    @transition(
        field=state,
        source=ReviewState.UNDER_REVIEW,
        target=ReviewState.PENDING_APPROVAL,
        permission=is_handling_regulator,
        conditions=[filing_with_the_regulator],
        custom={"label": _("Propose a decision")},
    )
    def propose(self) -> None:
        pass

    @transition(
        field=state,
        source=ReviewState.PENDING_APPROVAL,
        target=ReviewState.CONCLUDED,
        permission=is_second_pair_of_eyes,
        conditions=[filing_with_the_regulator],
        custom={"label": _("Confirm the proposal")},
    )
    def confirm(self) -> None:
        pass

    @transition(
        field=state,
        source=ReviewState.PENDING_APPROVAL,
        target=ReviewState.UNDER_REVIEW,
        permission=may_take_back,
        custom={"label": _("Send back to review")},
    )
    def send_back(self) -> None:
        pass

    # Not offered on a page (nobody "takes" them): the services move reviews when the filer
    # resubmits or an earlier stage concludes.
    @transition(
        field=state, source=ReviewState.WAITING, target=ReviewState.SUBMITTED, permission=_nobody
    )
    def open_stage(self) -> None:
        pass

    @transition(
        field=state,
        source=[ReviewState.RETURNED, ReviewState.CONCLUDED],
        target=RETURN_VALUE(ReviewState.SUBMITTED, ReviewState.UNDER_REVIEW),
        permission=_nobody,
    )
    def resume(self) -> str:
        """The filer resubmitted: the review goes on with its reviewer, if it had one."""
        return ReviewState.UNDER_REVIEW if self.assignee_id else ReviewState.SUBMITTED
