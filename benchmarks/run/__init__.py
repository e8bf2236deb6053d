"""The page benchmark of issue #7: `manage.py bench_run` (`make bench`).

Serves the app under gunicorn with production settings, drives each page with wrk while
logged in, and reports throughput as a ratio to /healthz measured in the same run (raw
figures depend on the machine and its neighbours; the ratio travels), latency percentiles,
the queries each page runs on this database and on the demo data (the counts must not grow
with the data), and the CSV export's time to last byte and worker memory.

Then the realistic mix: 100+ logged-in people (regulators of many authorities, officers of
many operators), each on their own pages in random order under wrk, while a writer makes
writes through the services at a steady rate and a Celery worker and beat run as in
production; reported as a second table against the issue's targets.

The pure parts (parsing wrk's output, targets, the table, the JSON) are in results.py and,
for the mix, mixreport.py; what reads the database (which pages, the logins) in plan.py and,
for the mix, mix.py; the writer in writer.py; the processes (gunicorn, wrk, the export) in
serve.py and, for the mix (Celery, the writer's process), traffic.py; the whole run in
runner.py.
"""

from __future__ import annotations

from .mix import MIN_USERS, MixPlan, MixUser, make_mix_plan, wrk_lines
from .mixreport import MIX_MAX_P95_MS, MIX_MIN_RATIO, MixResult, evaluate_mix, format_mix
from .plan import (
    DEEP_PAGE,
    DEVICE_NAME,
    OFFICERS,
    QUEUE_FILTER,
    REVIEWERS,
    Logins,
    Plan,
    _export_page,
    create_database,
    demo_queries,
    is_seeded,
    make_plan,
    measure_queries,
    queries_only,
    second_factor_required,
    walk_keyset,
)
from .results import (
    BASE_DIR,
    DEEP_PAGE_MIN_SHARE,
    DEFAULT_BENCH_CACHE_URL,
    EXPORT_MAX_RSS_MB,
    EXPORT_MIN_ROWS,
    MB,
    MIN_RATIO,
    PROXY_HEADERS,
    WRK_MARKER,
    ExportResult,
    Measurement,
    Page,
    Row,
    WrkResult,
    evaluate,
    evaluate_export,
    format_export,
    format_table,
    git_commit,
    machine_info,
    parse_wrk,
    reference_rps,
    report,
    server_env,
    write_json,
)
from .runner import run
from .serve import (
    WRK_SCRIPT,
    Server,
    collectstatic,
    fetch_status,
    free_port,
    measure_export,
    run_wrk,
)
from .traffic import (
    WRK_MIX_SCRIPT,
    MixOptions,
    celery_commands,
    celery_report,
    check_sample,
    mix_env,
)
from .writer import WRITE_SHARES, Writer, WriterStats, WriteTargets, serve_writer, write_targets

__all__ = [
    "BASE_DIR",
    "DEEP_PAGE",
    "DEEP_PAGE_MIN_SHARE",
    "DEFAULT_BENCH_CACHE_URL",
    "DEVICE_NAME",
    "EXPORT_MAX_RSS_MB",
    "EXPORT_MIN_ROWS",
    "MB",
    "MIN_RATIO",
    "MIN_USERS",
    "MIX_MAX_P95_MS",
    "MIX_MIN_RATIO",
    "OFFICERS",
    "PROXY_HEADERS",
    "QUEUE_FILTER",
    "REVIEWERS",
    "WRITE_SHARES",
    "WRK_MARKER",
    "WRK_MIX_SCRIPT",
    "WRK_SCRIPT",
    "ExportResult",
    "Logins",
    "Measurement",
    "MixOptions",
    "MixPlan",
    "MixResult",
    "MixUser",
    "Page",
    "Plan",
    "Row",
    "Server",
    "WriteTargets",
    "Writer",
    "WriterStats",
    "WrkResult",
    "_export_page",
    "celery_commands",
    "celery_report",
    "check_sample",
    "collectstatic",
    "create_database",
    "demo_queries",
    "evaluate",
    "evaluate_export",
    "evaluate_mix",
    "fetch_status",
    "format_export",
    "format_mix",
    "format_table",
    "free_port",
    "git_commit",
    "is_seeded",
    "machine_info",
    "make_mix_plan",
    "make_plan",
    "measure_export",
    "measure_queries",
    "mix_env",
    "parse_wrk",
    "queries_only",
    "reference_rps",
    "report",
    "run",
    "run_wrk",
    "second_factor_required",
    "serve_writer",
    "server_env",
    "walk_keyset",
    "write_json",
    "write_targets",
    "wrk_lines",
]
