"""The COPY loader: the database guard, emptying the project tables, detaching their
indexes, constraints and foreign keys, streaming rows with COPY, and restoring it all.
"""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models

from assessments.models import Question, Section, Template
from filings.models import (
    DeadlineRule,
    Regime,
)
from workcalendar.models import CalendarDay, CalendarYear

from .constants import SeedError, SeedReport
from .helpers import _copy_text


# --- The guard ------------------------------------------------------------------------------
def check_database(*, allow_any_database: bool = False) -> None:
    """PostgreSQL only, and only a database whose name says it is a benchmark's."""
    if connection.vendor != "postgresql":
        raise SeedError(
            "bench_seed runs on PostgreSQL only (it loads with COPY); this database is "
            f"{connection.vendor}. Set DATABASE_URL=postgres://postgres@127.0.0.1:5432/"
            "filings_bench."
        )
    name = str(connection.settings_dict["NAME"])
    if "bench" not in name and not allow_any_database:
        raise SeedError(
            f"bench_seed empties its database; {name!r} does not contain 'bench', so it may "
            "hold real data. Point DATABASE_URL at a database such as filings_bench."
        )


# --- Loading --------------------------------------------------------------------------------
def _progress_bar(total: int, label: str, enabled: bool) -> Any:
    try:
        from tqdm import tqdm  # a development requirement: the benchmarks are dev tooling
    except ImportError:  # pragma: no cover
        enabled = False
    if not enabled:
        return SimpleNamespace(update=lambda n: None, close=lambda: None)
    return tqdm(total=total, desc=f"{label:<28}", unit=" rows", unit_scale=True, file=sys.stderr)


class _Stream:
    """What psycopg2's copy_expert reads: COPY text lines, generated as it asks for them."""

    def __init__(self, lines: Iterator[str], suffix: str, bar: Any) -> None:
        self._lines = lines
        self._end = suffix + "\n"
        self._bar = bar
        self.rows = 0

    def read(self, size: int = -1) -> str:
        batch = list(itertools.islice(self._lines, 4096))
        if not batch:
            return ""
        self.rows += len(batch)
        self._bar.update(len(batch))
        return self._end.join(batch) + self._end


