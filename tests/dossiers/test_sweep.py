"""The dossiers' sweep (dossiers.services.sweep, every ten minutes): a build whose task was
lost (the broker down when it was asked for) is published again, and superseded dossiers,
generated PDFs that a newer one replaced, are deleted with their files after
DOSSIER_KEEP_DAYS. Asking for a dossier while the broker is down is not an error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from dossiers import services, tasks
from dossiers.models import Dossier
from filings.models import Filing

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


class Broker:
    """The build task's `delay`, recorded; `down` makes it fail as kombu does."""

    def __init__(self) -> None:
        self.sent: list[int] = []
        self.down = False

    def delay(self, dossier_id: int) -> None:
        if self.down:
            raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379.")
        self.sent.append(dossier_id)


@pytest.fixture
def broker(monkeypatch: pytest.MonkeyPatch) -> Broker:
    broker = Broker()
    monkeypatch.setattr(tasks.build, "delay", broker.delay)
    return broker


def test_asking_while_the_broker_is_down_answers_and_the_sweep_builds_it_later(
    filing, douyin_officer, broker, django_capture_on_commit_callbacks
):
    broker.down = True
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(douyin_officer).post(f"/dossiers/filing/{filing.pk}/")
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dossiers/{dossier.pk}/"
    assert dossier.status == Dossier.Status.QUEUED
    assert client_for(douyin_officer).get(f"/dossiers/{dossier.pk}/").status_code == 200

    later = timezone.now() + services.REQUEUE_AFTER + dt.timedelta(seconds=1)
    assert services.sweep(now=later)["requeued"] == 0  # still down: kept for the next sweep
    broker.down = False
    assert services.sweep(now=timezone.now())["requeued"] == 0  # too soon to call it lost
    assert services.sweep(now=later)["requeued"] == 1
    assert broker.sent == [dossier.pk]


def test_a_build_left_running_by_a_dead_worker_is_published_again(filing, douyin_officer, broker):
    dossier = _dossier(filing, douyin_officer, Dossier.Status.RUNNING)
    Dossier.objects.filter(pk=dossier.pk).update(started_at=timezone.now())
    assert services.sweep()["requeued"] == 0
    later = timezone.now() + services.STALE_AFTER + dt.timedelta(seconds=1)
    assert services.sweep(now=later)["requeued"] == 1
    assert broker.sent == [dossier.pk]


def test_superseded_dossiers_go_with_their_files_after_the_keeping_time(
    filing, douyin_officer, beijing_reviewer, broker, settings
):
    settings.DOSSIER_KEEP_DAYS = 7
    old = _dossier(filing, douyin_officer, Dossier.Status.DONE, days_ago=10)
    latest = _dossier(filing, douyin_officer, Dossier.Status.DONE, days_ago=9)
    chinese = _dossier(filing, douyin_officer, Dossier.Status.DONE, days_ago=10, language="zh-hans")
    another_reader = _dossier(filing, beijing_reviewer, Dossier.Status.DONE, days_ago=10)
    failed = _dossier(filing, douyin_officer, Dossier.Status.FAILED, days_ago=8)
    recently_superseded = _dossier(filing, beijing_reviewer, Dossier.Status.DONE, days_ago=3)
    newest = _dossier(filing, beijing_reviewer, Dossier.Status.DONE, days_ago=1)
    stored = old.file.name
    assert old.file.storage.exists(stored)

    assert services.sweep()["deleted"] == 3
    left = set(Dossier.objects.values_list("pk", flat=True))
    # The latest of each reader and language is kept however old; a superseded one only
    # while it is recent.
    assert left == {latest.pk, chinese.pk, recently_superseded.pk, newest.pk}
    assert another_reader.pk not in left and failed.pk not in left
    assert not old.file.storage.exists(stored)
    assert latest.file.storage.exists(latest.file.name)
    assert services.sweep()["deleted"] == 0


def test_the_sweep_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["dossiers-sweep"]
    assert entry["task"] == "dossiers.tasks.sweep"
    assert tasks.sweep.name == "dossiers.tasks.sweep"


def _dossier(
    filing: Filing, user: Any, status: str, *, days_ago: int = 0, language: str = "en"
) -> Dossier:
    """A dossier row as a build leaves it (the PDF itself is the build's tests' business)."""
    when = timezone.now() - dt.timedelta(days=days_ago)
    dossier = Dossier.objects.create(
        filing=filing,
        requested_by=user,
        language=language,
        status=status,
        filing_updated_at=filing.updated_at,
    )
    fields: dict[str, Any] = {"created_at": when, "started_at": when, "finished_at": when}
    if status == Dossier.Status.DONE:
        dossier.file.save("dossier.pdf", ContentFile(b"%PDF-1.4 dossier\n"), save=False)
        fields["file"] = dossier.file.name
    Dossier.objects.filter(pk=dossier.pk).update(**fields)
    dossier.refresh_from_db()
    return dossier
