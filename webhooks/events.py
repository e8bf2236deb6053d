"""Which organisation hears of what, and the deliveries an event makes
(docs/api.md#webhooks).

`on_outbox_message` is registered in filings' outbox (apps.py) and runs inside the
transaction that claims each message, so a delivery row exists for every endpoint an event
concerns as soon as the message counts as processed: none is lost between the two.

An organisation hears only of what its people may see (filings.access, filings.activity):
an operator, of its own filings, of the events on its timeline and of the comments shared
with it, never of an office's internal notes or proposals; an authority, of the submitted
filings addressed to it or escalated to it, and of another office's business only when it
was shared.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from filings.activity import FILER_EVENTS, OFFICE_EVENTS
from filings.models import (
    FINAL_STATES,
    OPERATOR_DEADLINES,
    Deadline,
    Decision,
    Filing,
    OfficeReview,
    OutboxMessage,
)
from filings.services import reminders
from filings.services.outbox import emit

from .models import Delivery, Endpoint, EventType

DEADLINE_TOPIC = "webhook.deadline"

# The filing.event actions that move a filing (or an office's review of it) on.
STATE_ACTIONS = frozenset(
    {
        "submitted",
        "resubmitted",
        "reassessment_submitted",
        "withdrawn",
        "claimed",
        "returned",
        "approved",
        "concluded",
        "rejected",
        "sent_back",
        "rectification_ordered",
        "rectification_responded",
        "rectification_verified",
        "change_recorded",
        "change_filed",
        "change_accepted",
        "change_refused",
        "cancellation_recorded",
        "cancellation_filed",
        "cancellation_accepted",
        "cancellation_refused",
        "revoked",
    }
)
COMMENT_ACTIONS = frozenset({"commented", "information_requested", "information_answered"})

Step = reminders.Step
DEADLINE_STEPS = {
    Step.BEFORE_5: EventType.DEADLINE_APPROACHING,
    Step.BEFORE_1: EventType.DEADLINE_APPROACHING,
    Step.DUE: EventType.DEADLINE_APPROACHING,
    Step.OVERDUE: EventType.DEADLINE_OVERDUE,
}


def new_event_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


def body(event_type: str, at: dt.datetime, data: dict[str, Any]) -> str:
    """The JSON sent, fixed when the delivery is made (every attempt sends the same bytes)."""
    return json.dumps(
        {"type": event_type, "timestamp": at.isoformat(), "data": data},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )


def link(name: str, *args: Any) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


# --- Subscribers ----------------------------------------------------------------------------
def subscribed(
    event_type: str, *, operator_ids: Iterable[int] = (), authority_ids: Iterable[int] = ()
) -> list[Endpoint]:
    """The enabled endpoints of these organisations that asked for this event. (Filtered
    here, not in SQL: SQLite has no JSON containment, and an organisation has few.)"""
    found = list(Endpoint.objects.filter(enabled=True, operator_id__in=list(operator_ids))) + list(
        Endpoint.objects.filter(enabled=True, authority_id__in=list(authority_ids))
    )
    return [e for e in found if event_type in e.events]


def create_deliveries(
    items: Iterable[tuple[Endpoint, dict[str, Any]]],
    *,
    key: str,
    event_type: str,
    at: dt.datetime,
    max_attempts: int | None = None,
) -> list[Delivery]:
    """One delivery per (endpoint, its data) for this source (`key`), in the caller's
    transaction; after commit each is handed to a worker (the sweep sends what that misses)."""
    now = timezone.now()
    rows = [
        Delivery(
            endpoint=endpoint,
            event_id=new_event_id(),
            event_type=event_type,
            key=key,
            body=body(event_type, at, data),
            next_attempt_at=now,
            **({"max_attempts": max_attempts} if max_attempts else {}),
        )
        for endpoint, data in items
    ]
    if not rows:
        return []
    # A source processed twice makes no second delivery (unique endpoint and key).
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    transaction.on_commit(lambda: _queue(key))
    return rows


def _queue(key: str) -> None:
    from .delivery import queue

    queue(
        Delivery.objects.filter(key=key, state=Delivery.State.PENDING).values_list("pk", flat=True)
    )


def on_outbox_message(message: OutboxMessage) -> None:
    if message.topic == "filing.event":
        filing_event(message)
    elif message.topic == "notice.issued":
        notice_event(message)
    elif message.topic == DEADLINE_TOPIC:
        deadline_event(message)


# --- Filing events --------------------------------------------------------------------------
def _operator_hears(action: str, payload: dict[str, Any]) -> bool:
    if action == "commented":
        return payload.get("visibility") == "filer"
    if action == "information_answered":
        return False  # the operator's own answer
    return action in FILER_EVENTS


def _office_hears(action: str, payload: dict[str, Any], office: int) -> bool:
    """What the office's timeline shows (filings.activity), less what it did itself."""
    if action == "information_requested":
        return False
    if action == "commented":
        return payload.get("office") == office or payload.get("visibility") in (
            "offices",
            "filer",
        )
    return action not in OFFICE_EVENTS or payload.get("office") == office


