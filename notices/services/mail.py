"""E-mail for notice messages. Each NoticeReminder row is e-mailed at most once per claim: a
worker claims it with a conditional UPDATE (a claim older than the lease belongs to a dead
worker); the in-app notification was written with the row, so a failed e-mail loses nothing."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ..models import NoticeReminder

logger = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=10)


def queue_emails() -> None:
    """After commit: ask a worker to send what is pending; never raises (the sweep retries)."""
    from ..tasks import send_notice_emails

    try:
        send_notice_emails.delay()
    except Exception as exc:  # broker down: the next sweep sends them
        logger.warning("Notice e-mails not queued: %s", exc)


def _context(row: NoticeReminder) -> dict[str, Any]:
    recipient = row.recipient
    notice = recipient.notice
    if row.step == NoticeReminder.Step.ESCALATION:
        path = reverse("notices:board", args=[notice.pk])
    else:
        path = reverse("notices:received", args=[recipient.pk])
    return {
        "step": row.step,
        "step_label": row.get_step_display(),
        "notice": notice,
        "operator": recipient.operator,
        "url": settings.SITE_URL.rstrip("/") + path,
    }


def send_pending(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Claim and send pending notice e-mails; returns how many went out."""
    now = now or timezone.now()
    ids = list(
        NoticeReminder.objects.filter(emailed_at__isnull=True, user__is_active=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - LEASE))
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in ids:
        claimed = (
            NoticeReminder.objects.filter(pk=pk, emailed_at__isnull=True)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - LEASE))
            .update(claimed_at=now)
        )
        if not claimed:
            continue
        row = NoticeReminder.objects.select_related(
            "user", "recipient__notice", "recipient__operator"
        ).get(pk=pk)
        if not row.user.email:
            NoticeReminder.objects.filter(pk=pk).update(
                emailed_at=now, email_error="The recipient has no e-mail address."
            )
            continue
        language = getattr(row.user, "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            context = _context(row)
            subject = " ".join(
                render_to_string("notices/emails/notice_subject.txt", context).split()
            )
            body = render_to_string("notices/emails/notice_body.txt", context)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [row.user.email])
        except Exception as exc:  # released for the next sweep; the in-app message stands
            logger.warning("Notice e-mail %s not sent: %s", pk, exc)
            NoticeReminder.objects.filter(pk=pk).update(
                claimed_at=None, email_error=repr(exc)[:2000]
            )
            continue
        NoticeReminder.objects.filter(pk=pk).update(emailed_at=timezone.now(), email_error="")
        sent += 1
    return sent
