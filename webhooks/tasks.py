"""Celery tasks for webhooks: thin and taking ids (filings/tasks.py). Late acknowledgement:
a task whose worker dies is delivered again, and the claim makes a finished one a no-op."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from . import delivery


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
)
def deliver_webhook(delivery_id: int, manual: bool = False) -> bool | None:
    return delivery.deliver(delivery_id, manual=manual)
