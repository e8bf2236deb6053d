from __future__ import annotations

from typing import Any

import pytest

from filings.models import OutboxMessage
from filings.services import outbox


@pytest.fixture
def allow_local(settings: Any) -> None:
    """Endpoints on this machine over http (the receiver thread): what development and tests
    turn on, and production leaves off."""
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True


def process_outbox() -> int:
    """What the worker does after each commit (a test's transaction never commits)."""
    done = 0
    while True:
        pending = list(
            OutboxMessage.objects.filter(processed_at__isnull=True).values_list("pk", flat=True)
        )
        if not pending:
            return done
        for pk in pending:
            done += outbox.process_message(pk)
