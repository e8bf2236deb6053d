"""`/health/` for monitors: no login, nothing sensitive, 503 when the sweep has stopped."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from filings.models import OutboxMessage
from filings.tasks import sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def embedded_broker(tmp_path, settings):
    from config.celery import app

    folder = tmp_path / "broker"
    folder.mkdir()
    saved = app.conf.broker_transport_options
    app.conf.broker_transport_options = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "control_folder": str(tmp_path / "control"),
    }
    yield
    app.conf.broker_transport_options = saved


def test_an_anonymous_monitor_sees_a_healthy_system_after_a_sweep(client, embedded_broker):
    sweep()
    OutboxMessage.objects.create(topic="filing.event", payload={})

    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert (body["database"], body["broker"], body["sweep"]) == ("ok", "ok", "ok")
    assert body["pending_outbox"] == 1
    assert body["last_sweep_age_seconds"] <= 5
    assert set(body) == {
        "status",
        "database",
        "broker",
        "sweep",
        "last_sweep",
        "last_sweep_age_seconds",
        "pending_outbox",
    }


def test_no_sweep_yet_is_unhealthy(client, embedded_broker):
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["sweep"] == "stale"
    assert response.json()["last_sweep"] is None


def test_a_sweep_older_than_five_minutes_is_unhealthy(client, embedded_broker):
    with time_machine.travel(timezone.now() - dt.timedelta(minutes=6), tick=False):
        sweep()

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["status"] == "unhealthy"
    assert response.json()["last_sweep_age_seconds"] >= 360


def test_a_broker_that_cannot_be_reached_is_reported_without_details(client, settings):
    from config.celery import app

    sweep()
    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:6390/0"  # nothing listens there
    try:
        response = client.get("/health/")
    finally:
        app.conf.broker_url = saved

    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert b"6390" not in response.content
    assert b"redis" not in response.content
