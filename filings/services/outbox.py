"""The transactional outbox (DESIGN.md section 9).

`emit` writes an OutboxMessage in the caller's transaction and asks, after commit, for a
Celery task to process it. Publishing may fail (Redis down): the action is saved all the
same, and the sweep publishes what is still pending. Processing claims the row with a
conditional UPDATE, so a message delivered twice is handled once.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from platforms.models import Membership, Role

from ..models import Filing, Notification, OutboxMessage

logger = logging.getLogger(__name__)

# Messages older than this and still unprocessed are published again by the sweep.
REPUBLISH_AFTER = dt.timedelta(seconds=60)


def emit(topic: str, payload: dict[str, Any]) -> OutboxMessage:
    message = OutboxMessage.objects.create(topic=topic, payload=payload)
    transaction.on_commit(lambda: publish(message.pk))
    return message


def publish(message_id: int) -> bool:
    """Hand one message to Celery; never raises (the sweep retries)."""
    from ..tasks import process_outbox_message

    try:
        process_outbox_message.delay(message_id)
    except Exception as exc:  # any broker failure: the row stays pending for the sweep
        logger.warning("Outbox message %s not published: %s", message_id, exc)
        OutboxMessage.objects.filter(pk=message_id).update(last_error=str(exc)[:2000])
        return False
    OutboxMessage.objects.filter(pk=message_id, published_at__isnull=True).update(
        published_at=timezone.now()
    )
    return True


def republish_pending(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    now = now or timezone.now()
    ids = list(
        OutboxMessage.objects.filter(processed_at__isnull=True)
        .exclude(published_at__gt=now - REPUBLISH_AFTER)
        .values_list("pk", flat=True)[:limit]
    )
    return sum(publish(pk) for pk in ids)


def process_message(message_id: int) -> bool:
    """Carry out one message's effects once. Returns False when there was nothing to do."""
    with transaction.atomic():
        claimed = OutboxMessage.objects.filter(pk=message_id, processed_at__isnull=True).update(
            processed_at=timezone.now(), attempts=F("attempts") + 1
        )
        if not claimed:
            return False
        message = OutboxMessage.objects.get(pk=message_id)
        handler = HANDLERS.get(message.topic)
        if handler is not None:
            handler(message)
    return True


# --- Who hears about what -------------------------------------------------------------------
def operator_staff(filing: Filing, roles: tuple[str, ...] = (Role.OFFICER,)) -> set[int]:
    return set(
        Membership.objects.filter(operator_id=filing.operator_id, role__in=roles).values_list(
            "user_id", flat=True
        )
    )


def regulators(
    filing: Filing, roles: tuple[str, ...] = (Role.REVIEWER, Role.SUPERVISOR)
) -> set[int]:
    return set(
        Membership.objects.filter(
            authority__in=filing.authorities.all(), role__in=roles
        ).values_list("user_id", flat=True)
    )


def _handling(filing: Filing) -> set[int]:
    """The assigned reviewer, or else every regulator of the addressed authorities."""
    return {filing.assignee_id} if filing.assignee_id else regulators(filing)


# action -> the users to tell (the actor is never told of their own action)
RECIPIENTS: dict[str, Any] = {
    "submitted": lambda f: regulators(f),
    "resubmitted": _handling,
    "withdrawn": _handling,
    "claimed": lambda f: operator_staff(f),
    "assigned": lambda f: {f.assignee_id} | operator_staff(f),
    "returned": lambda f: operator_staff(f),
    "decision_proposed": lambda f: regulators(f, (Role.SUPERVISOR,)),
    "approved": lambda f: operator_staff(f, (Role.OFFICER, Role.SIGNATORY)) | _handling(f),
    "rejected": lambda f: operator_staff(f, (Role.OFFICER, Role.SIGNATORY)) | _handling(f),
    "sent_back": _handling,
    "information_requested": lambda f: operator_staff(f),
    "information_answered": _handling,
    "commented": lambda f: set(),
    "rectification_ordered": lambda f: operator_staff(f, (Role.OFFICER, Role.SIGNATORY)),
    "rectification_responded": _handling,
    "rectification_verified": lambda f: operator_staff(f),
    "change_filed": lambda f: _handling(f) | regulators(f, (Role.SUPERVISOR,)),
    "change_accepted": lambda f: operator_staff(f),
    "cancellation_filed": lambda f: _handling(f) | regulators(f, (Role.SUPERVISOR,)),
    "cancellation_accepted": lambda f: operator_staff(f),
    "revoked": lambda f: operator_staff(f, (Role.OFFICER, Role.SIGNATORY)),
    # The filer must be told of an extension, with the reasons (GDPR Art. 36(2)).
    "deadline_extended": lambda f: operator_staff(f) | _handling(f),
}


def _notify_filing_event(message: OutboxMessage) -> None:
    payload = message.payload
    filing = Filing.objects.filter(pk=payload["filing_id"]).first()
    if filing is None:
        return
    who = RECIPIENTS.get(payload["action"], lambda f: set())(filing)
    who.discard(payload.get("actor_id"))
    who.discard(None)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                filing=filing,
                outbox=message,
                verb=payload["action"],
                message=payload.get("text", "")[:2000],
            )
            for user_id in sorted(who)
        ],
        ignore_conflicts=True,  # the unique (outbox, recipient) row makes a retry a no-op
    )


HANDLERS: dict[str, Any] = {"filing.event": _notify_filing_event}
