"""Redis goes away and comes back (docs/reminders.md#when-the-broker-is-down).

The tests start a Redis of their own on a free port (never the shared one), so that they can
stop it, freeze it and start it again. With Redis down a publish gives up at once, with Redis
hanging within its socket timeout; a real worker and a real beat stay up through an outage,
reconnect by themselves, and every reminder that came due is sent once.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.urls import reverse
from kombu import pools

from config.celery import app
from filings.models import Filing, Notification, OutboxMessage, State
from filings.services import outbox
from tests.builders import filing_in_state
from tests.conftest import _unavailable
from tests.filings.test_broker import reset_connections, wait_for
from tests.filings.test_worker_reminders import (
    overdue_review,
    reminders_per_key,
    start_celery_process,
)

OUTAGE_SECONDS = 10  # the worker's first reconnection attempts (after 2 s, 6 s) fail


class RedisServer:
    """A redis-server on a free port, without persistence: a restart loses every message,
    so whatever is delivered afterwards was found again in the database."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 (a fixed command line)
            [
                shutil.which("redis-server") or "redis-server",
                *("--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)),
                *("--save", "", "--appendonly", "no", "--daemonize", "no"),
            ],
            stdout=(self.folder / "redis.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        assert wait_for(self.answers, 10), "redis-server did not start"

    def answers(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def pause(self) -> None:
        """A Redis that accepts connections and never answers (a hung or overloaded host)."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGCONT)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        _unavailable("redis-server on PATH")
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    if server.process is not None:
        server.resume()
    server.stop()


@contextmanager
def publishing_to(server: RedisServer) -> Iterator[None]:
    """This process publishes as the web does in production: to that Redis, with the
    production transport options, not eagerly."""
    keys = ["broker_url", "broker_transport_options", "task_always_eager"]
    saved = {k: app.conf.get(k) for k in keys}
    app.conf.update(
        task_always_eager=False,
        broker_url=server.url,
        broker_transport_options=settings.REDIS_BROKER_TRANSPORT_OPTIONS,
    )
    reset_connections()
    pools.reset()
    try:
        yield
    finally:
        app.conf.update(saved)
        reset_connections()
        pools.reset()


def timed_publish() -> tuple[bool, float]:
    message = OutboxMessage.objects.create(topic="test.nothing", payload={})
    started = time.monotonic()
    published = outbox.publish(message.pk)
    return published, time.monotonic() - started


def test_a_publish_gives_up_at_once_when_redis_is_down_and_within_2_s_when_it_hangs(
    db, redis_server
):
    with publishing_to(redis_server):
        assert timed_publish()[0]  # Redis up: published

        redis_server.pause()
        published, seconds = timed_publish()
        redis_server.resume()
        assert not published
        assert seconds < 3, f"a hanging Redis held the publish {seconds:.1f} s"

        redis_server.stop()
        published, seconds = timed_publish()
        assert not published
        assert seconds < 1, f"a refused connection held the publish {seconds:.1f} s"
    assert OutboxMessage.objects.exclude(last_error="").count() == 2


# --- The worker and the beat through an outage ----------------------------------------------
def messages_in(folder: Path) -> list[str]:
    """The e-mails the filemail backend wrote, one string each."""
    if not folder.exists():
        return []
    separator = "\n" + "-" * 79 + "\n"
    return [
        m for f in sorted(folder.iterdir()) for m in f.read_text().split(separator) if m.strip()
    ]


def emails_about(messages: list[str], filing: Filing, address: str) -> int:
    link = reverse("filings:detail", args=[filing.pk])
    return sum(1 for m in messages if f"To: {address}" in m and link in m)


def all_reminders_sent(filings: list[Filing]) -> bool:
    rows = Notification.objects.filter(filing__in=filings).reminders()
    return rows.count() == 2 * len(filings) and not rows.filter(emailed_at__isnull=True).exists()


def log_tail(path: Path, lines: int = 40) -> str:
    return (
        "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""
    )


def test_the_worker_and_beat_outlive_a_broker_outage_and_send_each_due_reminder_once(
    transactional_db, postgres, cast, tmp_path, redis_server
):
    early = [overdue_review(cast) for _ in range(2)]
    sending = tmp_path / "sending"
    env = {
        "REDIS_URL": redis_server.url,
        # A later send task must not take over a claim while an e-mail is slow.
        "REMINDER_CLAIM_LEASE_SECONDS": "300",
        "SLOW_EMAIL_SECONDS": "1",
        "SLOW_EMAIL_MARKER": str(sending),
    }
    # The worker as docker-compose starts it: four processes, so while two send e-mails it
    # also waits on Redis for more work; the beat sweeps every 2 s instead of every minute.
    worker = start_celery_process(
        tmp_path,
        *("-A", "config", "worker", "--concurrency=4", "--loglevel=info"),
        *("--without-gossip", "--without-mingle"),
        **env,
    )
    beat = start_celery_process(
        tmp_path,
        *("-A", "tests.filings.celery_fast_sweep", "beat", "--loglevel=info"),
        log="beat.log",
        **env,
    )

    def logs() -> str:
        return "\n".join(f"{n}:\n{log_tail(tmp_path / f'{n}.log')}" for n in ("worker", "beat"))

    try:
        # Redis goes away while an e-mail is being sent: the worker holds that task
        # unacknowledged, and losing Redis then stopped it for good ("Unrecoverable error",
        # config/kombu_redis.py).
        assert wait_for(sending.exists, 30), "no reminder was being sent"
        redis_server.stop()
        down_at = time.monotonic()

        # Meanwhile, more reminders come due and an officer submits a filing: the submission
        # is saved and its outbox message waits.
        late = [overdue_review(cast) for _ in range(2)]
        with publishing_to(redis_server):
            submitted = filing_in_state(State.SUBMITTED, **cast)
        waiting = OutboxMessage.objects.get(
            payload__filing_id=submitted.pk, payload__action="submitted"
        )
        assert waiting.processed_at is None
        assert waiting.last_error

        time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - down_at)))
        assert worker.poll() is None, f"the worker exited during the outage\n{logs()}"
        assert beat.poll() is None, f"the beat exited during the outage\n{logs()}"
        redis_server.start()

        def caught_up() -> bool:
            return (
                all_reminders_sent(early + late)
                and Notification.objects.filter(filing=submitted, verb="submitted").exists()
            )

        assert wait_for(caught_up, 40), f"nothing caught up after the outage\n{logs()}"
        assert worker.poll() is None, f"the worker exited\n{logs()}"
        assert beat.poll() is None, f"the beat exited\n{logs()}"
    finally:
        for process in (worker, beat):
            if process.poll() is None:
                process.terminate()
        for process in (worker, beat):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)

    mails = messages_in(tmp_path / "mail")
    for filing in early + late:
        assert reminders_per_key(filing) == [1, 1]  # overdue (reviewer), escalation (supervisor)
        for person in ("reviewer", "supervisor"):
            assert emails_about(mails, filing, cast[person].email) == 1, (filing, person)
    delivered = Notification.objects.filter(filing=submitted, verb="submitted")
    assert sorted(delivered.values_list("recipient_id", flat=True)) == sorted(
        {cast["reviewer"].pk, cast["supervisor"].pk}
    )
