"""Sending: a 2xx is success; anything else is tried again after 1 min, 5 min, 30 min, 2 h
and 8 h, then the delivery has failed; a redirect is not followed; every attempt is logged;
during a rotation's grace period both secrets sign."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from webhooks import delivery as sending
from webhooks import events, signing
from webhooks.models import Delivery, Endpoint

from .receiver import Receiver, running

pytestmark = pytest.mark.django_db


def make(receiver: Receiver, operator: Any, **fields: Any) -> Delivery:
    endpoint = Endpoint.objects.create(
        operator=operator,
        url=receiver.url,
        events=["filing.state_changed"],
        secret=signing.new_secret(),
        **fields,
    )
    receiver.secrets = [endpoint.secret]
    [row] = events.create_deliveries(
        [(endpoint, {"n": 1})], key="k", event_type="filing.state_changed", at=timezone.now()
    )
    return Delivery.objects.get(event_id=row.event_id)


def test_the_retry_schedule_then_failed(allow_local, bytedance):
    with running(Receiver(answer=lambda _id: 503)) as receiver:
        row = make(receiver, bytedance)
        start = timezone.now()
        waits = []
        with time_machine.travel(start, tick=False) as clock:
            for _ in range(sending.MAX_ATTEMPTS):
                assert sending.deliver(row.pk) is False
                row.refresh_from_db()
                if row.state == Delivery.State.FAILED:
                    break
                assert sending.deliver(row.pk) is None  # not due yet
                assert row.next_attempt_at is not None
                waits.append(row.next_attempt_at - timezone.now())
                clock.move_to(row.next_attempt_at)
    assert waits == [
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=5),
        dt.timedelta(minutes=30),
        dt.timedelta(hours=2),
        dt.timedelta(hours=8),
    ]
    assert row.state == Delivery.State.FAILED and row.attempts == 6
    assert receiver.received == {row.event_id: 6}  # the same webhook-id every time
    log = list(row.attempt_log.order_by("number"))
    assert [a.status_code for a in log] == [503] * 6
    assert all(a.error == "HTTP 503" and a.finished_at for a in log)


def test_a_redirect_is_not_followed(allow_local, bytedance):
    with running(Receiver(answer=lambda _id: 302)) as receiver:
        row = make(receiver, bytedance)
        assert sending.deliver(row.pk) is False
    assert receiver.paths == ["/hook/"]  # never the place it pointed to
    assert row.attempt_log.get().status_code == 302


def test_an_unreachable_endpoint_is_logged_with_its_error(allow_local, bytedance):
    with running(Receiver()) as receiver:
        row = make(receiver, bytedance)
    # The receiver is gone: nothing listens on its port any more.
    assert sending.deliver(row.pk) is False
    attempt = row.attempt_log.get()
    assert attempt.status_code is None and "ConnectionError" in attempt.error


def test_an_endpoint_that_now_resolves_to_a_private_address_is_not_called(settings, bytedance):
    settings.WEBHOOK_ALLOW_HTTP = True
    with running(Receiver()) as receiver:
        row = make(receiver, bytedance)
        assert sending.deliver(row.pk) is False
    assert receiver.received == {}
    assert "private, loopback or reserved" in row.attempt_log.get().error


def test_during_the_grace_period_both_secrets_sign_and_after_it_only_the_new(
    allow_local, bytedance
):
    with running(Receiver()) as receiver:
        row = make(receiver, bytedance)
        endpoint = row.endpoint
        old = endpoint.secret
        endpoint.previous_secret, endpoint.secret = old, signing.new_secret()
        endpoint.previous_secret_expires_at = timezone.now() + dt.timedelta(hours=24)
        endpoint.save()
        assert len(sending.valid_secrets(endpoint, timezone.now())) == 2
        receiver.secrets = [old]  # a receiver not switched yet
        assert sending.deliver(row.pk) is True
        later = timezone.now() + dt.timedelta(hours=25)
        assert sending.valid_secrets(endpoint, later) == [endpoint.secret]
    assert receiver.bad_signatures == 0 and receiver.received == {row.event_id: 1}


def test_the_sweep_hands_out_what_is_due_and_a_claim_older_than_the_lease(
    allow_local, bytedance, settings, monkeypatch
):
    queued: list[int] = []
    monkeypatch.setattr(sending, "queue", lambda ids, manual=False: queued.extend(ids))
    with running(Receiver()) as receiver:
        row = make(receiver, bytedance)
    now = timezone.now()
    Delivery.objects.filter(pk=row.pk).update(claimed_at=now, attempts=1)
    sending.sweep(now)
    assert queued == []  # a live claim: another worker is sending it
    sending.sweep(now + dt.timedelta(seconds=settings.WEBHOOK_CLAIM_LEASE_SECONDS + 1))
    assert queued == [row.pk]


def test_an_endpoint_disabled_since_the_event_is_not_called_and_the_delivery_fails(
    allow_local, bytedance
):
    with running(Receiver()) as receiver:
        row = make(receiver, bytedance)
        Endpoint.objects.filter(pk=row.endpoint_id).update(enabled=False)
        assert sending.deliver(row.pk) is False
    row.refresh_from_db()
    assert receiver.received == {}
    assert row.state == Delivery.State.FAILED
    assert row.attempt_log.get().error == "The endpoint is disabled."
