"""Django's PostgreSQL and SQLite backends, counting committed writes for the page cache.

Every connection watches the SQL it runs (an execute wrapper: the ORM, `QuerySet.update()`,
`bulk_create()` and raw SQL alike). A transaction that wrote any table but those in
`UNWATCHED` increases one counter row (`filings_changecounter`, name `pages`) just before it
commits; a write outside a transaction increases it right after. filings/pagecache.py keys
cached pages and lookups on that value, so nothing cached before a commit is used after it.

Why at the commit and not at the first write: the counter is one row, and a transaction
that updated it would hold that row's lock until it ends, queueing every other writer behind
the slowest transaction (and deadlocking two that lock a filing and write in opposite
orders). Bumped at the commit, the lock lasts the instant between the bump and the commit.
A reader in the same transaction (a test, or a view reading after its own write) gets the
pending bump applied first (`flush_pending_bump`), so it never reads a value older than its
own writes.
"""

from __future__ import annotations

import re
import time
from typing import Any

from django.db import OperationalError

PAGES = "pages"
# Tables whose writes change nothing a cached page or lookup shows: sessions (their idle
# clock is written once a minute), login-failure records, and the counter itself.
UNWATCHED = ("django_session", "filings_changecounter", "axes_")
BUMP = (
    "INSERT INTO filings_changecounter (name, value) VALUES (%s, 1) "
    "ON CONFLICT (name) DO UPDATE SET value = filings_changecounter.value + 1"
)
_WRITE = re.compile(
    r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+[`"]?(\w+)', re.IGNORECASE
)
LOCKED_RETRIES = 100
# Off while migrating (the counter's table may not exist yet): filings.pagecache.pause/resume.
counting = {"paused": False}


def watched(sql: str) -> bool:
    match = _WRITE.match(sql)
    return bool(match) and not match.group(1).lower().startswith(UNWATCHED)


class WriteCountingMixin:
    """Mixed into a backend's DatabaseWrapper (see postgresql/base.py, sqlite3/base.py)."""

    pages_pending = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._watch_writes)

    def _watch_writes(self, execute: Any, sql: Any, params: Any, many: bool, ctx: dict) -> Any:
        result = execute(sql, params, many, ctx)
        if not counting["paused"] and isinstance(sql, str) and watched(sql):
            if self.get_autocommit():
                self._bump_pages()  # the write has committed already
            else:
                self.pages_pending = True
        return result

    def _bump_pages(self) -> None:
        self.pages_pending = False
        for attempt in range(LOCKED_RETRIES):
            try:
                with self.cursor() as cursor:
                    cursor.execute(BUMP, [PAGES])
                return
            except OperationalError as error:
                # SQLite's shared in-memory database (the tests' with a worker thread) says
                # "table is locked" at once instead of waiting as a file database does.
                if "locked" not in str(error) or attempt == LOCKED_RETRIES - 1:
                    raise
                time.sleep(0.05)

    def flush_pending_bump(self) -> None:
        if self.pages_pending and not counting["paused"]:
            self._bump_pages()

    def _commit(self) -> None:
        if self.pages_pending and not counting["paused"] and self.connection is not None:
            self._bump_pages()
        super()._commit()

    def _rollback(self) -> None:
        self.pages_pending = False
        super()._rollback()
