"""The notices tasks: thin, and a second run does nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from filings.models import Notification
from notices import tasks
from notices.models import NoticeReminder

pytestmark = pytest.mark.django_db


def test_issuing_queues_the_emails_after_commit(
    notice, douyin_officer, mailoutbox, django_capture_on_commit_callbacks
):
    from notices.services.mail import queue_emails

    with django_capture_on_commit_callbacks(execute=True):
        queue_emails()
    sent = {m.to[0] for m in mailoutbox}
    assert douyin_officer.email in sent
    assert all(notice.number in m.subject for m in mailoutbox)
    assert tasks.send_notice_emails() == 0  # nothing left to send


def test_the_sweep_task_escalates_once(notice, beijing_supervisor, monkeypatch):
    from django.utils import timezone

    later = notice.deadline + dt.timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later)
    first = tasks.sweep()
    second = tasks.sweep()
    assert first["created"] > 0 and second["created"] == 0
    assert NoticeReminder.objects.filter(step="escalation", user=beijing_supervisor).count() == 2
    assert Notification.objects.filter(verb="notice.escalation").count() == 2


def test_an_email_that_fails_is_released_for_the_next_sweep(notice, monkeypatch):
    from notices.services import mail

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(mail, "send_mail", refuse)
    assert mail.send_pending() == 0
    pending = NoticeReminder.objects.filter(emailed_at__isnull=True)
    assert pending.exists() and not pending.filter(claimed_at__isnull=False).exists()
    waiting = pending.count()
    monkeypatch.undo()
    assert mail.send_pending() == waiting
    assert not NoticeReminder.objects.filter(emailed_at__isnull=True).exists()
