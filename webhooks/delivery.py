"""Sending deliveries (docs/api.md#webhooks).

A worker claims a delivery with a conditional UPDATE (pending, due, attempts left, and no
live claim: a claim older than the lease belongs to a worker that died), logs the attempt,
POSTs the body signed with every valid secret, without following redirects and with short
timeouts, and records the answer: a 2xx is success; anything else is tried again after 1 min,
5 min, 30 min, 2 h and 8 h, then the delivery has failed (it can be re-sent by hand). The
sweep (every minute) hands out the deliveries due again and those whose claim expired.

Delivery is at least once: a worker killed after the receiver got the request but before it
recorded the answer leaves the delivery to be sent again, with the same webhook-id.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

import requests
import urllib3
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import signing
from .models import TEST_EVENT, Attempt, Delivery, Endpoint
from .urlguard import PinnedAddressAdapter, UnsafeUrl, addresses_to_connect

logger = logging.getLogger(__name__)

# After the n-th failed attempt, the next one waits BACKOFF[n - 1]; after the last, failed.
BACKOFF = [
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=8),
]
MAX_ATTEMPTS = len(BACKOFF) + 1
EXCERPT = 500  # characters of a response body kept in the log
USER_AGENT = "filings-webhooks/1"


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.WEBHOOK_CLAIM_LEASE_SECONDS)


def next_attempt(attempts: int, now: dt.datetime) -> dt.datetime | None:
    """When to try again after `attempts` failed attempts; None: give up."""
    if attempts >= MAX_ATTEMPTS or attempts < 1:
        return None
    return now + BACKOFF[attempts - 1]


def claimable(now: dt.datetime) -> Q:
    return Q(
        state=Delivery.State.PENDING, next_attempt_at__lte=now, attempts__lt=F("max_attempts")
    ) & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease()))


def valid_secrets(endpoint: Endpoint, now: dt.datetime) -> list[str]:
    found = [endpoint.secret]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret and expires and expires > now:
        found.append(endpoint.previous_secret)
    return found


def _claim(delivery_id: int, *, manual: bool) -> tuple[Delivery, Attempt] | None:
    now = timezone.now()
    with transaction.atomic():
        claimed = Delivery.objects.filter(claimable(now), pk=delivery_id).update(
            claimed_at=now, attempts=F("attempts") + 1
        )
        if not claimed:
            return None
        delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
        attempt = Attempt.objects.create(
            delivery=delivery, number=delivery.attempts, manual=manual, started_at=now
        )
    return delivery, attempt


def _post(delivery: Delivery, now: dt.datetime) -> tuple[int | None, str, str]:
    """(status code, response excerpt, error). Connects only to an address the URL check
    vetted (urlguard: DNS rebinding); the next one when a connection cannot be made, never
    after anything was sent."""
    endpoint = delivery.endpoint
    try:
        addresses = addresses_to_connect(endpoint.url)
    except UnsafeUrl as exc:
        return None, "", str(exc)
    parts = urlsplit(endpoint.url)
    headers = {
        "host": parts.netloc,  # the name, not the address connected to
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        **signing.headers(
            valid_secrets(endpoint, now),
            msg_id=delivery.event_id,
            timestamp=now,
            body=delivery.body,
        ),
    }
    tries: list[str | None] = [*addresses] or [None]  # None: by name (development only)
    for n, address in enumerate(tries, 1):
        with requests.Session() as session:
            if address is not None:
                adapter = PinnedAddressAdapter(parts.hostname or "", address)
                session.mount(f"{parts.scheme}://", adapter)
            try:
                with session.post(
                    endpoint.url,
                    data=delivery.body.encode(),
                    headers=headers,
                    timeout=(settings.WEBHOOK_CONNECT_TIMEOUT, settings.WEBHOOK_READ_TIMEOUT),
                    allow_redirects=False,  # a redirect is an answer, not somewhere to go
                    stream=True,
                ) as response:
                    raw = response.raw.read(EXCERPT * 4, decode_content=True) or b""
                    excerpt = raw.decode(response.encoding or "utf-8", errors="replace")
                    return response.status_code, excerpt[:EXCERPT], ""
            except requests.ConnectionError as exc:
                if n < len(tries) and _not_connected(exc):
                    continue
                return None, "", f"{type(exc).__name__}: {exc}"[:500]
            except requests.RequestException as exc:
                return None, "", f"{type(exc).__name__}: {exc}"[:500]
    raise AssertionError("unreachable: the last address returns")  # pragma: no cover


def _not_connected(exc: requests.ConnectionError) -> bool:
    """Whether the connection was never made (refused, unreachable, timed out connecting),
    so nothing was sent and another address may be tried."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


def deliver(delivery_id: int, *, manual: bool = False) -> bool | None:
    """Make one attempt if the delivery is ours to make. True: delivered; False: failed
    (to be retried or given up); None: nothing to do (done, not due, or held by another)."""
    claim = _claim(delivery_id, manual=manual)
    if claim is None:
        return None
    delivery, attempt = claim
    started = time.monotonic()
    if delivery.endpoint.enabled or manual or delivery.event_type == TEST_EVENT:
        status, excerpt, error = _post(delivery, attempt.started_at)
    else:
        # Disabled since the event: not sent, and not retried ("Send again" sends it).
        status, excerpt, error = None, "", _("The endpoint is disabled.")
        delivery.max_attempts = delivery.attempts
    finished = timezone.now()
    ok = status is not None and 200 <= status < 300
    if status is not None and not ok and not error:
        error = f"HTTP {status}"
    Attempt.objects.filter(pk=attempt.pk).update(
        finished_at=finished,
        duration_ms=int((time.monotonic() - started) * 1000),
        status_code=status,
        response_excerpt=excerpt,
        error=error[:500],
    )
    mine = Delivery.objects.filter(pk=delivery.pk, claimed_at=attempt.started_at)
    if ok:
        mine.update(state=Delivery.State.SUCCEEDED, delivered_at=finished, claimed_at=None)
        return True
    retry_at = next_attempt(delivery.attempts, finished)
    if delivery.attempts >= delivery.max_attempts or retry_at is None:
        mine.update(state=Delivery.State.FAILED, claimed_at=None, next_attempt_at=None)
    else:
        mine.update(claimed_at=None, next_attempt_at=retry_at)
    return False


def queue(ids: Iterable[int], *, manual: bool = False) -> int:
    """Hand deliveries to workers; never raises (the sweep hands out what is left)."""
    from .tasks import deliver_webhook

    queued = 0
    for pk in ids:
        try:
            deliver_webhook.delay(pk, manual)
        except Exception as exc:  # broker down: the sweep queues it again
            logger.warning("Webhook delivery %s not queued: %s", pk, exc)
            break
        queued += 1
    return queued


def give_up_exhausted(now: dt.datetime) -> int:
    """A delivery whose last attempt's worker died, with no attempt left: failed."""
    return Delivery.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease()),
        state=Delivery.State.PENDING,
        attempts__gte=F("max_attempts"),
    ).update(state=Delivery.State.FAILED, claimed_at=None, next_attempt_at=None)


def sweep(now: dt.datetime) -> int:
    """The beat's share (registered in filings' sweep): announce deadlines, give up on the
    exhausted, and queue every delivery due (again) or whose claim expired."""
    from .events import signal_deadlines

    try:
        signal_deadlines(now)
    except Exception:  # the deliveries due must still go out
        logger.exception("Deadline events not announced")
    give_up_exhausted(now)
    due = Delivery.objects.filter(claimable(now)).order_by("next_attempt_at")
    return queue(list(due.values_list("pk", flat=True)[:500]))
