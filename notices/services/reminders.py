"""Reminders and escalation for notices (docs/reminders.md#notices).

For each operator that has not filed everything a notice asks for, the sweep writes one row
per (recipient, step, person): at 5 and 1 working days before the deadline and on the day to
the operator's officers; when overdue, to the officers and, escalated, to the supervisors of
the offices that issued the notice. The unique row makes a second sweep a no-op; each row
written also puts a message in the person's notifications, and its e-mail is sent by
`mail.send_pending`. Filings started from the notice also get the filings sweep's reminders
about their own deadline (the same date); these remind about the notice, which still counts
while any service it names has no filing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import record_event
from filings.models import Notification
from platforms.models import Membership, Role
from workcalendar.calendar import add_working_days

from .. import texts
from ..models import Notice, NoticeRecipient, NoticeReminder, RecipientStatus
from ..selectors import board_rows
from .mail import send_pending

Step = NoticeReminder.Step
WAITING = frozenset(
    {
        RecipientStatus.NOTIFIED,
        RecipientStatus.ACKNOWLEDGED,
        RecipientStatus.IN_PROGRESS,
        RecipientStatus.OVERDUE,
    }
)


def step_for(deadline: dt.date, today: dt.date) -> str | None:
    if deadline < today:
        return Step.OVERDUE
    if deadline == today:
        return Step.DUE
    if deadline <= add_working_days(today, 1).date:
        return Step.BEFORE_1
    if deadline <= add_working_days(today, 5).date:
        return Step.BEFORE_5
    return None


def _people(*, operator_id: int | None = None, authority_ids: list[int] | None = None) -> list[int]:
    qs = Membership.objects.filter(user__is_active=True)
    if operator_id is not None:
        qs = qs.filter(operator_id=operator_id, role=Role.OFFICER)
    else:
        qs = qs.filter(authority_id__in=authority_ids or [], role=Role.SUPERVISOR)
    return sorted(set(qs.values_list("user_id", flat=True)))


def _remind(recipient: NoticeRecipient, step: str, user_ids: list[int], text: str) -> int:
    created = 0
    for user_id in user_ids:
        try:
            with transaction.atomic():
                _row, new = NoticeReminder.objects.get_or_create(
                    recipient=recipient, step=step, user_id=user_id
                )
        except IntegrityError:  # a concurrent sweep wrote it first
            continue
        if new:
            Notification.objects.create(recipient_id=user_id, verb=f"notice.{step}", message=text)
            created += 1
    return created


def create_reminders(*, today: dt.date) -> int:
    created = 0
    notices = Notice.objects.filter(
        state=Notice.State.ISSUED, deadline__lte=add_working_days(today, 5).date
    ).prefetch_related("offices__authority")
    for notice in notices:
        assert notice.deadline is not None  # noqa: S101 (issued)
        step = step_for(notice.deadline, today)
        if step is None:
            continue
        offices = [o.authority_id for o in notice.offices.all()]
        for row in board_rows(notice, today=today):
            if row.status not in WAITING:
                continue
            recipient = row.recipient
            label = str(Step(step).label)
            text = _(texts.REMINDER) % {
                "step": label,
                "number": notice.number,
                "title": notice.title,
                "due": notice.deadline.isoformat(),
            }
            created += _remind(recipient, step, _people(operator_id=recipient.operator_id), text)
            if step == Step.OVERDUE:
                created += _escalate(notice, recipient, offices)
    return created


def _escalate(notice: Notice, recipient: NoticeRecipient, offices: list[int]) -> int:
    text = _(texts.ESCALATION) % {
        "operator": recipient.operator,
        "number": notice.number,
        "due": notice.deadline.isoformat() if notice.deadline else "",
    }
    with transaction.atomic():
        first = NoticeRecipient.objects.filter(pk=recipient.pk, escalated_at__isnull=True).update(
            escalated_at=timezone.now()
        )
        created = _remind(recipient, Step.ESCALATION, _people(authority_ids=offices), text)
        if first:
            record_event(
                action="notice.escalated",
                obj=notice,
                actor=None,
                actor_role="system",
                data={"operator": recipient.operator_id, "due": str(notice.deadline)},
            )
    return created


def sweep(*, today: dt.date | None = None, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    with translation.override(settings.LANGUAGE_CODE):
        created = create_reminders(today=today)
    sent = send_pending(now=now)
    return {"created": created, "emailed": sent}
