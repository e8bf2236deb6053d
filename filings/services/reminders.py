"""Deadline reminders (docs/reminders.md).

The sweep (every minute, one beat) finds what is due with a fixed number of set-based
`INSERT ... SELECT ... ON CONFLICT DO NOTHING` statements, one per (step, party), whatever
the number of due deadlines. The unique (deadline, step, recipient) constraint on
Notification makes a second sweep, or two at once, a no-op. Sending is handed to one task
per recipient: it claims that recipient's unsent reminders with a conditional UPDATE (a claim
older than the lease belongs to a dead worker and may be taken over), re-checks each
deadline's state, and sends one e-mail per reminder, or one digest when there are many.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import uuid
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, OperationalError, connection
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from platforms.models import Membership, Role, language_of
from workcalendar.calendar import add_working_days

from ..models import (
    FINAL_STATES,
    OPERATOR_DEADLINES,
    Deadline,
    DeadlineKind,
    Filing,
    Notification,
    OfficeReview,
    SweepRun,
)
from . import outbox, signoff

logger = logging.getLogger(__name__)

Step = Notification.Step
SWEEP_NAME = "reminders"


class TransientSendError(Exception):
    """The mail server could not be reached or refused for now: worth retrying."""


# Apps above this one with periodic work of their own (webhooks: deadline events and the
# deliveries due again) register here from their AppConfig.ready; the sweep calls each with
# its `now`, and a failing one is logged without stopping the reminders.
SWEEP_HOOKS: list[Callable[[dt.datetime], int]] = []


def claim_lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS)


# --- Which reminders are due: the windows, from today's date --------------------------------
@dataclass(frozen=True)
class Window:
    """Due dates in (after, until]; None leaves that side open."""

    step: str
    after: dt.date | None
    until: dt.date | None


def windows(today: dt.date) -> list[Window]:
    """A deadline is in at most one window. One that opens late (two working days left)
    gets the reminder of the window it is in, not the ones it missed."""
    in_1 = add_working_days(today, 1).date
    in_5 = add_working_days(today, 5).date
    yesterday = today - dt.timedelta(days=1)
    return [
        Window(Step.BEFORE_5, in_1, in_5),
        Window(Step.BEFORE_1, today, in_1),
        Window(Step.DUE, yesterday, today),
        Window(Step.OVERDUE, None, yesterday),
    ]


@dataclass(frozen=True)
class Party:
    """Who is told: `recipient` is an SQL expression; `joins` find it from f (filing)."""

    kinds: frozenset[str]
    recipient: str
    joins: str = ""
    where: str = ""
    role: str = ""


OPERATOR_KINDS = frozenset(str(k) for k in OPERATOR_DEADLINES)
AUTHORITY_KINDS = frozenset(str(k) for k in DeadlineKind) - OPERATOR_KINDS

_OPERATOR_STAFF = "JOIN {membership} m ON m.operator_id = f.operator_id AND m.role = %s"
# The offices whose review of the filing is still going on (not waiting for an earlier
# stage, not concluded): their clocks are the ones running.
_OPEN_REVIEWS = "JOIN {review} r ON r.filing_id = f.id AND r.state NOT IN ('waiting', 'concluded') "
_AUTHORITY_STAFF = (
    _OPEN_REVIEWS + "JOIN {membership} m ON m.authority_id = r.authority_id AND m.role = %s"
)

# Reminders go to whoever must act: each office's assigned reviewer, or its reviewers while
# nobody is assigned; the overdue step also escalates to the operator's signatory (operator
# deadlines) or the offices' supervisors (review clocks).
REMINDED = [
    Party(OPERATOR_KINDS, "m.user_id", _OPERATOR_STAFF, role=Role.OFFICER),
    Party(AUTHORITY_KINDS, "r.assignee_id", _OPEN_REVIEWS, where="AND r.assignee_id IS NOT NULL"),
    Party(
        AUTHORITY_KINDS,
        "m.user_id",
        _AUTHORITY_STAFF,
        where="AND r.assignee_id IS NULL",
        role=Role.REVIEWER,
    ),
]
ESCALATED = [
    Party(OPERATOR_KINDS, "m.user_id", _OPERATOR_STAFF, role=Role.SIGNATORY),
    Party(AUTHORITY_KINDS, "m.user_id", _AUTHORITY_STAFF, role=Role.SUPERVISOR),
]


def _tables() -> dict[str, str]:
    q = connection.ops.quote_name
    return {
        "notification": q(Notification._meta.db_table),
        "deadline": q(Deadline._meta.db_table),
        "filing": q(Filing._meta.db_table),
        "filing_authorities": q(Filing.authorities.through._meta.db_table),
        "review": q(OfficeReview._meta.db_table),
        "membership": q(Membership._meta.db_table),
        "user": q(get_user_model()._meta.db_table),
    }


_INSERT = """
INSERT INTO {notification}
    (recipient_id, filing_id, deadline_id, step, verb, message, created_at,
     email_attempts, email_error)
