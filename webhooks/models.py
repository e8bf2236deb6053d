"""Webhook endpoints, their deliveries and each attempt (docs/api.md#webhooks).

An endpoint belongs to one organisation (an operator or an authority) and hears only of what
that organisation's people may see. Its secret must be kept (each delivery is signed with
it), so it is stored encrypted with a key derived from SECRET_KEY (not hashed: it is read
back to sign), shown to those who manage the endpoint, and can be rotated: the
previous secret also signs deliveries until `previous_secret_expires_at`.

A delivery is one event for one endpoint, with the exact body sent and a stable webhook-id:
it is sent at least once (a worker that dies after sending leaves it to be sent again, with
the same id, so the receiver can drop the second). Each attempt is logged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import EncryptedSecretField
from platforms.models import Authority, Operator


class EventType(models.TextChoices):
    """What an endpoint may subscribe to (webhook.test is always sent when asked)."""

    FILING_STATE_CHANGED = "filing.state_changed", _("Filing state changed")
    COMMENT_RECEIVED = "filing.comment_received", _("Comment or information request received")
    DEADLINE_APPROACHING = "deadline.approaching", _("Deadline approaching")
    DEADLINE_OVERDUE = "deadline.overdue", _("Deadline overdue")
    NOTICE_RECEIVED = "notice.received", _("Notice received")


TEST_EVENT = "webhook.test"


class Endpoint(models.Model):
    operator = models.ForeignKey(
        Operator,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("operator"),
    )
    authority = models.ForeignKey(
        Authority,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("authority"),
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    enabled = models.BooleanField(_("enabled"), default=True)
    # Encrypted at rest (core.fields); shown decrypted to those who manage the endpoint.
    secret = EncryptedSecretField(_("secret"), max_length=100)
    previous_secret = EncryptedSecretField(_("previous secret"), max_length=100, blank=True)
    previous_secret_expires_at = models.DateTimeField(
        _("previous secret valid until"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(operator__isnull=False, authority__isnull=True)
                | Q(operator__isnull=True, authority__isnull=False),
                name="webhook_endpoint_one_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.url

    @property
    def organisation(self) -> Operator | Authority | None:
        return self.operator or self.authority

    def get_events_display(self) -> list[str]:
        labels = dict(EventType.choices)
        return [str(labels.get(e, e)) for e in self.events]


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Delivered")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    # The webhook-id header: the same on every attempt, so the receiver can drop a repeat.
    event_id = models.CharField(_("webhook-id"), max_length=64, unique=True)
    event_type = models.CharField(_("event"), max_length=50)
    # What the delivery is about ("outbox:12", "deadline:3:overdue", "test:..."): one delivery
    # per source and endpoint, however often the source is processed.
    key = models.CharField(max_length=100)
    body = models.TextField(_("body"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Retried with backoff up to this many attempts; a test event and a delivery re-sent by
    # hand get one more attempt only.
    max_attempts = models.PositiveIntegerField(default=6)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # Set by the worker sending it (a conditional UPDATE); older than the lease, it belonged to
    # a worker that died, and the sweep hands the delivery to another.
    claimed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "key"], name="webhook_delivery_once")
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="webhook_due")]

    def __str__(self) -> str:
        return self.event_id


class Attempt(models.Model):
    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempt_log", verbose_name=_("delivery")
    )
    number = models.PositiveIntegerField(_("attempt"))
    manual = models.BooleanField(_("sent by hand"), default=False)
    started_at = models.DateTimeField(_("time"))
    # Null until the attempt ends: an attempt left open is one whose worker stopped.
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    status_code = models.PositiveIntegerField(_("status code"), null=True, blank=True)
    response_excerpt = models.CharField(
        pgettext_lazy("an HTTP response", "response"), max_length=500, blank=True
    )
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class DeadlineSignal(models.Model):
    """A deadline's entry into a reminder window, once announced to the endpoints (the sweep
    emits each (deadline, step) once)."""

    deadline = models.ForeignKey("filings.Deadline", on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deadline", "step"], name="webhook_deadline_once")
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.step}"
