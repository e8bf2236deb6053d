"""Celery tasks: thin, idempotent, taking ids (docs/architecture.md#the-service-frame).

Late acknowledgement everywhere: a task whose worker dies is delivered again, and the claim
in the database makes the second delivery a no-op when the first one finished. Retries are for
transient failures only (the database or the mail server unavailable), with backoff capped at
a minute (well inside Redis's visibility timeout) and a bound; the sweep picks up whatever is
still pending after that.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import OperationalError

from .services import outbox, reminders

RETRY: dict[str, Any] = {
    "acks_late": True,
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "max_retries": 5,
}


@shared_task(autoretry_for=(OperationalError,), **RETRY)
def process_outbox_message(message_id: int) -> bool:
    return outbox.process_message(message_id)


@shared_task(acks_late=True)
def sweep() -> dict[str, int]:
    """Runs every minute (one beat): publishes outbox messages that were not published,
    creates due reminders and queues their sending."""
    return reminders.sweep()


@shared_task(autoretry_for=(OperationalError, reminders.TransientSendError), **RETRY)
def send_reminders(recipient_id: int) -> int:
    if not get_user_model().objects.filter(pk=recipient_id, is_active=True).exists():
        return 0
    return reminders.send_reminders(recipient_id=recipient_id)