class _Loader:
    """COPY into one table at a time, in the seeder's transaction; times and counts each."""

    def __init__(self, report: SeedReport, *, freeze: bool, progress: bool) -> None:
        self.report = report
        self.freeze = freeze
        self.progress = progress
        self.loaded: list[type[models.Model]] = []
        self._restore: list[str] = []
        self._mark = time.monotonic()

    def lap(self, label: str) -> None:
        """Charge the time since the last lap to `label` (planning, DDL, ...)."""
        now = time.monotonic()
        self.report.seconds[label] = self.report.seconds.get(label, 0.0) + now - self._mark
        self._mark = now

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else cursor.rowcount

    # The frame ------------------------------------------------------------------------------
    def prepare(self) -> None:
        for setting in (
            "synchronous_commit = off",
            "maintenance_work_mem = '1GB'",
            "work_mem = '256MB'",
        ):
            self.execute(f"SET LOCAL {setting}")
        if self.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
            "AND 'lz4' = ANY(enumvals)"
        ):
            # Snapshots and audit details are compressed much faster, and read back faster.
            self.execute("SET LOCAL default_toast_compression = 'lz4'")
        self._empty()
        self.lap("empty the tables")

    def _empty(self) -> None:
        keep_models: list[type[models.Model]] = [
            ContentType,
            Permission,
            Group,
            Group.permissions.through,
            Template,
            Section,
            Question,
            Regime,
            DeadlineRule,
            CalendarDay,
            CalendarYear,
        ]
        keep = {m._meta.db_table for m in keep_models}
        tables = set(connection.introspection.django_table_names(only_existing=True))
        empty = sorted(tables - keep)
        wired = self.execute(
            "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) "
            "AND confrelid::regclass::text = ANY(%s)",
            [sorted(keep), empty],
        )
        if wired:
            raise SeedError(
                "Kept reference tables point at tables the seeder empties: "
                + ", ".join(f"{a} -> {b}" for a, b in wired)
                + ". Teach benchmarks/seed/ what to keep."
            )
        quoted = ", ".join(connection.ops.quote_name(t) for t in empty)
        # Row triggers (the audit table's append-only one) never see TRUNCATE.
        self.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")

    def detach(self, tables: Sequence[type[models.Model]]) -> None:
        """Drop the foreign keys, unique constraints and secondary indexes of the tables about
        to be loaded; `finish` puts them back as they were."""
        names = [m._meta.db_table for m in tables]
        constraints = self.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype "
            "FROM pg_constraint WHERE contype IN ('f', 'u') "
            "AND conrelid::regclass::text = ANY(%s) ORDER BY contype, conname",
            [names],
        )
        indexes = self.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid "
            "AND c.contype IN ('p', 'u', 'x')) ORDER BY 1",
            [names],
        )
        q = connection.ops.quote_name
        keys = [c for c in constraints if c[3] == "f"]
        uniques = [c for c in constraints if c[3] == "u"]
        for table, name, _definition, _kind in keys + uniques:
            self.execute(f"ALTER TABLE {q(table)} DROP CONSTRAINT {q(name)}")
        for name, _definition in indexes:
            self.execute(f"DROP INDEX {q(name)}")
        self._restore = [definition for _name, definition in indexes]
        self._restore += [
            f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(name)} {definition}"
            for table, name, definition, _kind in uniques + keys
        ]
        self.lap("drop indexes and keys")

    def copy(
        self,
        model: type[models.Model],
        values: dict[str, Any] | Sequence[str],
        lines: Iterable[str],
        *,
        total: int,
        label: str = "",
    ) -> int:
        """COPY `lines` (tab-separated, in the order of `values`) into the model's table.

        `values` names the fields the lines give. Any other column gets its field's default
        (so a field added later with a default needs no change here); one without a default
        is an error that names it."""
        names = list(values)
        meta = model._meta
        given = [meta.get_field(name).column for name in names]
        rest = [f for f in meta.concrete_fields if f.column not in given]
        suffix = ""
        for f in rest:
            default = f.get_default()
            if default is None and not f.null:
                raise SeedError(
                    f"{meta.label}.{f.name} has no default; teach benchmarks/seed/ its value."
                )
            suffix += "\t" + _copy_text(default)
        columns = ", ".join(connection.ops.quote_name(c) for c in given + [f.column for f in rest])
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN" + (
            " WITH (FREEZE)" if self.freeze else ""
        )
        label = label or meta.db_table
        bar = _progress_bar(total, label, self.progress)
        stream = _Stream(iter(lines), suffix, bar)
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(sql, stream, size=1 << 20)
        bar.close()
        seconds = time.monotonic() - started
        self.report.rows[label] = self.report.rows.get(label, 0) + stream.rows
        self.report.seconds[label] = self.report.seconds.get(label, 0.0) + seconds
        self._mark = time.monotonic()
        if model not in self.loaded:
            self.loaded.append(model)
        return stream.rows

    def finish(self) -> None:
        q = connection.ops.quote_name
        self.lap("plan")
        bar = _progress_bar(len(self._restore), "indexes and keys", self.progress)
        for statement in self._restore:
            self.execute(statement)
            bar.update(1)
        bar.close()
        self.lap("create indexes and keys")
        for statement in connection.ops.sequence_reset_sql(no_style(), self.loaded):
            self.execute(statement)
        self.lap("sequences")
        self._tables = [q(m._meta.db_table) for m in self.loaded]

    def analyze(self) -> None:
        self.execute(f"ANALYZE {', '.join(self._tables)}")
        self.lap("analyze")
