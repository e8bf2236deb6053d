"""What passes between the regulator and the filer: comments and information requests
(threaded, anchored to a question), proposed and final decisions, rectification orders."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from assessments.models import Question, evidence_path, evidence_storage
from platforms.models import Authority

from .filing import Filing, FilingRevision


class Visibility(models.TextChoices):
    OFFICE = "office", _("Internal to my office")
    OFFICES = "offices", _("Shared with the other reviewing offices")
    FILER = "filer", _("Shared with the filer and the other offices")


class Comment(models.Model):
    Visibility = Visibility

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        INFORMATION_REQUEST = "information_request", _("Information request")
        RETURN_REASON = "return_reason", _("Reason for return")
        ANSWER = "answer", _("Answer from the filer")

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    question = models.ForeignKey(
        Question,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("about question"),
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    revision = models.ForeignKey(
        FilingRevision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("text"))
    # The office a regulator wrote for (none: the filer wrote it). Who else reads it is
    # `visibility`: an internal note stays in the office; one shared with the other offices
    # stays among regulators; one shared with the filer reaches the operator too.
    authority = models.ForeignKey(
        Authority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("office"),
    )
    visibility = models.CharField(
        _("who reads it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.FILER,
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    if TYPE_CHECKING:
        # Not columns: set on the instances a page lists, by the code named.
        thread: list[Comment]  # filings.selectors: a request's answers
        thread_replies: list[Comment]  # review.selectors

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="comment_visibility_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.body[:60]}"

    @property
    def internal(self) -> bool:
        return self.visibility == Visibility.OFFICE


class Decision(models.Model):
    """A conclusion proposed in an office's review and confirmed, or sent back, by a
    supervisor of that office (or of the supervising office, when the office has no second
    supervisor). What `kind` means depends on the regime's outcome and the review's stage
    (`filings.outcomes`): approve files (number) or accepts (conclusion, advice) or passes a
    first review; reject is "not filed"; reassess and rectify order a re-assessment or a
    rectification by `due_date`; advise gives written advice."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")
        REASSESS = "reassess", _("Order a re-assessment")
        RECTIFY = "rectify", _("Order rectification")
        ADVISE = "advise", _("Give written advice")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Awaiting the supervisor")
        CONFIRMED = "confirmed", _("Confirmed")
        SENT_BACK = "sent_back", _("Sent back to review")
        TAKEN_BACK = "taken_back", _("Taken back by the proposer")

    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="decisions")
    review = models.ForeignKey(
        "filings.OfficeReview", on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField(_("proposal"), max_length=10, choices=Kind.choices)
    reasons = models.TextField(_("reasons"))
    # Re-assessment: reasons per question ([{"question": id or null, "text": ...}]);
    # rectification: the items to rectify ([{"text": ...}]).
    items = models.JSONField(_("items"), default=list, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed"))
    # The supervising office that confirms it, when the proposer's office has no other
    # supervisor (four eyes never leaves a filing stuck).
    escalated_to = models.ForeignKey(
        Authority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("escalated to"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reasons = models.TextField(_("supervisor's reasons"), blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            # Four eyes: nobody confirms their own proposal.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="decision_four_eyes",
            ),
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(outcome="pending"),
                name="decision_one_pending_per_review",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["approve", "reject", "reassess", "rectify", "advise"]),
                name="decision_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_outcome_display()})"


class RectificationOrder(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESPONDED = "responded", _("Responded")
        VERIFIED = "verified", _("Verified")
        CLOSED = "closed", _("Closed without verification")

    filing = models.ForeignKey(
        Filing, on_delete=models.PROTECT, related_name="rectification_orders"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The office that ordered it; its supervisors verify the response.
    authority = models.ForeignKey(
        Authority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ordered by office"),
    )
    issued_at = models.DateTimeField(_("issued"))
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    response = models.TextField(_("response"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)

    if TYPE_CHECKING:
        # Not columns: set on the instances a page lists, by the code named.
        item_list: list[RectificationItem]  # filings.selectors

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("rectification order")
        verbose_name_plural = _("rectification orders")
        constraints = [
            # One open order per ordering office (each office may conclude with its own).
            models.UniqueConstraint(
                fields=["filing", "authority"],
                condition=Q(status__in=["open", "responded"]),
                name="rectification_one_open_per_office",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_date"], condition=Q(status="open"), name="rectification_open_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filing} · {_('rectification due')} {self.due_date}"


class RectificationItem(models.Model):
    order = models.ForeignKey(RectificationOrder, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("what must be rectified"))
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    response = models.TextField(_("response"), blank=True)

    if TYPE_CHECKING:
        # Not columns: set on the instances a page lists, by the code named.
        files: list[RectificationAttachment]  # filings.selectors

    class Meta:
        ordering = ["order", "number"]
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        constraints = [
            models.UniqueConstraint(fields=["order", "number"], name="rectification_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class RectificationAttachment(models.Model):
    """A file the officer gives as evidence for one item of a rectification order.

    Stored like assessments' Evidence: private storage, a random name, the given name kept
    only as data. Frozen once the response is submitted (see services.rectification)."""

    item = models.ForeignKey(
        RectificationItem, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(
        _("file"), storage=evidence_storage, upload_to=evidence_path, max_length=200
    )
    original_name = models.CharField(_("original name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("rectification attachment")
        verbose_name_plural = _("rectification attachments")
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0), name="rectification_attachment_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RectificationFrozenError("An attachment never changes; attach another file.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        # Once the response is sent, its files are what the regulator verifies.
        if self.item.order.status != RectificationOrder.Status.OPEN:
            raise RectificationFrozenError("The response is sent; its files are frozen.")
        return super().delete(*args, **kwargs)


class RectificationFrozenError(RuntimeError):
    """A file of a sent rectification response was about to change or go."""
