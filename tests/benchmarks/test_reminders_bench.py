"""`make bench-reminders` never runs on the developer's data: PostgreSQL only, and only in a
database of its own (a name ending in `_bench`). The benchmark itself is run by hand."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from benchmarks.management.commands import bench_reminders

pytestmark = pytest.mark.django_db


def test_the_benchmark_refuses_anything_but_its_own_postgresql_database():
    expected = "PostgreSQL only" if connection.vendor == "sqlite" else "does not end in '_bench'"

    with pytest.raises(CommandError, match=expected):
        # The command itself: production settings (the tests') do not install `benchmarks`.
        call_command(bench_reminders.Command())