SELECT DISTINCT {recipient}, d.filing_id, d.id, %s, %s, %s, %s, 0, ''
FROM {deadline} d
JOIN {filing} f ON f.id = d.filing_id
{joins}
JOIN {user} u ON u.id = {recipient} AND u.is_active = %s
WHERE d.status = %s AND d.paused_since IS NULL
  AND d.kind IN ({kinds}) AND f.state NOT IN ({final})
  {window} {where}
ORDER BY d.id, {recipient}
ON CONFLICT DO NOTHING
"""


def _insert(party: Party, window: Window, step: str, now: dt.datetime) -> int:
    # ORDER BY: two sweeps at once meet on the unique key in the same order, so the one
    # waiting for the other's uncommitted row never holds a row the other needs next. The
    # inserts take no row locks but the foreign-key checks' KEY SHARE (services/locks.py).
    tables = _tables()
    ops = connection.ops
    kinds, final = sorted(party.kinds), sorted(str(s) for s in FINAL_STATES)
    window_sql, window_params = "", []
    if window.after is not None:
        window_sql += " AND d.due_date > %s"
        window_params.append(ops.adapt_datefield_value(window.after))
    if window.until is not None:
        window_sql += " AND d.due_date <= %s"
        window_params.append(ops.adapt_datefield_value(window.until))
    sql = _INSERT.format(
        recipient=party.recipient,
        joins=party.joins.format(**tables),
        kinds=", ".join(["%s"] * len(kinds)),
        final=", ".join(["%s"] * len(final)),
        window=window_sql,
        where=party.where,
        **{k: v for k, v in tables.items()},
    )
    params: list[Any] = [
        str(step),
        f"reminder.{step}",
        str(Step(step).label),  # replaced by the rendered subject when it is sent
        ops.adapt_datetimefield_value(now),
        *([str(party.role)] if party.role else []),
        True,
        str(Deadline.Status.OPEN),
        *kinds,
        *final,
        *window_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count: int = cursor.rowcount  # -1 when the driver cannot tell
        return max(count, 0)


def create_reminders(*, today: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """Create every reminder due today that does not exist yet, in a fixed number of
    statements. Returns how many were created."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    with translation.override(settings.LANGUAGE_CODE):
        created = 0
        for window in windows(today):
            for party in REMINDED:
                created += _insert(party, window, window.step, now)
            if window.step == Step.OVERDUE:
                for party in ESCALATED:
                    created += _insert(party, window, Step.ESCALATION, now)
    return created


def recipients_to_send(*, now: dt.datetime, limit: int = 1000) -> list[int]:
    return list(
        Notification.objects.claimable(now=now, lease=claim_lease())
        .filter(recipient__is_active=True)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()[:limit]
    )


