"""On PostgreSQL the audit table refuses UPDATE and DELETE (migration audit/0002). The chain
tests in test_chain.py play a database superuser who switches triggers off for the session
(`session_replication_role = replica`) and then edits or deletes rows: the hash chain is
what must still catch that."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _superuser_tampering(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.module.__name__.rsplit(".", 1)[-1] != "test_chain":
        yield
        return
    request.getfixturevalue("db")
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