def _offices(filing: Filing) -> set[int]:
    """The offices that see the filing (filings.access): addressed to, or escalated to for
    confirmation; none before it was submitted."""
    if filing.first_submitted_at is None:
        return set()
    addressed = set(filing.authorities.values_list("pk", flat=True))
    escalated = Decision.objects.filter(
        filing=filing, outcome=Decision.Outcome.PENDING, escalated_to__isnull=False
    ).values_list("escalated_to_id", flat=True)
    return addressed | set(escalated)


def filing_data(filing: Filing, *, action: str, state: str, audience: str) -> dict[str, Any]:
    api = "api:filing" if audience == "operator" else "api:review-filing"
    return {
        "action": action,
        "filing": {
            "id": filing.pk,
            "reference": filing.reference,
            "filing_number": filing.filing_number or None,
            "state": state,
            "regime": filing.regime.code,
            "operator": filing.operator_id,
            "platform": filing.platform_id,
            "url": link("filings:detail", filing.pk),
            "api_url": link(api, filing.pk),
        },
    }


def filing_event(message: OutboxMessage) -> None:
    payload = message.payload
    action = payload.get("action", "")
    if action in COMMENT_ACTIONS:
        event_type = EventType.COMMENT_RECEIVED
    elif action in STATE_ACTIONS:
        event_type = EventType.FILING_STATE_CHANGED
    else:
        return
    filing = Filing.objects.select_related("regime").filter(pk=payload.get("filing_id")).first()
    if filing is None:
        return
    state = payload.get("state") or filing.state
    # Only what was written for the filer travels (the outbox carries no other text).
    text = payload.get("text", "")
    endpoints = []
    if _operator_hears(action, payload):
        endpoints += subscribed(event_type, operator_ids=[filing.operator_id])
    offices = [o for o in _offices(filing) if _office_hears(action, payload, o)]
    endpoints += subscribed(event_type, authority_ids=offices)
    items = []
    for endpoint in endpoints:
        audience = "operator" if endpoint.operator_id else "authority"
        data = filing_data(filing, action=action, state=state, audience=audience)
        if payload.get("office"):
            data["office"] = payload["office"]
        if text:
            data["text"] = text
        items.append((endpoint, data))
    create_deliveries(
        items, key=f"outbox:{message.pk}", event_type=event_type, at=message.created_at
    )


# --- Notices --------------------------------------------------------------------------------
def notice_event(message: OutboxMessage) -> None:
    from notices.models import Notice, NoticeRecipient

    notice = Notice.objects.filter(pk=message.payload.get("notice_id")).first()
    if notice is None:
        return
    items = []
    for recipient in NoticeRecipient.objects.filter(notice=notice):
        for endpoint in subscribed(EventType.NOTICE_RECEIVED, operator_ids=[recipient.operator_id]):
            data = {
                "notice": {
                    "id": notice.pk,
                    "number": notice.number,
                    "title": notice.title,
                    "kind": notice.kind,
                    "issued_on": notice.issued_on.isoformat() if notice.issued_on else None,
                    "deadline": notice.deadline.isoformat() if notice.deadline else None,
                    "url": link("notices:received", recipient.pk),
                },
                "operator": recipient.operator_id,
            }
            items.append((endpoint, data))
    create_deliveries(
        items,
        key=f"outbox:{message.pk}",
        event_type=EventType.NOTICE_RECEIVED,
        at=message.created_at,
    )