# --- The sweep ------------------------------------------------------------------------------
def sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Publish the outbox's leftovers, create due reminders, queue their sending, and record
    the time, which the health view reports."""
    from ..tasks import send_reminders

    started = timezone.now()
    now = now or started
    republished = outbox.republish_pending(now=now)
    created = create_reminders(now=now) + signoff.remind_signatories(now=now)
    recipients = recipients_to_send(now=now)
    queued = 0
    for recipient_id in recipients:
        try:
            send_reminders.delay(recipient_id)
            queued += 1
        except Exception as exc:  # broker down: the next sweep queues them again
            logger.warning("Reminders for user %s not queued: %s", recipient_id, exc)
            break
    for hook in SWEEP_HOOKS:
        try:
            hook(now)
        except Exception:  # one app's trouble must not stop the reminders
            logger.exception("Sweep hook %s failed", hook)
    record_sweep(started, created=created, queued=queued, republished=republished)
    return {"created": created, "queued": queued, "republished": republished}


def record_sweep(started: dt.datetime, *, created: int, queued: int, republished: int) -> None:
    fields = {
        "started_at": started,
        "finished_at": timezone.now(),
        "reminders_created": created,
        "recipients_queued": queued,
        "outbox_republished": republished,
    }
    if not SweepRun.objects.filter(name=SWEEP_NAME).update(**fields):
        # The first sweep ever; a concurrent first sweep may win the insert, which is fine.
        SweepRun.objects.bulk_create([SweepRun(name=SWEEP_NAME, **fields)], ignore_conflicts=True)


def last_sweep() -> dt.datetime | None:
    return SweepRun.objects.filter(name=SWEEP_NAME).values_list("finished_at", flat=True).first()


# --- Sending --------------------------------------------------------------------------------
def still_due(notification: Notification) -> bool:
    """Checked at send time: a deadline met, cancelled or paused, or a filing decided, after
    the sweep created the reminder, gets no message."""
    deadline, filing = notification.deadline, notification.filing
    return (
        deadline is not None
        and filing is not None
        and deadline.status == Deadline.Status.OPEN
        and deadline.paused_since is None
        and filing.state not in FINAL_STATES
    )


def language_for(user: Any) -> str:
    """The recipient's own language (their account setting), else the site's."""
    return language_of(user)


def send_reminders(*, recipient_id: int, now: dt.datetime | None = None) -> int:
    """Claim this recipient's unsent reminders and send them. Returns how many were e-mailed.

    Raises TransientSendError (after releasing the claim) when the mail server is
    unavailable, so the task retries; after REMINDER_EMAIL_MAX_ATTEMPTS the rows are marked
    failed for an admin to see. A database error after the claim (OperationalError) releases
    it too where the database still answers, so the retry need not wait for the lease."""
    now = now or timezone.now()
    token = uuid.uuid4()
    claimed = (
        Notification.objects.claimable(now=now, lease=claim_lease())
        .filter(recipient_id=recipient_id)
        .update(claimed_at=now, claim_token=token, email_attempts=F("email_attempts") + 1)
    )
    if not claimed:
        return 0
    emailed: list[int] = []
    try:
        return _send_claimed(token, now, emailed)
    except OperationalError:
        _release_after_database_error(token, emailed)
        raise


def _release_after_database_error(token: uuid.UUID, emailed: list[int]) -> None:
    """Best effort: with the database still down, the lease frees the rows instead. Rows whose
    e-mail went out are marked sent, never released: a retry would send them again."""
    with suppress(DatabaseError):
        Notification.objects.filter(pk__in=emailed, claim_token=token).update(
            emailed_at=timezone.now(), email_error=""
        )
    with suppress(DatabaseError):
        Notification.objects.filter(claim_token=token, emailed_at__isnull=True).exclude(
            pk__in=emailed
        ).update(claimed_at=None, claim_token=None)


def _send_claimed(token: uuid.UUID, now: dt.datetime, emailed: list[int]) -> int:
    rows = list(
        Notification.objects.filter(claim_token=token, emailed_at__isnull=True)
        .select_related(
            "recipient", "deadline", "filing__regime", "filing__platform", "filing__planned_feature"
        )
        .order_by("deadline__due_date", "id")
    )
    stale = [n.pk for n in rows if not still_due(n)]
    if stale:
        _mine(stale, token).update(withdrawn_at=now)
    live = [n for n in rows if n.pk not in stale]
    if not live:
        return 0
    recipient = live[0].recipient
    with translation.override(language_for(recipient)):
        for n in live:
            n.message = render_to_string("emails/reminder_subject.txt", _context(n)).strip()
        Notification.objects.bulk_update(live, ["message"])
        if not recipient.email:
            _mine([n.pk for n in live], token).update(
                failed_at=now, email_error="The recipient has no e-mail address."
            )
            return 0
        digest = len(live) >= settings.REMINDER_DIGEST_THRESHOLD
        batches = [live] if digest else [[n] for n in live]
        sent = 0
        for batch in batches:
            sent += _send(batch, recipient, token, emailed)
    return sent


def _mine(pks: Iterable[int], token: uuid.UUID) -> QuerySet[Notification]:
    return Notification.objects.filter(pk__in=list(pks), claim_token=token)


def _context(n: Notification) -> dict[str, Any]:
    filing, deadline = n.filing, n.deadline
    assert filing is not None and deadline is not None  # noqa: S101 (still_due checked them)
    return {
        "recipient": n.recipient,
        "step": n.step,
        "step_label": n.get_step_display(),
        "filing": filing,
        "reference": filing.reference or filing.pk,
        "title": filing.planned_feature.title,
        "platform": filing.platform,
        "regime": filing.regime,
        "deadline": deadline,
        "kind": deadline.get_kind_display(),
        "due_date": deadline.due_date,
        "provisional": deadline.provisional,
        "url": settings.SITE_URL.rstrip("/") + reverse("filings:detail", args=[filing.pk]),
    }


def _message(batch: list[Notification], recipient: Any) -> EmailMultiAlternatives:
    if len(batch) == 1:
        name, context = "reminder", _context(batch[0])
    else:
        name = "reminder_digest"
        context = {"recipient": recipient, "items": [_context(n) for n in batch]}
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    mail = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{name}_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )
    mail.attach_alternative(render_to_string(f"emails/{name}_body.html", context), "text/html")
    return mail


# Refusals that will not change on a retry.
PERMANENT = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, ValueError)
TRANSIENT = (smtplib.SMTPException, OSError)


def _send(batch: list[Notification], recipient: Any, token: uuid.UUID, emailed: list[int]) -> int:
    pks = [n.pk for n in batch]
    try:
        _message(batch, recipient).send()
    except PERMANENT as exc:
        _mine(pks, token).update(failed_at=timezone.now(), email_error=repr(exc)[:2000])
        logger.error("Reminder e-mail to user %s refused for good: %s", recipient.pk, exc)
        return 0
    except TRANSIENT as exc:
        error = repr(exc)[:2000]
        mine = _mine(pks, token)
        mine.filter(email_attempts__gte=settings.REMINDER_EMAIL_MAX_ATTEMPTS).update(
            failed_at=timezone.now(), email_error=error
        )
        # Release the claim so a retry, or the next sweep, can take the rows again.
        mine.update(claimed_at=None, claim_token=None, email_error=error)
        raise TransientSendError(error) from exc
    emailed.extend(pks)
    # If the process dies between the send above and this update, the lease lets another
    # worker send again: e-mail has no idempotency key, so that window is at-least-once.
    return _mine(pks, token).update(emailed_at=timezone.now(), email_error="")
