"""Reminders through real workers (docs/reminders.md): a task delivered twice, two sweeps
at once, a worker killed with SIGKILL in the middle of sending, and a broker that is down
while an officer submits. Each ends with one notification and one e-mail per (deadline,
step, recipient)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import OperationalError, connection, connections
from django.urls import reverse
from django.utils import timezone
from kombu import pools

from assessments.services import sign_assessment
from config.celery import app
from filings.models import Deadline, DeadlineKind, Notification, OutboxMessage, State
from filings.services import reminders
from filings.tasks import process_outbox_message, send_reminders
from tests.builders import complete_assessment, filing_in_state
from tests.filings.test_broker import broker, wait_for
from tests.filings.test_broker import reset_connections as _reset_celery_connections

# These tests start real workers on the run's shared Redis (CI): under `make test`'s
# parallel run (pytest-xdist) they all run in one process, so that no other test's worker
# takes their messages.
pytestmark = pytest.mark.xdist_group("shared-redis")

ROOT = Path(__file__).resolve().parents[2]
CLOSED_PORT = "redis://127.0.0.1:6390/0"  # nothing listens here: a Redis that is down


def reset_connections() -> None:
    """Also forget kombu's process-wide pools: a pool closed by one test must not be
    handed to the next one that uses the same broker URL."""
    _reset_celery_connections()
    pools.reset()


@pytest.fixture(autouse=True)
def _fresh_broker_pools() -> Iterator[None]:
    pools.reset()
    yield
    pools.reset()


def filesystem_broker(folder: Path) -> dict[str, Any]:
    (folder / "celery" / "broker").mkdir(parents=True, exist_ok=True)
    (folder / "celery" / "control").mkdir(parents=True, exist_ok=True)
    return {
        "broker_url": "filesystem://",
        "broker_transport_options": {
            "data_folder_in": str(folder / "celery" / "broker"),
            "data_folder_out": str(folder / "celery" / "broker"),
            "control_folder": str(folder / "celery" / "control"),
        },
    }


def real_broker(folder: Path) -> dict[str, Any]:
    """Redis when the run has one (CI), else the embedded filesystem broker."""
    if os.environ.get("REDIS_URL"):
        return {"broker_url": os.environ["REDIS_URL"], "broker_transport_options": {}}
    return filesystem_broker(folder)


def retrying(work: Any, attempts: int = 50) -> Any:
    """On SQLite the test's in-memory database is shared with the worker thread, and a write
    that meets the worker's is refused at once ("table is locked"): try again."""
    for _ in range(attempts - 1):
        try:
            return work()
        except OperationalError:
            time.sleep(0.1)
    return work()


def settled(condition: Any) -> Any:
    """A wait_for condition that reads while the worker writes (see `retrying`)."""
    return lambda: retrying(condition)


def overdue_review(cast: dict[str, Any]) -> Any:
    """A filing under review whose clock ran out yesterday."""
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Deadline.objects.filter(filing=filing, kind=DeadlineKind.REVIEW).update(due_date=yesterday)
    return filing


def reminders_per_key(filing: Any) -> list[int]:
    rows = Notification.objects.filter(filing=filing).reminders()
    keys = [(n.deadline_id, n.step, n.recipient_id) for n in rows]
    return [keys.count(k) for k in set(keys)]


def all_sent(filing: Any) -> bool:
    rows = Notification.objects.filter(filing=filing).reminders()
    return rows.exists() and not rows.filter(emailed_at__isnull=True).exists()


# --- A task delivered twice ------------------------------------------------------------------
def test_a_real_worker_sends_once_when_the_same_task_is_delivered_twice(
    transactional_db, cast, tmp_path
):
    filing = overdue_review(cast)
    with broker(**real_broker(tmp_path)):
        mail.outbox.clear()
        retrying(reminders.sweep)  # queues a send task for the reviewer and the supervisor
        send_reminders.delay(cast["reviewer"].pk)
        send_reminders.delay(cast["reviewer"].pk)
        send_reminders.delay(cast["supervisor"].pk)
        # A last task: once it has run (one queue, one process), so have the duplicates.
        marker = retrying(lambda: OutboxMessage.objects.create(topic="test.marker", payload={}))
        process_outbox_message.delay(marker.pk)
        assert wait_for(settled(lambda: all_sent(filing))), "the worker did not send"
        assert wait_for(settled(lambda: OutboxMessage.objects.get(pk=marker.pk).processed_at))

    assert reminders_per_key(filing) == [1, 1]  # overdue (reviewer), escalation (supervisor)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast["reviewer"].email, cast["supervisor"].email]
    )


