"""The whole run: the page table (each page alone under wrk, the export), then the realistic
mix (100+ people with a writer, a Celery worker and beat), against one gunicorn server.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.test.utils import override_settings

from .mix import MixPlan, make_mix_plan
from .mixreport import MixResult, evaluate_mix, format_mix, mix_json
from .plan import Logins, Plan, _db_name, _export_page, demo_queries, make_plan, measure_queries
from .results import (
    PROXY_HEADERS,
    ExportResult,
    Measurement,
    Page,
    _num,
    evaluate,
    evaluate_export,
    format_export,
    format_table,
    machine_info,
    reference_rps,
    report,
    server_env,
    write_json,
)
from .serve import Server, collectstatic, empty_cache, fetch_status, measure_export, run_wrk
from .traffic import MixOptions, broker_url, run_mix


def _headers(page: Page, sessions: Mapping[str, str]) -> dict[str, str]:
    headers = dict(PROXY_HEADERS)
    if page.user:
        headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={sessions[page.user]}"
    return headers


def run(
    *,
    duration: int,
    connections: int,
    workers: int,
    warmup: int,
    json_path: Path,
    demo_database: str,
    out: TextIO,
    mix: MixOptions | None = None,
    users: int = 0,
    pages: bool = True,
) -> bool:
    """Measure, print the page table, the export line and the mix's table, write the JSON.
    False if a page, the export or the mix errored (a missed target is printed as FAIL, and
    is no error). `pages=False` runs the mix alone; `mix=None` the page table alone."""
    import shutil

    if shutil.which("wrk") is None:
        raise CommandError("wrk is not installed (apt-get install wrk).")
    plan = make_plan(out=out) if pages else None
    mix_plan = None
    if mix is not None:
        started = time.monotonic()
        mix_plan = make_mix_plan(users=users)
        out.write(f"Planned the mix's people and pages in {time.monotonic() - started:.1f} s.\n")
    results = {}
    if plan is not None:
        results = {page.key: Measurement() for page in [*plan.pages, _export_page(plan)]}
    secret_key = secrets.token_urlsafe(50)
    env = server_env(os.environ, secret_key=secret_key)
    if mix is not None:
        env["REDIS_URL"] = broker_url(os.environ)  # what a web request would enqueue on
    empty_cache(env)
    out.write("Collecting static files for production settings ...\n")
    collectstatic(env)
    demo = demo_queries(demo_database, out=out) if demo_database and plan else {}
    for key, found in demo.get("pages", {}).items():
        if key in results:
            results[key].demo_queries = found["queries"]
    # Sessions are signed, and the password hash in them keyed, with the server's key.
    with override_settings(SECRET_KEY=secret_key):
        export, mixed = _measure(
            plan, results, env, workers, (warmup, duration, connections), out, mix_plan, mix
        )
    rows = []
    if plan is not None and export is not None:
        export.queries = results["export"].queries
        export.demo_queries = results["export"].demo_queries
        export.error = export.error or results["export"].error
        rows = evaluate(plan.pages, results)
        export = evaluate_export(export)
        out.write(f"\nEvery page rendered; cache: {env.get('CACHE_URL', 'per-process')}\n")
        out.write(format_table(rows) + "\n\n")
        reference = reference_rps(results)
        out.write(f"Reference: /healthz at {_num(reference)} rps (mean of first and last).\n")
        out.write(format_export(export) + "\n")
    if mixed is not None:
        mixed = evaluate_mix(mixed)
        out.write("\n" + format_mix(mixed) + "\n")
    data = report(
        rows,
        export,
        machine_info(),
        {
            "database": _db_name(),
            "demo_database": demo.get("database", ""),
            "demo_notes": demo.get("notes", {}),
            "duration_s": duration,
            "warmup_s": warmup,
            "connections": connections,
            "wrk_threads": min(2, connections),
            "workers": workers,
            "server": "gunicorn, sync workers, DEBUG=false, REQUIRE_2FA=true",
            "cache": env.get("CACHE_URL", "per-process"),
            "notes": plan.notes if plan else [],
            "mix": None if mix is None else {**vars(mix), "users": users},
        },
    )
    data["mix"] = mix_json(mixed) if mixed is not None else None
    data["ok"] = data["ok"] and (mixed is None or mixed.verdict != "ERROR")
    write_json(json_path, data)
    out.write(f"Wrote {json_path}.\n")
    return bool(data["ok"])


def _measure(
    plan: Plan | None,
    results: dict[str, Measurement],
    env: dict[str, str],
    workers: int,
    load: tuple[int, int, int],
    out: TextIO,
    mix_plan: MixPlan | None,
    mix: MixOptions | None,
) -> tuple[ExportResult | None, MixResult | None]:
    """Queries in process, then each page under wrk, then the export, then the mix; logins
    closed after."""
    logins = Logins()
    export = mixed = None
    try:
        sessions = {}
        if plan is not None:
            sessions = {role: logins.open(user) for role, user in plan.users.items()}
            out.write("Counting queries in process ...\n")
            pages = [*plan.pages, _export_page(plan)]
            for key, found in measure_queries(pages, sessions).items():
                results[key].queries = found["queries"]
                results[key].error = found["error"]
                if found["status"] != 200 and not found["error"]:
                    results[key].error = f"answered {found['status']} in process"
        log = Path(settings.VAR_DIR) / "bench" / "gunicorn.log"
        out.write(f"Starting gunicorn ({workers} sync workers; log {log}) ...\n")
        with Server(workers=workers, env=env, log=log) as server:
            if plan is not None:
                export = _pages(server, plan, results, sessions, load, out)
            if mix_plan is not None and mix is not None:
                people = get_user_model().objects.in_bulk([u.pk for u in mix_plan.users])
                out.write(f"Logging in the mix's {len(people)} people ...\n")
                mix_sessions = {pk: logins.open(user) for pk, user in people.items()}
                mixed = run_mix(server, mix_plan, mix_sessions, env, mix, out)
    finally:
        logins.close()
    return export, mixed


def _pages(
    server: Server,
    plan: Plan,
    results: dict[str, Measurement],
    sessions: Mapping[str, str],
    load: tuple[int, int, int],
    out: TextIO,
) -> ExportResult:
    """Every page is loaded for `warmup` seconds first, unmeasured: each worker then has its
    templates compiled, its database connection open and its caches filled."""
    warmup, duration, connections = load
    export_page = _export_page(plan)
    if warmup:
        out.write(f"Warming up: {warmup} s of load on each page ...\n")
        for page in plan.pages:
            if page.path:
                url, headers = server.url(page.path), _headers(page, sessions)
                _drive(url, headers, Measurement(), warmup, connections)
    for page in plan.pages:
        if page.path:
            m = results[page.key]
            _drive(server.url(page.path), _headers(page, sessions), m, duration, connections)
            figures = f"{m.wrk.rps:.1f} rps" if m.wrk else f"{m.status} {m.error}"
            out.write(f"  {page.label} as {page.user or 'anonymous'}: {figures}\n")
    out.write("Export: one request, read to its last byte ...\n")
    export = measure_export(server.url(export_page.path), _headers(export_page, sessions), server)
    if export.error and "WORKER TIMEOUT" in server.log.read_text():
        export.error += (
            "; gunicorn killed the worker: WORKER TIMEOUT (a sync worker gets 30 s "
            "per request by default, as in the Dockerfile)"
        )
    export.path = export_page.path
    return export


def _drive(
    url: str, headers: dict[str, str], m: Measurement, duration: int, connections: int
) -> None:
    """Check that the page answers 200, then load it with wrk."""
    try:
        m.status = fetch_status(url, headers)
        if m.status == 200:
            m.wrk = run_wrk(url, headers=headers, duration=duration, connections=connections)
    except (OSError, RuntimeError, ValueError, subprocess.TimeoutExpired) as exc:
        m.error = repr(exc)[:200]
