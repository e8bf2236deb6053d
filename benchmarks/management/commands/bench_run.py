"""`manage.py bench_run` (`make bench`): the page benchmark of issue #7 and the realistic
mix, against the database DATABASE_URL names (seeded by `bench_seed`, or the demo data).
benchmarks/run/ does the work and says how."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from benchmarks import run
from benchmarks.run.mix import DEFAULT_USERS
from benchmarks.run.traffic import DEFAULT_MIX_DURATION, DEFAULT_WRITES_PER_SECOND


class Command(BaseCommand):
    help = (
        "Serve the app under gunicorn with production settings, load each page with wrk, "
        "and print throughput (as a ratio to /healthz), latency and queries per request; then "
        "the realistic mix: 100+ logged-in people on their own pages, with a writer and a "
        "Celery worker and beat."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--duration", type=int, default=10, help="Seconds of wrk per page.")
        parser.add_argument("--connections", type=int, default=8, help="wrk's connections.")
        parser.add_argument(
            "--warmup", type=int, default=2, help="Unmeasured seconds of load per page first."
        )
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 2, help="gunicorn sync workers."
        )
        parser.add_argument(
            "--json",
            type=Path,
            default=Path(settings.VAR_DIR) / "bench" / "last.json",
            help="Where to write the results (default var/bench/last.json).",
        )
        parser.add_argument(
            "--demo-database",
            default="",
            metavar="URL",
            help="The demo data's database: its query counts are shown next to this one's.",
        )
        parser.add_argument(
            "--create-database",
            action="store_true",
            help="Only create the database DATABASE_URL names, if missing (for make bench).",
        )
        parser.add_argument(
            "--check-seeded",
            action="store_true",
            help="Only say whether bench_seed's data is there (exit status 0 if so).",
        )
        parser.add_argument(
            "--mix-duration",
            type=int,
            default=DEFAULT_MIX_DURATION,
            help="Measured seconds of the realistic mix (0: no mix). Its warm-up is 5 x --warmup.",
        )
        parser.add_argument(
            "--writes-per-second",
            type=float,
            default=DEFAULT_WRITES_PER_SECOND,
            help="The writer's rate during the mix (answers, comments, submissions, claims).",
        )
        parser.add_argument(
            "--users",
            type=int,
            default=DEFAULT_USERS,
            help="People in the mix: half regulators, half officers (the target needs 100+).",
        )
        parser.add_argument(
            "--mix-only", action="store_true", help="Skip the page table and the export."
        )
        # The demo database's half of the run, in a subprocess of the main run.
        parser.add_argument("--queries-only", action="store_true", help=argparse.SUPPRESS)
        # The mix's writer, in a subprocess of the main run: the plan's JSON file.
        parser.add_argument("--writer", type=Path, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["create_database"]:
            run.create_database(out=self.stdout)
            return
        if options["check_seeded"]:
            if not run.is_seeded():
                raise CommandError("This database holds no bench_seed data.", returncode=1)
            self.stdout.write("This database holds bench_seed's data.")
            return
        if options["queries_only"]:
            run.queries_only(options["json"], out=self.stdout)
            return
        if options["writer"]:
            run.serve_writer(
                options["writer"],
                per_second=options["writes_per_second"],
                json_path=options["json"],
                out=self.stdout,
            )
            return
        if options["writes_per_second"] <= 0:
            raise CommandError("--writes-per-second must be above 0.")
        mix = None
        if options["mix_duration"] > 0:
            mix = run.MixOptions(
                duration=options["mix_duration"],
                warmup=5 * options["warmup"],
                healthz_duration=options["duration"],
                connections=options["connections"],
                writes_per_second=options["writes_per_second"],
            )
        elif options["mix_only"]:
            raise CommandError("--mix-only with --mix-duration 0 would measure nothing.")
        ok = run.run(
            duration=options["duration"],
            connections=options["connections"],
            workers=options["workers"],
            warmup=options["warmup"],
            json_path=options["json"],
            demo_database=options["demo_database"],
            out=self.stdout,
            mix=mix,
            users=options["users"],
            pages=not options["mix_only"],
        )
        if not ok:
            raise CommandError("A page, the export or the mix errored: see ERROR above.")