# --- Two sweeps at once ----------------------------------------------------------------------
def test_two_sweeps_at_once_create_and_send_each_reminder_once(transactional_db, postgres, cast):
    filing = overdue_review(cast)
    mail.outbox.clear()
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def run(work: Any) -> None:
        try:
            start.wait(timeout=10)
            work()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def sweep_and_send() -> None:
        # What the beat and the worker do, without a broker in between, on four threads at
        # once: each creates the due reminders and sends everyone's.
        reminders.create_reminders()
        for person in ("reviewer", "supervisor"):
            reminders.send_reminders(recipient_id=cast[person].pk)

    threads = [threading.Thread(target=run, args=(sweep_and_send,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert reminders_per_key(filing) == [1, 1]
    assert len(mail.outbox) == 2


# --- A worker killed mid-send ----------------------------------------------------------------
def start_celery_process(
    var_dir: Path, *args: str, log: str = "worker.log", **env: str
) -> subprocess.Popen[bytes]:
    """`celery <args>` against the test database, logging to var_dir/<log>."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    environ = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CI"}},
        "DATABASE_URL": url,
        "VAR_DIR": str(var_dir),
        "DEBUG": "true",
        "EMAIL_BACKEND": "tests.filings.test_worker_slow_email.SlowFileBackend",
        "EMAIL_URL": "filemail://",
        "EMAIL_FILE_PATH": str(var_dir / "mail"),
        "REMINDER_CLAIM_LEASE_SECONDS": "1",
        **env,
    }
    celery = str(Path(sys.executable).parent / "celery")
    return subprocess.Popen(  # noqa: S603 (our own worker, fixed arguments)
        [celery, *args],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=(var_dir / log).open("ab"),
    )


def start_worker_process(var_dir: Path, **env: str) -> subprocess.Popen[bytes]:
    return start_celery_process(
        var_dir,
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=warning",
        **env,
    )


@pytest.fixture
def worker_processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def mails_to(folder: Path, address: str) -> int:
    if not folder.exists():
        return 0
    return sum(f.read_text().count(f"To: {address}") for f in folder.iterdir())


def test_a_worker_killed_while_sending_is_replaced_and_the_reminder_goes_out_once(
    transactional_db, postgres, cast, tmp_path, settings, worker_processes
):
    settings.REMINDER_CLAIM_LEASE_SECONDS = 1
    filing = overdue_review(cast)
    reviewer = cast["reviewer"]
    marker = tmp_path / "sending"
    saved = {k: app.conf.get(k) for k in ["broker_url", "broker_transport_options"]}
    app.conf.update(task_always_eager=False, **filesystem_broker(tmp_path))
    reset_connections()
    try:
        reminders.create_reminders()
        send_reminders.delay(reviewer.pk)
        first = start_worker_process(
            tmp_path, SLOW_EMAIL_SECONDS="60", SLOW_EMAIL_MARKER=str(marker)
        )
        worker_processes.append(first)
        assert wait_for(marker.exists, 60), "the first worker never started sending"
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)

        held = Notification.objects.reminders().get(filing=filing, recipient=reviewer)
        assert held.claimed_at is not None
        assert held.emailed_at is None
        assert mails_to(tmp_path / "mail", reviewer.email) == 0

        worker_processes.append(start_worker_process(tmp_path))

        def swept_and_sent() -> bool:
            reminders.sweep()  # the beat's job: re-queue what a dead worker held
            return all_sent(filing)

        assert wait_for(swept_and_sent, 60), "the replacement worker did not send"
    finally:
        app.conf.update(task_always_eager=True, **saved)
        reset_connections()

    assert reminders_per_key(filing) == [1, 1]
    assert mails_to(tmp_path / "mail", reviewer.email) == 1
    assert mails_to(tmp_path / "mail", cast["supervisor"].email) == 1


# --- The broker down while an officer submits ------------------------------------------------
def test_a_submission_while_redis_is_down_succeeds_and_is_delivered_when_it_is_back(
    transactional_db, cast, tmp_path, client
):
    draft = filing_in_state(State.DRAFT, **cast)
    complete_assessment(draft.assessment, cast["officer"])
    sign_assessment(assessment=draft.assessment, by=cast["signatory"])
    saved = {k: app.conf.get(k) for k in ["broker_url", "broker_transport_options"]}
    app.conf.update(task_always_eager=False, broker_url=CLOSED_PORT, broker_transport_options={})
    reset_connections()
    client.force_login(cast["officer"])
    try:
        page = client.post(reverse("filings:submit", args=[draft.pk]), follow=True)
    finally:
        app.conf.update(task_always_eager=True, **saved)
        reset_connections()

    assert page.status_code == 200
    assert page.redirect_chain[-1][0] == reverse("filings:receipt", args=[draft.pk, 1])
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED
    pending = OutboxMessage.objects.get(payload__filing_id=draft.pk, payload__action="submitted")
    assert pending.processed_at is None
    assert pending.last_error
    assert not Notification.objects.filter(filing=draft).exists()

    with broker(**real_broker(tmp_path)):
        retrying(reminders.sweep)
        delivered = wait_for(
            settled(
                lambda: Notification.objects.filter(
                    filing=draft, verb="submitted", recipient=cast["reviewer"]
                ).exists()
            )
        )
        assert delivered, OutboxMessage.objects.filter(pk=pending.pk).values().first()
