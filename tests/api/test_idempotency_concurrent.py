"""Two copies of one write, sent at the same moment with one Idempotency-Key (a client that
timed out and retried at once): the feature is registered once (PostgreSQL, real locks)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from platforms.models import PlannedFeature

from .conftest import client_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_requests_with_one_key_at_once_write_once(postgres, douyin, douyin_officer):
    api = client_for(douyin_officer)
    body = {
        "title": "Voice rooms",
        "description": "Rooms.",
        "planned_launch_date": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
    }
    start = threading.Barrier(2)
    answers: list[Any] = []

    def send() -> None:
        try:
            start.wait()
            answers.append(
                api.post(
                    f"/api/v1/platforms/{douyin.pk}/features/",
                    body,
                    headers={"Idempotency-Key": "at-once"},
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert PlannedFeature.objects.count() == 1
    statuses = sorted(a.status_code for a in answers)
    assert statuses in ([201, 201], [201, 409]), statuses
    created = [a.json() for a in answers if a.status_code == 201]
    assert all(c["id"] == created[0]["id"] for c in created)
