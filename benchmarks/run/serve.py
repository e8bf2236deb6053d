"""The processes: gunicorn serving production settings, wrk loading each page, the CSV
export read to its last byte; and the whole run that drives them.
"""

from __future__ import annotations

import csv
import http.client
import io
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.urls import reverse

from .results import (
    BASE_DIR,
    MB,
    PROXY_HEADERS,
    ExportResult,
    WrkResult,
    parse_wrk,
)

WRK_SCRIPT = Path(__file__).parents[1] / "wrk_report.lua"


# --- The server, wrk and the export -----------------------------------------------------------
class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect (to the login or second-factor page) is an answer to report, not follow."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch_status(url: str, headers: Mapping[str, str]) -> int:
    request = urllib.request.Request(url, headers=dict(headers))  # noqa: S310 (loopback)
    try:
        with _opener.open(request, timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with sync workers on a free loopback port, stopped on leaving."""

    def __init__(self, *, workers: int, env: dict[str, str], log: Path) -> None:
        self.workers, self.env, self.log = workers, env, log
        self.port = free_port()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> Server:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log.open("w")
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--no-control-socket",  # the default path is shared by every gunicorn here
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CommandError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                status = fetch_status(self.url(reverse("accounts:healthz")), PROXY_HEADERS)
            except OSError:
                status = None
            if status == 200 and len(self.worker_processes()) >= self.workers:
                return
            time.sleep(0.2)
        raise CommandError(f"gunicorn did not answer /healthz within {timeout:.0f} s.")

    def worker_processes(self) -> list[Any]:
        import psutil

        return psutil.Process(self.process.pid).children()

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


def empty_cache(env: dict[str, str]) -> None:
    """Pages cached by an earlier run (of another seeding, whose change counter may have
    come back to the same value) must not be served: the benchmark's cache starts empty."""
    url = env.get("CACHE_URL", "")
    if url.startswith("redis://"):
        import redis

        try:
            redis.Redis.from_url(url).flushdb()
        except redis.RedisError as error:
            raise CommandError(f"The benchmark's cache {url} is unreachable: {error}") from error


def collectstatic(env: dict[str, str]) -> None:
    """Production settings serve static files through WhiteNoise's manifest: it must exist."""
    subprocess.run(  # noqa: S603 (our own interpreter and command)
        [sys.executable, str(BASE_DIR / "manage.py"), "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=600,
    )


def run_wrk(
    url: str,
    *,
    headers: Mapping[str, str],
    duration: int,
    connections: int,
    script: Path = WRK_SCRIPT,
    script_args: Sequence[str] = (),
) -> WrkResult:
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "30s",  # a slow page's latency is measured, not dropped as a timeout
        "-s",
        str(script),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    done = subprocess.run(  # noqa: S603 (wrk with fixed arguments)
        command, capture_output=True, text=True, timeout=duration + 120, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr.strip()[:300]}")
    return parse_wrk(done.stdout)


def measure_export(url: str, headers: Mapping[str, str], server: Server) -> ExportResult:
    """One request, read to its last byte, while a thread samples every worker's RSS and CPU
    time every 20 ms. The worker that served it is the one that used the most CPU meanwhile
    (its last sample counts if it was killed)."""
    result = ExportResult(path="")
    workers = server.worker_processes()
    baseline = {p.pid: p.memory_info().rss for p in workers}
    cpu_before = {p.pid: sum(p.cpu_times()[:2]) for p in workers}
    peaks, cpu = dict(baseline), dict(cpu_before)
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            for p in workers:
                try:
                    peaks[p.pid] = max(peaks[p.pid], p.memory_info().rss)
                    cpu[p.pid] = sum(p.cpu_times()[:2])
                except Exception:  # noqa: S112 (a worker that went away keeps its last sample)
                    continue
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    chunks: list[bytes] = []
    started = time.perf_counter()
    try:
        request = urllib.request.Request(url, headers=dict(headers))  # noqa: S310 (loopback)
        with _opener.open(request, timeout=600) as response:
            result.status = response.status
            while chunk := response.read1(64 * 1024):
                if result.first_byte_s is None:
                    result.first_byte_s = time.perf_counter() - started
                chunks.append(chunk)
        result.last_byte_s = time.perf_counter() - started
    except urllib.error.HTTPError as exc:
        result.status = exc.code
    except (OSError, http.client.HTTPException) as exc:
        result.error = f"the response broke off after {time.perf_counter() - started:.1f} s"
        result.error += f" ({type(exc).__name__})"
    finally:
        stop.set()
        sampler.join()
    body = b"".join(chunks)
    result.bytes = len(body)
    if result.status == 200:  # rows received, also of a response that broke off
        text = body.decode("utf-8-sig", errors="replace")
        result.rows = max(sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1, 0)
    served = max(cpu, key=lambda pid: cpu[pid] - cpu_before[pid])
    result.worker_baseline_mb = baseline[served] / MB
    result.worker_peak_mb = peaks[served] / MB
    result.any_worker_peak_mb = max(peaks.values()) / MB
    return result
