"""Celery tasks for notices: thin and idempotent (the unique reminder rows and the e-mail
claim make a second run a no-op)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from .services import mail, reminders


@shared_task(acks_late=True)
def sweep() -> dict[str, Any]:
    """Every ten minutes (config CELERY_BEAT_SCHEDULE): reminders, escalation, e-mail."""
    return reminders.sweep()


@shared_task(acks_late=True)
def send_notice_emails() -> int:
    return mail.send_pending()
