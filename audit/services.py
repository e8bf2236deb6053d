"""Writing and verifying the audit chain."""

from __future__ import annotations

import ipaddress
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import GENESIS_HASH, AuditEvent

# The address of the request in progress, for the admin log's signal (audit.middleware).
request_address: ContextVar[str | None] = ContextVar("audit_request_address", default=None)

# Any constant: it names the advisory lock that serialises appends on PostgreSQL.
_CHAIN_LOCK_KEY = 7_311_2018


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address: the socket's, or the one the trusted proxies vouch for.

    With `TRUSTED_PROXY_COUNT = 0` (the default) only REMOTE_ADDR counts and X-Forwarded-For
    is ignored: a client can write anything there. With N trusted proxies in front, each
    appending the address it saw, the N-th entry from the right of X-Forwarded-For is the
    address the outermost trusted proxy saw; entries left of it are the client's own claims
    and are never read. Lockout (django-axes) and the audit trail both use this function.
    """
    if request is None:
        return None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
            if _is_ip(candidate):
                return candidate
        # Fewer hops than proxies: the request did not come through them all. Fall back to
        # the socket, which is then the nearest proxy (never a client-chosen value).
    return request.META.get("REMOTE_ADDR") or None


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def actor_role(user: Any) -> str:
    """The role the trail names a user by, from `settings.AUDIT_ROLE_RESOLVER` (the audit app
    sits below `platforms`, where roles live, so it is told how rather than importing it)."""
    path = getattr(settings, "AUDIT_ROLE_RESOLVER", "")
    if not path or not getattr(user, "is_authenticated", False):
        return ""
    return str(import_string(path)(user))


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
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Append one event to the chain. Call inside the transaction of the change it records,
    after its last row is written: the chain's lock is the last lock a write takes
    (filings/services/locks.py), since every write waits for it until commit.

    `object_type`, `object_id` and `object_repr` name an object that is not at hand as a
    model instance (one the admin just deleted); `obj` wins when both are given.
    """
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
            object_type=obj._meta.label_lower if obj is not None else object_type[:60],
            object_id=str(obj.pk) if obj is not None else str(object_id)[:40],
            object_repr=str(obj)[:300] if obj is not None else object_repr[:300],
            filing_id=filing_id,
            revision_hash=revision_hash,
            address=address,
            data=data or {},
            prev_hash=last or GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        event.save()
    return event


def record_request_event(
    request: HttpRequest,
    *,
    action: str,
    obj: models.Model | None = None,
    filing_id: int | None = None,
    data: dict[str, Any] | None = None,
    **names: str,
) -> AuditEvent:
    """An event done by the request's user: actor, role and client address from the request."""
    user = getattr(request, "user", None)
    return record_event(
        action=action,
        obj=obj,
        actor=user,
        actor_role=actor_role(user),
        filing_id=filing_id,
        address=client_address(request),
        data=data,
        **names,
    )


def record_download(
    request: HttpRequest, evidence: models.Model, *, filing_id: int | None = None
) -> AuditEvent:
    """Record that the request's user downloaded (or opened) a piece of evidence.

    Call it from every view that serves an evidence file, after the permission check and
    before returning the file: `record_download(request, evidence, filing_id=filing.pk)`.
    The event holds the file's SHA-256 and original name, so the trail says exactly what left.
    """
    return record_request_event(
        request,
        action="evidence.downloaded",
        obj=evidence,
        filing_id=filing_id,
        data={
            "sha256": getattr(evidence, "sha256", ""),
            "name": getattr(evidence, "original_name", ""),
            "size": getattr(evidence, "size", None),
        },
    )


def filing_timeline(filing_id: int) -> models.QuerySet[AuditEvent]:
    """A filing's audit events, oldest first: for the supervisor's timeline on the filing page.

    The caller has already checked that the user may see the filing."""
    return AuditEvent.objects.filter(filing_id=filing_id).order_by("id").select_related("actor")


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
