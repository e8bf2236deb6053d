"""`manage.py bench_profile`: where a benchmarked page's time goes, in this process.

For each page of `make bench`'s plan, as its user (a real session, a verified second factor
for a regulator), it requests the page a few times to warm the caches, then `--requests`
times under cProfile, and prints the time per request split into SQL (the database's own
time as the driver waits for it), template rendering and the rest (middleware, views,
forms), with the functions that cost most. It measures one process on an idle server, so its
milliseconds are CPU cost, not latency under load: it tells what to cut, `make bench` tells
whether cutting it helped. The Python calls per request are counted, not timed: the same
from run to run however busy the machine is, so they compare a change on a shared machine.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from benchmarks.run.plan import Logins, make_plan


class _SqlTimer:
    def __init__(self) -> None:
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


class Command(BaseCommand):
    help = "Profile each benchmarked page in this process: SQL, templates and the rest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=30, help="Profiled requests/page.")
        parser.add_argument("--page", action="append", default=[], help="Only these page keys.")
        parser.add_argument("--top", type=int, default=25, help="Functions listed per page.")
        parser.add_argument(
            "--sort", default="tottime", choices=["tottime", "cumulative"], help="pstats order."
        )
        parser.add_argument(
            "--sql", action="store_true", help="Also list each query of one request."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = make_plan(out=self.stdout)
        logins = Logins()
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        try:
            sessions = {role: logins.open(user) for role, user in plan.users.items()}
            with override_settings(REQUIRE_2FA=True, ALLOWED_HOSTS=hosts):
                for page in plan.pages:
                    if not page.path or page.key == "healthz_last":
                        continue
                    if options["page"] and page.key not in options["page"]:
                        continue
                    self._profile(page, sessions, options)
        finally:
            logins.close()

    def _profile(self, page: Any, sessions: dict[str, str], options: dict[str, Any]) -> None:
        from django.template import base as template_base

        client = Client()
        if page.user:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[page.user]
        for _ in range(3):
            client.get(page.path, secure=True)
        count = options["requests"]
        # CPU time of this process per request, without the profiler: what the page costs a
        # web worker, whatever else the machine is doing (the database's time is not in it).
        cpu_started = time.process_time()
        for _ in range(count):
            client.get(page.path, secure=True)
        cpu_ms = (time.process_time() - cpu_started) / count * 1000
        sql = _SqlTimer()
        profile = cProfile.Profile()
        started = time.perf_counter()
        with connection.execute_wrapper(sql):
            profile.enable()
            for _ in range(count):
                response = client.get(page.path, secure=True)
            profile.disable()
        wall = (time.perf_counter() - started) / count * 1000
        stats = pstats.Stats(profile)
        # The time inside Template.render (cumulative: the outermost call), per request.
        code = template_base.Template.render.__code__
        key = (code.co_filename, code.co_firstlineno, code.co_name)
        rendering = stats.stats.get(key, (0, 0, 0, 0.0))[3]  # type: ignore[attr-defined]
        sql_ms = sql.seconds / count * 1000
        template_ms = rendering / count * 1000
        self.stdout.write(
            f"\n== {page.label} ({page.path}) status {response.status_code}: "
            f"CPU {cpu_ms:.1f} ms/request; under the profiler {wall:.1f} ms, "
            f"of which SQL {sql_ms:.1f} ms "
            f"({sql.count / count:.0f} queries); templates {template_ms:.1f} ms; "
            f"{stats.total_calls / count:,.0f} Python calls/request\n"  # type: ignore[attr-defined]
        )
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(options["sort"]).print_stats(options["top"])
        text = out.getvalue()
        self.stdout.write(text[text.find("   ncalls") :])
        if options["sql"]:
            with CaptureQueriesContext(connection) as queries:
                client.get(page.path, secure=True)
            for number, query in enumerate(queries.captured_queries, 1):
                self.stdout.write(f"  {number:2}. {query['sql'][:300]}")
