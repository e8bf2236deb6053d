"""The outbox through a real broker and a real worker: Redis when configured, and the
embedded filesystem broker that `make run` uses without Redis."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app
from filings.models import Notification, OutboxMessage, State
from tests.builders import filing_in_state

# These tests start real workers on the run's shared Redis (CI): under `make test`'s
# parallel run (pytest-xdist) they all run in one process, so that no other test's worker
# takes their messages.
pytestmark = pytest.mark.xdist_group("shared-redis")


@contextmanager
def broker(**conf: Any) -> Iterator[None]:
    saved = {key: app.conf.get(key) for key in [*conf, "task_always_eager"]}
    app.conf.update(task_always_eager=False, **conf)
    reset_connections()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.update(saved)
        reset_connections()


def reset_connections() -> None:
    """Drop pooled broker connections so the next publish connects to the new broker."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


def wait_for(condition: Any, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def submit_and_expect_notifications(cast: dict[str, Any]) -> None:
    filing = filing_in_state(State.SUBMITTED, **cast)
    assert wait_for(
        lambda: Notification.objects.filter(filing=filing, verb="submitted").exists()
    ), "the worker did not deliver the submission's notifications"
    assert (
        Notification.objects.filter(
            filing=filing, verb="submitted", recipient=cast["reviewer"]
        ).count()
        == 1
    )
    assert not OutboxMessage.objects.filter(processed_at__isnull=True).exists()


@pytest.mark.redis
def test_a_worker_on_redis_delivers_the_outbox(transactional_db, cast):
    with broker(broker_url=os.environ["REDIS_URL"], broker_transport_options={}):
        submit_and_expect_notifications(cast)


def test_a_worker_on_the_embedded_filesystem_broker_delivers_the_outbox(
    transactional_db, cast, tmp_path
):
    folder = str(tmp_path / "broker")
    os.makedirs(folder)
    with broker(
        broker_url="filesystem://",
        broker_transport_options={
            "data_folder_in": folder,
            "data_folder_out": folder,
            "control_folder": str(tmp_path / "control"),
        },
    ):
        submit_and_expect_notifications(cast)


def test_the_embedded_broker_never_hands_a_consumer_a_half_written_message(tmp_path, monkeypatch):
    """kombu's own filesystem transport wrote a message under its final name, so a worker
    polling at that moment could take it half written (JSONDecodeError, worker stopped; seen
    in CI-like runs). Ours writes under a hidden name and renames: at the instant before the
    rename, a consumer finds nothing to take; after it, the whole message."""
    from kombu import Connection

    from config import kombu_filesystem

    folder = tmp_path / "broker"
    folder.mkdir()
    options = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "control_folder": str(tmp_path / "control"),
    }
    with (
        Connection("filesystem://", transport_options=options) as producer,
        Connection("filesystem://", transport_options=options) as consumer,
    ):
        assert isinstance(producer.transport, kombu_filesystem.Transport)
        queue, reader = producer.SimpleQueue("race"), consumer.SimpleQueue("race")
        seen_before_rename = []
        rename = os.replace

        def look_then_rename(source: str, target: str) -> None:
            try:
                seen_before_rename.append(reader.get(timeout=0.05).payload)
            except reader.Empty:
                seen_before_rename.append(None)
            rename(source, target)

        monkeypatch.setattr(kombu_filesystem.os, "replace", look_then_rename)
        body = {"text": "证据" * 10_000}
        queue.put(body)

        assert seen_before_rename == [None]
        message = reader.get(timeout=1)
        assert message.payload == body
        message.ack()
        assert not [p for p in folder.iterdir() if p.name.startswith(".partial-")]
