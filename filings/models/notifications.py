"""In-app notifications and the transactional outbox that feeds them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .deadlines import Deadline
from .filing import Filing


class OutboxMessage(models.Model):
    """An event written in the same transaction as the change that caused it. Publishing
    to Celery happens after commit and may fail; the periodic sweep publishes what is left."""

    topic = models.CharField(max_length=60)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(
                fields=["id"], condition=Q(processed_at__isnull=True), name="outbox_pending_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk}"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_user(self, user: Any) -> NotificationQuerySet:
        # A reminder withdrawn before it was sent (the filing was decided) is not shown.
        return self.filter(recipient=user, withdrawn_at__isnull=True)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def reminders(self) -> NotificationQuerySet:
        return self.exclude(step=Notification.Step.EVENT)

    def claimable(self, *, now: Any, lease: Any) -> NotificationQuerySet:
        """Reminders whose e-mail is still to be sent and that no live worker holds: never
        claimed, or claimed longer ago than the lease (that worker died)."""
        return (
            self.reminders()
            .filter(emailed_at__isnull=True, failed_at__isnull=True, withdrawn_at__isnull=True)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease))
        )


class Notification(models.Model):
    class Step(models.TextChoices):
        EVENT = "event", _("Event")
        BEFORE_5 = "before_5", _("5 working days before")
        BEFORE_1 = "before_1", _("1 working day before")
        DUE = "due", _("Due today")
        OVERDUE = "overdue", _("Overdue")
        ESCALATION = "escalation", _("Escalation")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    filing = models.ForeignKey(
        Filing, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    deadline = models.ForeignKey(
        Deadline, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    outbox = models.ForeignKey(
        OutboxMessage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices, default=Step.EVENT)
    verb = models.CharField(_("what happened"), max_length=60)
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    # Sending a reminder's e-mail: a worker claims the row (claimed_at, claim_token) with a
    # conditional UPDATE; a claim older than the lease belongs to a dead worker.
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    email_attempts = models.PositiveIntegerField(_("e-mail attempts"), default=0)
    email_error = models.TextField(_("e-mail error"), blank=True)
    failed_at = models.DateTimeField(
        _("e-mail failed"),
        null=True,
        blank=True,
        help_text=_("Set when the e-mail failed for good; the in-app notification stands."),
    )
    withdrawn_at = models.DateTimeField(
        _("withdrawn"),
        null=True,
        blank=True,
        help_text=_("The deadline was met or the filing decided before the reminder was sent."),
    )

    objects = NotificationQuerySet.as_manager()

    if TYPE_CHECKING:
        # Not columns: set on the instances a page lists, by the code named.
        text: str  # review.views.notifications: in the reader's language
        step_label: str  # review.views.notifications

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            # A retried task never tells anyone twice.
            models.UniqueConstraint(
                fields=["deadline", "step", "recipient"],
                condition=Q(deadline__isnull=False),
                name="notification_once_per_deadline_step_recipient",
            ),
            models.UniqueConstraint(
                fields=["outbox", "recipient"],
                condition=Q(outbox__isnull=False),
                name="notification_once_per_event_recipient",
            ),
        ]
        indexes = [
            # The navigation bar's unread count on every page: an index-only count, however
            # many notifications a busy regulator has.
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(read_at__isnull=True, withdrawn_at__isnull=True),
                name="notification_unread_live_idx",
            ),
            models.Index(
                fields=["recipient"],
                condition=Q(emailed_at__isnull=True, failed_at__isnull=True) & ~Q(step="event"),
                name="notification_unsent_idx",
            ),
            # The inbox, newest first, a page at a time: without it PostgreSQL walked the
            # whole table by time for a regulator, or sorted all of an officer's rows.
            models.Index(
                fields=["recipient", "-created_at", "-id"],
                condition=Q(withdrawn_at__isnull=True),
                name="notification_inbox_idx",
            ),
        ]

    def __str__(self) -> str:
        # Metadata only: the message may quote an answer, a comment or reasons, and the
        # admin shows an object's str() as its title (admins read no filing contents).
        return f"{self.verb} #{self.pk}"


class SweepRun(models.Model):
    """When a periodic sweep last completed: the health view reads it. One row per sweep."""

    name = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    reminders_created = models.PositiveIntegerField(default=0)
    recipients_queued = models.PositiveIntegerField(default=0)
    outbox_republished = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sweep run")
        verbose_name_plural = _("sweep runs")

    def __str__(self) -> str:
        return f"{self.name} {self.finished_at:%Y-%m-%d %H:%M:%S}"


# The attribute under which the logged-in user's unread count arrives with the user's own row
# (accounts.security.ModelBackend.get_user); review.context_processors reads it, and counts
# itself when it is missing.
UNREAD_ANNOTATION = "unread_notifications_preloaded"


def unread_annotation() -> models.Subquery:
    """The unread notifications of a user (`OuterRef("pk")` in a query of users): the same
    count as `Notification.objects.for_user(user).unread().count()`."""
    unread = (
        Notification.objects.filter(
            recipient=models.OuterRef("pk"), withdrawn_at__isnull=True, read_at__isnull=True
        )
        .order_by()
        .values("recipient")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return models.Subquery(unread, output_field=models.IntegerField())
