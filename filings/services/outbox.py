"""The transactional outbox (docs/architecture.md#outbox-and-sweep).

`emit` writes an OutboxMessage in the caller's transaction and asks, after commit, for a
Celery task to process it. Publishing may fail (Redis down): the action is saved all the
same, and the sweep publishes what is still pending. Processing claims the row with a
conditional UPDATE, so a message delivered twice is handled once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from platforms.models import Membership, Role

from ..models import Filing, Notification, OfficeReview, OutboxMessage

logger = logging.getLogger(__name__)

# Messages older than this and still unprocessed are published again by the sweep.
REPUBLISH_AFTER = dt.timedelta(seconds=60)

# Apps above this one that act on every message (webhooks: the deliveries it makes), called
# inside the transaction that claims the message, after its handler: what they write is
# committed with the claim or not at all. They register from their AppConfig.ready, so this
# app never imports them (.importlinter).
SUBSCRIBERS: list[Callable[[OutboxMessage], None]] = []


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
        for subscriber in SUBSCRIBERS:
            subscriber(message)
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


def _reviews(filing: Filing, payload: dict[str, Any]) -> list[OfficeReview]:
    """The office the event concerns, or every office reviewing the filing."""
    reviews = OfficeReview.objects.filter(filing=filing)
    if payload.get("office"):
        reviews = reviews.filter(authority_id=payload["office"])
    return list(reviews)


def _office_regulators(
    filing: Filing,
    payload: dict[str, Any],
    roles: tuple[str, ...] = (Role.REVIEWER, Role.SUPERVISOR),
) -> set[int]:
    offices = [r.authority_id for r in _reviews(filing, payload)]
    if not offices:
        return regulators(filing, roles)
    return set(
        Membership.objects.filter(authority_id__in=offices, role__in=roles).values_list(
            "user_id", flat=True
        )
    )


def _handling(filing: Filing, payload: dict[str, Any]) -> set[int]:
    """Each concerned office's assigned reviewer, or its regulators while none is."""
    who: set[int] = set()
    for review in _reviews(filing, payload):
        if review.assignee_id:
            who.add(review.assignee_id)
        else:
            who |= _office_regulators(filing, {"office": review.authority_id})
    return who or regulators(filing)


def _approvers(filing: Filing, payload: dict[str, Any]) -> set[int]:
    """The supervisors who confirm a proposal: the office's, or the supervising office's."""
    if payload.get("escalated_to"):
        return set(
            Membership.objects.filter(
                authority_id=payload["escalated_to"], role=Role.SUPERVISOR
            ).values_list("user_id", flat=True)
        )
    return _office_regulators(filing, payload, (Role.SUPERVISOR,))


def _filer(roles: tuple[str, ...] = (Role.OFFICER,)) -> Any:
    return lambda f, p: operator_staff(f, roles)


_DECIDED = (Role.OFFICER, Role.SIGNATORY)

# action -> the users to tell (the actor is never told of their own action)
RECIPIENTS: dict[str, Any] = {
    "submitted": lambda f, p: regulators(f),
    "resubmitted": _handling,
    "reassessment_submitted": _handling,
    "withdrawn": _handling,
    "claimed": _filer(),
    "assigned": lambda f, p: {p.get("assignee_id")} | operator_staff(f),
    "returned": _filer(),
    "decision_proposed": _approvers,
    "approved": lambda f, p: operator_staff(f, _DECIDED) | _handling(f, p),
    "concluded": lambda f, p: operator_staff(f, _DECIDED) | _handling(f, p),
    "rejected": lambda f, p: operator_staff(f, _DECIDED) | _handling(f, p),
    "sent_back": _handling,
    "proposal_taken_back": lambda f, p: set(),
    "information_requested": _filer(),
    "information_answered": _handling,
    # A regulator's comment reaches the filer when it is shared with the filer (the form
    # says so); internal and inter-office notes notify nobody.
    "commented": lambda f, p: operator_staff(f) if p.get("visibility") == "filer" else set(),
    "rectification_ordered": _filer(_DECIDED),
    "rectification_responded": _handling,
    "rectification_verified": _filer(),
    "change_filed": lambda f, p: _handling(f, p) | regulators(f, (Role.SUPERVISOR,)),
    "change_accepted": _filer(),
    "change_refused": _filer(_DECIDED),
    # Recorded by an officer: the operator's signatory hears of the clock it starts.
    "change_recorded": _filer((Role.OFFICER, Role.SIGNATORY)),
    "cancellation_recorded": _filer((Role.OFFICER, Role.SIGNATORY)),
    "cancellation_refused": _filer(_DECIDED),
    "cancellation_filed": lambda f, p: _handling(f, p) | regulators(f, (Role.SUPERVISOR,)),
    "cancellation_accepted": _filer(),
    "revoked": _filer(_DECIDED),
    # An officer asks the operator's signatories to sign; reminded once if still unsigned.
    "signoff_requested": _filer((Role.SIGNATORY,)),
    "signoff_reminder": _filer((Role.SIGNATORY,)),
    # The filer must be told of an extension, with the reasons (GDPR Art. 36(2)).
    "deadline_extended": lambda f, p: operator_staff(f) | _handling(f, p),
}


def _notify_filing_event(message: OutboxMessage) -> None:
    payload = message.payload
    filing = Filing.objects.filter(pk=payload["filing_id"]).first()
    if filing is None:
        return
    who = RECIPIENTS.get(payload["action"], lambda f, p: set())(filing, payload)
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
