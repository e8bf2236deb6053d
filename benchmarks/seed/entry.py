"""The public entry point: seed()."""

from __future__ import annotations

import random
import time

from django.db import connection, transaction
from django.utils import translation

from .constants import DEFAULT_SEED, SeedReport, Targets
from .loader import _Loader, check_database
from .seeder import _Seeder


# --- The entry point ------------------------------------------------------------------------
def seed(
    *,
    scale: float = 1.0,
    random_seed: int = DEFAULT_SEED,
    allow_any_database: bool = False,
    progress: bool = True,
) -> SeedReport:
    """Empty the database's project tables and fill them at `scale`; see the module docstring.

    `allow_any_database` lets a test seed its own test database; the command never sets it."""
    check_database(allow_any_database=allow_any_database)
    started = time.monotonic()
    targets = Targets.at(scale)
    report = SeedReport(scale=scale)
    loader = _Loader(report, freeze=not connection.in_atomic_block, progress=progress)
    rng = random.Random(random_seed)  # noqa: S311 (benchmark data, not security)
    with transaction.atomic(), translation.override("en"):
        loader.prepare()
        _Seeder(targets, rng, loader, report).run()
        loader.finish()
    loader.analyze()
    report.total_seconds = time.monotonic() - started
    return report
