"""Celery tasks: thin, idempotent, taking ids (STYLE.md)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from .services import outbox


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=8,
)
def process_outbox_message(message_id: int) -> bool:
    return outbox.process_message(message_id)


@shared_task(acks_late=True)
def sweep() -> int:
    """Runs every minute (one beat): publishes outbox messages that were not published."""
    return outbox.republish_pending()
