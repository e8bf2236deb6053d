"""The realistic mix's processes: a Celery worker and beat as production runs them, the
writer, and wrk picking a random (user, page) for each request; and the phase that drives
them against the server the page table used.

Order: a sample of the pages is checked (each must answer 200), worker and beat start and
settle, /healthz is measured, the writer starts, the mix loads unmeasured for a while (the
caches of 100+ people fill), then measured; the writer stops, /healthz is measured again.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import CommandError
from django.urls import reverse

from .mix import MixPlan, write_lines, wrk_lines
from .mixreport import MixResult
from .results import BASE_DIR, PROXY_HEADERS, WrkResult

WRK_MIX_SCRIPT = Path(__file__).parents[1] / "wrk_mix.lua"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/9"
DEFAULT_WRITES_PER_SECOND = 2.0
DEFAULT_MIX_DURATION = 60
WRITER_READY = "WRITER READY"


@dataclass(frozen=True)
class MixOptions:
    duration: int  # measured seconds of the mix
    warmup: int  # unmeasured seconds of the mix first (the writer already writing)
    healthz_duration: int  # each /healthz measurement
    connections: int
    writes_per_second: float


class Background:
    """A process of ours with its output in a log; SIGTERM on leaving (as a supervisor stops
    it), SIGKILL to its process group after 30 s."""

    def __init__(self, name: str, command: list[str], *, env: Mapping[str, str], log: Path) -> None:
        self.name, self.command, self.env, self.log = name, command, dict(env), log

    def __enter__(self) -> Background:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log.open("w")
        self.process = subprocess.Popen(  # noqa: S603 (our interpreter, fixed arguments)
            self.command,
            cwd=BASE_DIR,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: a worker's pool children go with it
        )
        return self

    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_for(self, text: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log.read_text(errors="replace"):
                return
            if not self.alive():
                break
            time.sleep(0.25)
        tail = self.log.read_text(errors="replace")[-2000:]
        raise CommandError(f"{self.name} did not say {text!r} within {timeout:.0f} s:\n{tail}")

    def stop(self) -> int | None:
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self._log.close()


def mix_env(env: Mapping[str, str]) -> dict[str, str]:
    """The server's environment with the broker production uses: Redis. The bench's own
    database of it (BENCH_BROKER_URL), emptied at the start of the mix."""
    return {**env, "REDIS_URL": broker_url(env)}


def broker_url(env: Mapping[str, str]) -> str:
    return env.get("BENCH_BROKER_URL") or DEFAULT_BROKER_URL


def empty_broker(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url).flushdb()
    except redis.RedisError as error:
        raise CommandError(f"The benchmark's broker {url} is unreachable: {error}") from error


def celery_commands(log_dir: Path) -> dict[str, list[str]]:
    """Worker and one beat as docker-compose.yml runs them (the worker's concurrency is
    Celery's default: one process per CPU, here shared with gunicorn and PostgreSQL)."""
    celery = [sys.executable, "-m", "celery", "-A", "config"]
    return {
        "worker": [*celery, "worker", "--loglevel=info", "--hostname=bench-run@%h"],
        "beat": [
            *celery,
            "beat",
            "--loglevel=info",
            f"--schedule={log_dir / 'celerybeat-schedule'}",
            f"--pidfile={log_dir / 'celerybeat.pid'}",
        ],
    }


_SUCCEEDED = re.compile(r"Task \S+\[[^\]]+\] succeeded")
_FAILED = re.compile(r"Task \S+\[[^\]]+\] (raised unexpected|retry:)")
_SWEEP_SENT = re.compile(r"Sending due task \S+ \(filings\.tasks\.sweep\)")


def celery_report(worker_log: str, beat_log: str) -> dict[str, int]:
    """What worker and beat did, from their logs at INFO."""
    return {
        "succeeded": len(_SUCCEEDED.findall(worker_log)),
        "failed": len(_FAILED.findall(worker_log)),
        "sweeps": len(_SWEEP_SENT.findall(beat_log)),
    }


def run_wrk_mix(base_url: str, lines_file: Path, *, duration: int, connections: int) -> WrkResult:
    from .serve import run_wrk

    return run_wrk(
        base_url,
        headers=PROXY_HEADERS,
        duration=duration,
        connections=connections,
        script=WRK_MIX_SCRIPT,
        script_args=[str(lines_file)],
    )


def check_sample(
    server: Any, plan: MixPlan, sessions: Mapping[int, str], *, per_user: int = 1
) -> tuple[int, list[str]]:
    """One page of each person (their first: the dashboard, then a random other) must
    answer 200 before the mix counts anything; returns how many were asked and the ones that
    did not, as 'STATUS PATH as USER'."""
    import random

    from .serve import fetch_status

    rng = random.Random(len(plan.users))  # noqa: S311 (a sample, no secret)
    asks = []
    for user in plan.users:
        paths = [user.paths[0][1], *(p for _k, p in rng.sample(user.paths[1:], per_user))]
        cookie = f"{settings.SESSION_COOKIE_NAME}={sessions[user.pk]}"
        asks += [(user.username, path, {**PROXY_HEADERS, "Cookie": cookie}) for path in paths]

    def ask(item: tuple[str, str, dict[str, str]]) -> str:
        username, path, headers = item
        status = fetch_status(server.url(path), headers)
        return "" if status == 200 else f"{status} {path} as {username}"

    with ThreadPoolExecutor(max_workers=4) as pool:
        failures = [f for f in pool.map(ask, asks) if f]
    return len(asks), failures


def run_mix(
    server: Any,
    plan: MixPlan,
    sessions: Mapping[int, str],
    env: Mapping[str, str],
    options: MixOptions,
    out: TextIO,
) -> MixResult:
    result = MixResult(
        plan=plan.summary(),
        composition=plan.composition(),
        duration_s=options.duration,
        connections=options.connections,
        notes=list(plan.notes),
    )
    folder = Path(settings.VAR_DIR) / "bench"
    lines_file = folder / "mix_urls.txt"  # holds session keys: deleted once the run is done
    plan_file = folder / "mix_plan.json"
    write_lines(lines_file, wrk_lines(plan, sessions))
    plan_file.write_text(plan.to_json(), encoding="utf-8")
    healthz = server.url(reverse("accounts:healthz"))
    out.write(
        f"Realistic mix: {result.plan['users']} users, {result.plan['paths']:,} pages; "
        "checking one or two pages of each person ...\n"
    )
    result.checked, result.check_failures = check_sample(server, plan, sessions)
    env = mix_env(env)
    empty_broker(env["REDIS_URL"])
    commands = celery_commands(folder)
    (folder / "celerybeat.pid").unlink(missing_ok=True)  # a killed run's would stop beat
    try:
        out.write(f"Starting a Celery worker and beat (broker {env['REDIS_URL']}) ...\n")
        with (
            Background("worker", commands["worker"], env=env, log=folder / "worker.log") as worker,
            Background("beat", commands["beat"], env=env, log=folder / "beat.log") as beat,
        ):
            worker.wait_for("ready.")
            beat.wait_for("beat: Starting")
            time.sleep(2)  # let the worker's first tasks and beat's start-up pass
            result.healthz_first = _wrk(healthz, options.healthz_duration, options, out)
            result.writer = _with_writer(server, plan_file, lines_file, env, options, result, out)
            result.healthz_last = _wrk(healthz, options.healthz_duration, options, out)
            alive = worker.alive() and beat.alive()
            result.celery = {
                "broker": env["REDIS_URL"],
                "alive": alive,
                "error": "" if alive else "the worker or beat exited during the mix",
            }
        result.celery.update(
            celery_report(
                (folder / "worker.log").read_text(errors="replace"),
                (folder / "beat.log").read_text(errors="replace"),
            )
        )
    except (CommandError, OSError, RuntimeError, ValueError, subprocess.SubprocessError) as exc:
        result.error = str(exc)[:500]
    finally:
        lines_file.unlink(missing_ok=True)
    return result


def _wrk(url: str, duration: int, options: MixOptions, out: TextIO) -> WrkResult:
    from .serve import run_wrk

    found = run_wrk(url, headers=PROXY_HEADERS, duration=duration, connections=options.connections)
    out.write(f"  /healthz: {found.rps:.1f} rps\n")
    return found


def _with_writer(
    server: Any,
    plan_file: Path,
    lines_file: Path,
    env: Mapping[str, str],
    options: MixOptions,
    result: MixResult,
    out: TextIO,
) -> dict[str, Any]:
    """The mix under wrk while the writer writes; the writer's figures."""
    folder = plan_file.parent
    stats_file = folder / "writer.json"
    stats_file.unlink(missing_ok=True)
    command = [
        sys.executable,
        str(BASE_DIR / "manage.py"),
        "bench_run",
        "--writer",
        str(plan_file),
        "--writes-per-second",
        str(options.writes_per_second),
        "--json",
        str(stats_file),
    ]
    out.write(f"Starting the writer ({options.writes_per_second:g} writes/s) ...\n")
    with Background("writer", command, env=env, log=folder / "writer.log") as writer:
        writer.wait_for(WRITER_READY, timeout=180)
        if options.warmup:
            out.write(f"Warming up: {options.warmup} s of the mix, unmeasured ...\n")
            run_wrk_mix(
                server.url("/"),
                lines_file,
                duration=options.warmup,
                connections=options.connections,
            )
        out.write(f"Measuring the mix for {options.duration} s ...\n")
        result.mix = run_wrk_mix(
            server.url("/"), lines_file, duration=options.duration, connections=options.connections
        )
        out.write(f"  mix: {result.mix.rps:.1f} rps, p95 {result.mix.p95_ms:.1f} ms\n")
        code = writer.stop()
    if code != 0 or not stats_file.exists():
        tail = writer.log.read_text(errors="replace")[-1500:]
        raise CommandError(f"The writer exited with {code}:\n{tail}")
    return json.loads(stats_file.read_text(encoding="utf-8"))