# --- Deadlines ------------------------------------------------------------------------------
def signal_deadlines(now: dt.datetime) -> int:
    """Called by the sweep: one outbox message per (deadline, step) that entered a reminder
    window since the last sweep (the windows of filings.services.reminders). Returns how many."""
    from .models import DeadlineSignal

    wanted = {e for e in DEADLINE_STEPS.values()}
    listening = [
        (operator, authority)
        for operator, authority, events in Endpoint.objects.filter(enabled=True).values_list(
            "operator_id", "authority_id", "events"
        )
        if wanted & set(events)
    ]
    if not listening:
        return 0
    # Only the deadlines of filings an organisation with such an endpoint hears of (its own,
    # or one its office reviews: deadline_event): a national register's other deadlines
    # are neither signalled nor marked, so an organisation that subscribes later hears of
    # its own from the next window on.
    operators = {operator for operator, _authority in listening if operator}
    authorities = {authority for _operator, authority in listening if authority}
    heard = Q(filing__operator_id__in=operators) | Q(
        Exists(
            OfficeReview.objects.filter(
                filing_id=OuterRef("filing_id"), authority_id__in=authorities
            )
        )
    )
    today = timezone.localdate(now)
    emitted = 0
    for window in reminders.windows(today):
        if window.step not in DEADLINE_STEPS:
            continue
        due = Deadline.objects.running().exclude(filing__state__in=FINAL_STATES).filter(heard)
        if window.after is not None:
            due = due.filter(due_date__gt=window.after)
        if window.until is not None:
            due = due.filter(due_date__lte=window.until)
        done = DeadlineSignal.objects.filter(step=window.step).values("deadline_id")
        ids = list(due.exclude(pk__in=done).values_list("pk", flat=True)[:500])
        if not ids:
            continue
        with transaction.atomic():
            DeadlineSignal.objects.bulk_create(
                [DeadlineSignal(deadline_id=pk, step=window.step) for pk in ids],
                ignore_conflicts=True,
            )
            for pk in ids:
                # Two sweeps at once may both emit: the delivery key makes it one delivery.
                emit(DEADLINE_TOPIC, {"deadline_id": pk, "step": str(window.step)})
        emitted += len(ids)
    return emitted


def deadline_event(message: OutboxMessage) -> None:
    payload = message.payload
    step = payload.get("step", "")
    event_type = DEADLINE_STEPS.get(step)
    deadline = (
        Deadline.objects.select_related("filing", "filing__regime")
        .filter(pk=payload.get("deadline_id"))
        .first()
    )
    if event_type is None or deadline is None:
        return
    filing = deadline.filing
    if deadline.kind in {str(k) for k in OPERATOR_DEADLINES}:
        endpoints = subscribed(event_type, operator_ids=[filing.operator_id])
    else:
        # The review clocks: the offices whose review is still going on.
        offices = OfficeReview.objects.filter(filing=filing).exclude(
            state__in=["waiting", "concluded"]
        )
        endpoints = subscribed(
            event_type, authority_ids=offices.values_list("authority_id", flat=True)
        )
    items = []
    for endpoint in endpoints:
        audience = "operator" if endpoint.operator_id else "authority"
        data = filing_data(filing, action="", state=filing.state, audience=audience)
        data.pop("action")
        data["deadline"] = {
            "id": deadline.pk,
            "kind": deadline.kind,
            "due_date": deadline.due_date.isoformat(),
            "step": step,
        }
        items.append((endpoint, data))
    create_deliveries(
        items, key=f"deadline:{deadline.pk}:{step}", event_type=event_type, at=message.created_at
    )
