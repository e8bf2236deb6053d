"""`manage.py bench_seed`: empty a benchmark database and fill it at national scale
(benchmarks/seed/ says what, and how it is fast). PostgreSQL only; the database's name
must contain "bench"."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from benchmarks.seed import (
    BENCH_PASSWORD,
    BENCH_USERS,
    DEFAULT_SEED,
    SeedError,
    check_database,
    seed,
)


class Command(BaseCommand):
    help = (
        "Empty this benchmark database (PostgreSQL, a name containing 'bench') and fill it "
        "with 300,000 filings and everything around them, times --scale."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1.0: 300,000 filings; 0.01: 3,000."
        )
        parser.add_argument(
            "--seed",
            dest="random_seed",
            type=int,
            default=DEFAULT_SEED,
            help="The random seed (same seed, same data).",
        )
        parser.add_argument(
            "--yes", action="store_true", help="Empty the database without asking first."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(
        self,
        *args: Any,
        scale: float,
        random_seed: int,
        yes: bool,
        no_progress: bool,
        **options: Any,
    ) -> None:
        try:
            check_database()
        except SeedError as exc:
            raise CommandError(str(exc)) from exc
        name = connection.settings_dict["NAME"]
        if not yes and input(f"Empty the database {name!r} and seed it? [y/N] ").lower() != "y":
            raise CommandError("Nothing done.")
        try:
            report = seed(scale=scale, random_seed=random_seed, progress=not no_progress)
        except SeedError as exc:
            raise CommandError(str(exc)) from exc

        self.stdout.write(self.style.SUCCESS(f"Seeded {name} at scale {scale} in "
                                             f"{report.total_seconds:.1f} s."))  # fmt: skip
        self.stdout.write(f"\n{'table / step':<36}{'rows':>12}{'seconds':>10}")
        for label, seconds in sorted(report.seconds.items(), key=lambda i: -i[1]):
            rows = report.rows.get(label)
            shown = f"{rows:,}" if rows is not None else ""
            self.stdout.write(f"{label:<36}{shown:>12}{seconds:>10.1f}")
        for label, rows in report.rows.items():
            if label not in report.seconds:
                self.stdout.write(f"{label:<36}{rows:>12,}{'':>10}")
        facts = report.facts
        self.stdout.write("")
        for key in (
            "states",
            "office_reviews",
            "filed_filings",
            "revisions_per_filed_filing",
            "evidence_per_filed_filing",
            "audit_trail_starts",
        ):
            self.stdout.write(f"{key.replace('_', ' ')}: {facts.get(key)}")
        self.stdout.write(
            f"\nLogins (password {BENCH_PASSWORD!r}): {', '.join(BENCH_USERS)}.\n"
            f"bench_reviewer and bench_supervisor: {facts['bench_authority']}; their queue "
            f"holds {facts['bench_queue']:,} filings, {facts['bench_queue_concluded']:,} of them "
            f"under ?state=concluded and {facts['bench_queue_approved']:,} under "
            f"?state=approved.\n"
            f"bench_officer: {facts['bench_operator']}, {facts['bench_operator_platforms']} "
            f"platforms, {facts['bench_operator_filings']:,} filings.\n"
            f"A filing with 3+ differing revisions in the queue: {facts['workspace_filing']}."
        )
