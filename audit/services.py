"""Writing and verifying the audit chain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import GENESIS_HASH, AuditEvent

# Any constant: it names the advisory lock that serialises appends on PostgreSQL.
_CHAIN_LOCK_KEY = 7_311_2018


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the trusted proxy (or the socket) reports it.

    Never read from X-Forwarded-For directly: a client can forge it. A deployment behind a
    proxy sets that proxy to overwrite REMOTE_ADDR.
    """
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_event(
    *,
    action: str,
    obj: models.Model | None = None,
    actor: Any = None,
    actor_role: str = "",
    filing_id: int | None = None,
    revision_hash: str = "",
    address: str | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Call inside the transaction of the change it records."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        user = actor if getattr(actor, "is_authenticated", False) else None
        # Hash the address as the database will store it (an IPv6 address compressed and in
        # lower case, an empty one as NULL); hashing the raw text would break the chain.
        address = AuditEvent._meta.get_field("address").get_prep_value(address) or None
        event = AuditEvent(
            at=timezone.now(),
            actor=user,
            actor_name=user.get_username() if user else "",
            actor_role=actor_role,
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=str(obj)[:300] if obj is not None else "",
            filing_id=filing_id,
            revision_hash=revision_hash,
            address=address,
            data=data or {},
            prev_hash=last or GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        event.save()
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    count: int
    broken_at: int | None = None
    reason: str = ""


def verify_chain() -> ChainReport:
    """Walk the chain in order; report the first row whose hash or link does not hold."""
    expected_prev = GENESIS_HASH
    count = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != expected_prev:
            return ChainReport(False, count, event.pk, "the link to the previous event is broken")
        if event.compute_hash() != event.hash:
            return ChainReport(False, count, event.pk, "the event's content was altered")
        expected_prev = event.hash
        count += 1
    return ChainReport(True, count)
