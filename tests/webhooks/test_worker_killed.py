"""Webhooks through a real worker that is killed mid-delivery (docs/api.md#webhooks).

Events go through the outbox to a real Celery worker process; a local receiver verifies
every signature and counts deliveries by webhook-id. The receiver holds the first request
open and the worker sending it is killed with SIGKILL; a new worker is started and the sweep
hands out what the dead one held once its claim expired. Every event arrives (distinct ids =
events), each delivery is recorded successful exactly once, and the one that was interrupted
is sent again with the same webhook-id (at least once, so the receiver can drop it)."""

from __future__ import annotations

import os
import signal
import threading

import pytest
from django.db import transaction

from config.celery import app
from filings.models import OutboxMessage, State
from filings.services import reminders
from filings.services.outbox import emit
from tests.builders import filing_in_state
from tests.filings.test_broker import wait_for
from tests.filings.test_worker_reminders import (
    filesystem_broker,
    reset_connections,
    start_worker_process,
    worker_processes,  # noqa: F401 (a fixture)
)
from webhooks import signing
from webhooks.models import Attempt, Delivery, Endpoint

from .receiver import Receiver, running

pytestmark = pytest.mark.xdist_group("shared-redis")

EVENTS = 5
LEASE = 2  # seconds: the dead worker's claim expires quickly


def test_a_worker_killed_mid_delivery_loses_no_event_and_records_each_once(
    transactional_db,
    postgres,
    cast,
    tmp_path,
    settings,
    allow_local,
    worker_processes,  # noqa: F811
):
    settings.WEBHOOK_CLAIM_LEASE_SECONDS = LEASE
    filing = filing_in_state(State.SUBMITTED, **cast)  # before any endpoint: nothing sent
    OutboxMessage.objects.update(processed_at=filing.updated_at)

    first_request = threading.Event()
    release = threading.Event()

    def stall(event_id: str) -> None:
        if not first_request.is_set():
            first_request.set()
            release.wait(60)  # held open while its worker is killed

    with running(Receiver(stall=stall)) as receiver:
        endpoint = Endpoint.objects.create(
            operator=filing.operator,
            url=receiver.url,
            events=["filing.state_changed"],
            secret=signing.new_secret(),
        )
        receiver.secrets = [endpoint.secret]
        saved = {k: app.conf.get(k) for k in ["broker_url", "broker_transport_options"]}
        app.conf.update(task_always_eager=False, **filesystem_broker(tmp_path))
        reset_connections()
        env = {"WEBHOOK_CLAIM_LEASE_SECONDS": str(LEASE), "WEBHOOK_READ_TIMEOUT": "60"}
        try:
            first = start_worker_process(tmp_path, log="worker1.log", **env)
            worker_processes.append(first)
            # The events, as the services write them: outbox messages committed with the
            # change, published after commit to the worker.
            for _ in range(EVENTS):
                with transaction.atomic():
                    emit(
                        "filing.event",
                        {"filing_id": filing.pk, "action": "resubmitted", "actor_id": None},
                    )
            assert wait_for(first_request.is_set, 60), "the first worker never sent anything"
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
            release.set()  # the receiver answers a sender that is gone

            held = Delivery.objects.get(event_id__in=list(receiver.received))
            assert held.state == Delivery.State.PENDING and held.claimed_at is not None

            worker_processes.append(start_worker_process(tmp_path, log="worker2.log", **env))

            def all_delivered() -> bool:
                reminders.sweep()  # the beat: republishes, and hands out expired claims
                done = Delivery.objects.filter(state=Delivery.State.SUCCEEDED).count()
                return done == EVENTS

            assert wait_for(all_delivered, 90), list(Delivery.objects.values("state", "attempts"))
        finally:
            app.conf.update(task_always_eager=True, **saved)
            reset_connections()

    deliveries = list(Delivery.objects.all())
    assert len(deliveries) == EVENTS
    assert receiver.bad_signatures == 0
    assert receiver.distinct == {d.event_id for d in deliveries}  # none lost
    assert receiver.received[held.event_id] == 2  # the interrupted one: again, same id
    for delivery in deliveries:
        succeeded = [a for a in delivery.attempt_log.all() if a.succeeded]
        assert len(succeeded) == 1, delivery.event_id  # recorded successful once
    interrupted = Attempt.objects.get(delivery=held, finished_at__isnull=True)
    assert interrupted.number == 1
