"""What passes between the regulator and the filer: comments and information requests
(threaded, anchored to a question), proposed and final decisions, rectification orders."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from assessments.models import Question, evidence_path, evidence_storage

from .filing import Filing, FilingRevision


class Comment(models.Model):
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
    # Regulators' internal notes stay among regulators; the filer never sees them.
    internal = models.BooleanField(_("internal to the authority"), default=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.body[:60]}"


class Decision(models.Model):
    """A decision proposed by a reviewer and confirmed, or sent back, by a supervisor."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Awaiting the supervisor")
        CONFIRMED = "confirmed", _("Confirmed")
        SENT_BACK = "sent_back", _("Sent back to review")

    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("proposal"), max_length=10, choices=Kind.choices)
    reasons = models.TextField(_("reasons"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed"))
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
                fields=["filing"],
                condition=Q(outcome="pending"),
                name="decision_one_pending_per_filing",
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

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("rectification order")
        verbose_name_plural = _("rectification orders")
        constraints = [
            models.UniqueConstraint(
                fields=["filing"],
                condition=Q(status__in=["open", "responded"]),
                name="rectification_one_open_per_filing",
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
