"""Registering, changing, rotating, testing and removing webhook endpoints; re-sending a
failed delivery. Every change is audited (webhook.*), like the API tokens' (api.services).

Who manages an organisation's endpoints: its compliance officers (an operator) or its
reviewers and supervisors (an authority), as for API tokens.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import actor_role, record_event
from platforms.models import Role
from platforms.roles import get_actor

from . import signing
from .delivery import MAX_ATTEMPTS, queue
from .events import create_deliveries, link
from .models import TEST_EVENT, Delivery, Endpoint, EventType
from .urlguard import UnsafeUrl, check_url


class WebhookError(Exception):
    """A change refused, with a message for the person asking."""


def organisation_of(user: Any) -> dict[str, int] | None:
    """The organisation whose endpoints the user manages: an officer's operator, a reviewer's
    or supervisor's authority; None for anyone else (signatories, admins)."""
    actor = get_actor(user)
    for operator_id, roles in sorted(actor.operator_roles.items()):
        if Role.OFFICER in roles:
            return {"operator_id": operator_id}
    for authority_id, roles in sorted(actor.authority_roles.items()):
        if roles & {Role.REVIEWER, Role.SUPERVISOR}:
            return {"authority_id": authority_id}
    return None


def managed_endpoints(user: Any) -> QuerySet[Endpoint]:
    """The endpoints the user may see and change (anyone else's is a 404)."""
    organisation = organisation_of(user)
    if organisation is None:
        return Endpoint.objects.none()
    return Endpoint.objects.filter(**organisation)


def grace() -> dt.timedelta:
    return dt.timedelta(hours=settings.WEBHOOK_ROTATION_GRACE_HOURS)


def _clean(url: str, events: list[str]) -> tuple[str, list[str]]:
    url = (url or "").strip()
    try:
        check_url(url)
    except UnsafeUrl as exc:
        raise WebhookError(str(exc)) from exc
    events = sorted(set(events or []))
    if not events:
        raise WebhookError(_("Choose at least one event."))
    if not set(events) <= set(EventType.values):
        raise WebhookError(_("Choose events from the list."))
    return url, events


def _audit(action: str, endpoint: Endpoint, by: Any, address: str | None, **data: Any) -> None:
    record_event(
        action=f"webhook.{action}",
        obj=endpoint,
        actor=by,
        actor_role=actor_role(by),
        address=address,
        data={"endpoint": endpoint.pk, **data},
    )


@transaction.atomic
def create_endpoint(
    *,
    by: Any,
    url: str,
    events: list[str],
    description: str = "",
    enabled: bool = True,
    address: str | None = None,
) -> Endpoint:
    organisation = organisation_of(by)
    if organisation is None:
        raise WebhookError(
            _("Only compliance officers, reviewers and supervisors manage webhooks.")
        )
    url, events = _clean(url, events)
    endpoint = Endpoint.objects.create(
        url=url,
        events=events,
        description=(description or "").strip(),
        enabled=enabled,
        secret=signing.new_secret(),
        created_by=by,
        **organisation,
    )
    _audit("created", endpoint, by, address, url=url, events=events, enabled=enabled)
    return endpoint


def _lock(endpoint: Endpoint, by: Any) -> Endpoint:
    try:
        return managed_endpoints(by).select_for_update().get(pk=endpoint.pk)
    except Endpoint.DoesNotExist as exc:
        raise WebhookError(_("You do not manage this endpoint.")) from exc


@transaction.atomic
def update_endpoint(
    *,
    endpoint: Endpoint,
    by: Any,
    url: str,
    events: list[str],
    description: str = "",
    enabled: bool = True,
    address: str | None = None,
) -> Endpoint:
    endpoint = _lock(endpoint, by)
    url, events = _clean(url, events)
    endpoint.url, endpoint.events, endpoint.enabled = url, events, enabled
    endpoint.description = (description or "").strip()
    endpoint.save(update_fields=["url", "events", "enabled", "description", "updated_at"])
    _audit("changed", endpoint, by, address, url=url, events=events, enabled=enabled)
    return endpoint


@transaction.atomic
def rotate_secret(*, endpoint: Endpoint, by: Any, address: str | None = None) -> Endpoint:
    """A new secret signs from now on; the previous one also signs for the grace period, so a
    receiver switches without losing an event."""
    endpoint = _lock(endpoint, by)
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = timezone.now() + grace()
    endpoint.secret = signing.new_secret()
    endpoint.save(
        update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"]
    )
    _audit(
        "secret_rotated",
        endpoint,
        by,
        address,
        previous_valid_until=endpoint.previous_secret_expires_at.isoformat(),
    )
    return endpoint


@transaction.atomic
def delete_endpoint(*, endpoint: Endpoint, by: Any, address: str | None = None) -> None:
    endpoint = _lock(endpoint, by)
    _audit("deleted", endpoint, by, address, url=endpoint.url)
    endpoint.delete()


@transaction.atomic
def send_test(*, endpoint: Endpoint, by: Any, address: str | None = None) -> Delivery:
    """A webhook.test event, sent at once (one attempt, not retried)."""
    endpoint = _lock(endpoint, by)
    now = timezone.now()
    key = f"test:{now.timestamp()}:{by.pk}"
    data = {
        "endpoint": endpoint.pk,
        "message": "This is a test event.",
        "url": link("webhooks:detail", endpoint.pk),
    }
    [delivery] = create_deliveries(
        [(endpoint, data)], key=key, event_type=TEST_EVENT, at=now, max_attempts=1
    )
    _audit("test_sent", endpoint, by, address, webhook_id=delivery.event_id)
    return delivery


@transaction.atomic
def resend(*, delivery: Delivery, by: Any, address: str | None = None) -> Delivery:
    """One more attempt at a failed delivery, at once, with the same webhook-id."""
    _lock(delivery.endpoint, by)
    updated = Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.FAILED).update(
        state=Delivery.State.PENDING,
        next_attempt_at=timezone.now(),
        max_attempts=max(delivery.attempts, 0) + 1,
        claimed_at=None,
    )
    if not updated:
        raise WebhookError(_("Only a failed delivery is sent again."))
    _audit("resent", delivery.endpoint, by, address, webhook_id=delivery.event_id)
    pk = delivery.pk
    transaction.on_commit(lambda: queue([pk], manual=True))
    delivery.refresh_from_db()
    return delivery


__all__ = [
    "MAX_ATTEMPTS",
    "WebhookError",
    "create_endpoint",
    "delete_endpoint",
    "managed_endpoints",
    "organisation_of",
    "resend",
    "rotate_secret",
    "send_test",
    "update_endpoint",
]
