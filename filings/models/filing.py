"""The filing and its lifecycle.

The allowed transitions are written once, here, as django-fsm-2 transitions: source and
target states, who may take each (`permission`) and any guard (`conditions`). Only
`filings.services` calls them, inside a transaction on a row it has locked; the
ConcurrentTransitionMixin makes the UPDATE conditional on the state it read, so two people
acting at once cannot both succeed. Templates ask `available_actions(user)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, Transition, transition

from assessments.models import Assessment, Template
from platforms.models import Authority, Operator, PlannedFeature, Platform, Role
from platforms.roles import get_actor

from . import fsm
from .regimes import Regime

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from .deadlines import Deadline
    from .office import OfficeReview


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    RETURNED = "returned", _("Returned for correction")
    PENDING_APPROVAL = "pending_approval", _("Pending approval")
    APPROVED = "approved", _("Approved")
    CONCLUDED = "concluded", _("Concluded")
    REASSESSMENT_REQUIRED = "reassessment_required", _("Re-assessment ordered")
    REJECTED = "rejected", _("Rejected")
    RECTIFICATION_REQUIRED = "rectification_required", _("Rectification required")
    CHANGE_PENDING = "change_pending", _("Change pending")
    CANCELLATION_PENDING = "cancellation_pending", _("Cancellation pending")
    CANCELLED = "cancelled", _("Cancelled")
    REVOKED = "revoked", _("Revoked")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The state in which a filing must carry its number: an algorithm filing the national office
# filed. (A security assessment concludes without one; a number, once issued, stays through
# rectification, change, cancellation and revocation.)
NUMBERED_STATES = frozenset({State.APPROVED})
# States of a filing the regulator accepted and that still stands: filed with a number or
# concluded, and while a change or a cancellation of it is pending. The operator's next
# assessment is pre-filled from the last of these (filings/services/prefill.py); refused,
# returned, revoked, cancelled and re-assessed filings are not.
ACCEPTED_STATES = frozenset(
    {State.APPROVED, State.CONCLUDED, State.CHANGE_PENDING, State.CANCELLATION_PENDING}
)
# States from which nothing more happens.
FINAL_STATES = frozenset({State.REJECTED, State.CANCELLED, State.REVOKED, State.WITHDRAWN})
# States in which the regulator is on the clock.
# `Filing.next_due` of a filing with no open deadline: sorts after every real date.
NO_DEADLINE = dt.date(9999, 12, 31)

REVIEW_STATES = frozenset({State.SUBMITTED, State.UNDER_REVIEW, State.PENDING_APPROVAL})
# States after every office concluded (whatever each concluded).
DECIDED_STATES = frozenset(
    {
        State.APPROVED,
        State.CONCLUDED,
        State.RECTIFICATION_REQUIRED,
        State.REASSESSMENT_REQUIRED,
        State.CHANGE_PENDING,
        State.CANCELLATION_PENDING,
    }
)


# --- Who may take a transition (django-fsm permission callables: (filing, user) -> bool) ----
@fsm.permission
def is_officer(filing: Filing, user: Any) -> bool:
    return get_actor(user).has_operator_role(filing.operator_id, Role.OFFICER)


@fsm.permission
def is_regulator(filing: Filing, user: Any) -> bool:
    """A reviewer or supervisor of an authority the filing is addressed to."""
    return get_actor(user).regulator_of(filing.authority_ids)


@fsm.permission
def is_supervisor(filing: Filing, user: Any) -> bool:
    return get_actor(user).has_authority_role(filing.authority_ids, Role.SUPERVISOR)


@fsm.permission
def is_deciding_supervisor(filing: Filing, user: Any) -> bool:
    """A supervisor of the office whose stage decides (the national CAC for an algorithm
    filing; any addressed office for a joint review)."""
    return get_actor(user).has_authority_role(filing.deciding_authority_ids, Role.SUPERVISOR)


@fsm.permission
def is_ordering_supervisor(filing: Filing, user: Any) -> bool:
    """A supervisor of an office whose rectification order is open or has a response (the
    guard then says whether there is one to verify)."""
    actor = get_actor(user)
    return any(
        actor.has_authority_role(
            {order.authority_id} if order.authority_id else filing.authority_ids,
            Role.SUPERVISOR,
        )
        for order in filing.rectification_orders.filter(status__in=["open", "responded"])
    )


@fsm.guard(_("Only a filing with a filing number is revoked; a written conclusion is not."))
def _numbered(filing: Filing) -> bool:
    return bool(filing.filing_number)


@fsm.guard(_("The operator has not responded to the rectification order yet."))
def _rectification_responded(filing: Filing) -> bool:
    """There is a response to verify (the page offers no verification before it)."""
    return filing.rectification_orders.filter(status="responded").exists()


class FilingQuerySet(models.QuerySet["Filing"]):
    def open(self) -> FilingQuerySet:
        return self.exclude(state__in=FINAL_STATES)


class Filing(ConcurrentTransitionMixin, models.Model):
    regime = models.ForeignKey(Regime, on_delete=models.PROTECT, related_name="filings")
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="filings")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="filings")
    planned_feature = models.ForeignKey(
        PlannedFeature, on_delete=models.PROTECT, related_name="filings"
    )
    authorities = models.ManyToManyField(
        Authority, related_name="filings", verbose_name=_("addressed to")
    )
    template = models.ForeignKey(Template, on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="filings"
    )
    state = FSMField(
        _("state"),
        max_length=30,
        choices=State.choices,
        default=State.DRAFT,
        protected=True,
        db_index=True,
    )
    # NULL, not "", until issued: unique allows many NULLs but only one "".
    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True)  # noqa: DJ001
    filing_number = models.CharField(
        _("filing number"), max_length=40, unique=True, null=True, blank=True
    )
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # The earliest open deadline (NO_DEADLINE if none) and whether it is paused, kept by
    # filings.services.deadlines.sync_next_due whenever a deadline opens, moves or closes, so
    # that the review queue sorts on an index instead of a subquery per filing.
    next_due = models.DateField(_("next due"), default=NO_DEADLINE, editable=False)
    next_due_paused = models.BooleanField(_("next due paused"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FilingQuerySet.as_manager()

    if TYPE_CHECKING:
        # Not columns: set on the instances a page lists, by the code named.
        open_deadlines: list[Deadline]  # a Prefetch(to_attr=) in filings.home
        working_days_left: int | None  # filings.home
        url: str  # filings.views.officer
        feature_url: str  # filings.views.officer
        state_label: str  # filings.views.officer
        workspace_url: str  # review.views (queue, dashboard)
        office_review: OfficeReview | None  # review.selectors
        assignee: User | None  # review.selectors

        # Added by the FSMField at class creation.
        def get_all_state_transitions(self) -> Iterator[Transition]: ...

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        indexes = [
            # The review queue's keyset pagination and the register's order.
            models.Index(fields=["last_submitted_at", "id"], name="filing_received_keyset_idx"),
            models.Index(fields=["decided_at", "id"], name="filing_decided_idx"),
            models.Index(fields=["next_due", "id"], name="filing_due_keyset_idx"),
            # The same keysets under a state filter ("approved" alone is most of a register).
            models.Index(fields=["state", "next_due", "id"], name="filing_state_due_keyset_idx"),
            models.Index(
                fields=["state", "last_submitted_at", "id"], name="filing_state_recv_keyset_idx"
            ),
            # The officer's home: the operator's filings, most urgent first.
            models.Index(fields=["operator", "next_due", "id"], name="filing_operator_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=State.values), name="filing_state_valid"),
            models.CheckConstraint(
                condition=Q(filing_number__isnull=False) | ~Q(state__in=NUMBERED_STATES),
                name="filing_numbered_once_approved",
            ),
            # One live filing per feature and regime; a rejected or withdrawn one may be redone.
            models.UniqueConstraint(
                fields=["planned_feature", "regime"],
                condition=~Q(state__in=["rejected", "withdrawn", "cancelled", "revoked"]),
                name="filing_one_live_per_feature_regime",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference or self.pk} · {self.planned_feature.title}"

    @cached_property
    def authority_ids(self) -> frozenset[int]:
        return frozenset(a.pk for a in self.authorities.all())

    @cached_property
    def deciding_authority_ids(self) -> frozenset[int]:
        """The offices of the last stage: they decide changes and cancellations."""
        reviews = list(self.reviews.all())
        if not reviews:
            return self.authority_ids
        last = max(r.stage for r in reviews)
        return frozenset(r.authority_id for r in reviews if r.stage == last)

    if TYPE_CHECKING:
        # Added by the FSMField at class creation.
        def get_available_user_state_transitions(self, user: Any) -> Iterator[Transition]: ...

    def available_actions(self, user: Any) -> list[Transition]:
        """The transitions this user may take now (what the page offers)."""
        return list(self.get_available_user_state_transitions(user))

    # --- The transitions. The bodies are empty: services do the work around them. ---------
    @transition(
        field=state,
        source=[State.DRAFT, State.RETURNED, State.REASSESSMENT_REQUIRED],
        target=State.SUBMITTED,
        permission=is_officer,
        custom={"label": _("Submit")},
    )
    def submit(self) -> None:
        pass

    @transition(
        field=state,
        source=[State.DRAFT, State.SUBMITTED],
        target=State.WITHDRAWN,
        permission=is_officer,
        custom={"label": _("Withdraw")},
    )
    def withdraw(self) -> None:
        pass

    @transition(
        field=state,
        source=[State.APPROVED, State.CONCLUDED],
        target=State.RECTIFICATION_REQUIRED,
        permission=is_regulator,
        custom={"label": _("Order rectification")},
    )
    def order_rectification(self) -> None:
        pass

    @transition(
        field=state,
        source=State.RECTIFICATION_REQUIRED,
        target=RETURN_VALUE(State.APPROVED, State.CONCLUDED),
        permission=is_ordering_supervisor,
        conditions=[_rectification_responded],
        custom={"label": _("Verify rectification")},
    )
    def verify_rectification(self) -> str:
        """Back to where the order found it: filed (with its number) or concluded."""
        return State.APPROVED if self.filing_number else State.CONCLUDED

    @transition(
        field=state,
        source=State.APPROVED,
        target=State.CHANGE_PENDING,
        permission=is_officer,
        custom={"label": _("File a change")},
    )
    def file_change(self) -> None:
        pass

    @transition(
        field=state,
        source=State.CHANGE_PENDING,
        target=State.APPROVED,
        permission=is_deciding_supervisor,
        custom={"label": _("Accept the change")},
    )
    def accept_change(self) -> None:
        pass

    @transition(
        field=state,
        source=State.CHANGE_PENDING,
        target=State.APPROVED,
        permission=is_deciding_supervisor,
        custom={"label": _("Refuse the change")},
    )
    def refuse_change(self) -> None:
        pass

    @transition(
        field=state,
        source=State.APPROVED,
        target=State.CANCELLATION_PENDING,
        permission=is_officer,
        custom={"label": _("File a cancellation")},
    )
    def file_cancellation(self) -> None:
        pass

    @transition(
        field=state,
        source=State.CANCELLATION_PENDING,
        target=State.CANCELLED,
        permission=is_deciding_supervisor,
        custom={"label": _("Accept the cancellation")},
    )
    def accept_cancellation(self) -> None:
        pass

    @transition(
        field=state,
        source=State.CANCELLATION_PENDING,
        target=State.APPROVED,
        permission=is_deciding_supervisor,
        custom={"label": _("Refuse the cancellation")},
    )
    def refuse_cancellation(self) -> None:
        pass

    @transition(
        field=state,
        source=[
            State.APPROVED,
            State.RECTIFICATION_REQUIRED,
            State.CHANGE_PENDING,
            State.CANCELLATION_PENDING,
        ],
        target=State.REVOKED,
        permission=is_deciding_supervisor,
        conditions=[_numbered],
        custom={"label": _("Revoke")},
    )
    def revoke(self) -> None:
        pass


class FilingRevision(models.Model):
    """An immutable snapshot of what was filed, taken at each submission."""

    class Kind(models.TextChoices):
        SUBMISSION = "submission", _("Submission")
        RESUBMISSION = "resubmission", _("Resubmission after return")
        CHANGE = "change", _("Change of filed facts")
        CANCELLATION = "cancellation", _("Cancellation")
        REASSESSMENT = "reassessment", _("New assessment after a re-assessment order")

    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    snapshot = models.JSONField(_("snapshot"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        ordering = ["filing", "number"]
        verbose_name = _("filing revision")
        verbose_name_plural = _("filing revisions")
        constraints = [
            models.UniqueConstraint(fields=["filing", "number"], name="revision_number_unique"),
        ]
        indexes = [models.Index(fields=["submitted_at"], name="revision_submitted_idx")]

    def __str__(self) -> str:
        return f"{self.filing} r{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RevisionImmutableError("A filing revision never changes once taken.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RevisionImmutableError("A filing revision is never deleted.")


class RevisionImmutableError(RuntimeError):
    pass
