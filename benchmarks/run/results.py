"""The benchmark's pure parts: what is measured, wrk's output, the targets, the table and
the JSON, the machine, and the server's environment.
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

BASE_DIR = Path(settings.BASE_DIR)


WRK_MARKER = "WRK_JSON "


EXPORT_MIN_ROWS = 100_000
EXPORT_MAX_RSS_MB = 150.0
# Throughput targets for every page rendered (issue #12), as a share of /healthz's; the
# deep page against the first page.
PAGE_MIN_RATIO = 0.06
MIN_RATIO = {
    key: PAGE_MIN_RATIO
    for key in (
        "regulator_dashboard",
        "queue_first",
        "workspace",
        "regulator_inbox",
        "officer_dashboard",
        "officer_filing",
        "officer_inbox",
    )
}
DEEP_PAGE_MIN_SHARE = 0.80


MB = 1024 * 1024


# --- What is measured -----------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str  # with its query string; "" when the page does not exist on this data
    user: str = ""  # "reviewer", "officer", or "" for an anonymous request
    note: str = ""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    duration_s: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int


@dataclass
class Measurement:
    status: int | None = None  # of the check before wrk runs
    wrk: WrkResult | None = None
    queries: int | None = None
    demo_queries: int | None = None
    error: str = ""


@dataclass
class Row:
    page: Page
    measurement: Measurement
    ratio: float | None = None
    target: str = ""
    verdict: str = ""  # PASS, FAIL, ERROR, n/a, ref
    problems: list[str] = field(default_factory=list)

    @property
    def is_error(self) -> bool:
        return self.verdict == "ERROR"


@dataclass
class ExportResult:
    path: str
    status: int | None = None
    rows: int = 0
    bytes: int = 0
    first_byte_s: float | None = None
    last_byte_s: float | None = None
    worker_baseline_mb: float | None = None
    worker_peak_mb: float | None = None
    any_worker_peak_mb: float | None = None
    queries: int | None = None
    demo_queries: int | None = None
    error: str = ""
    verdict: str = ""
    problems: list[str] = field(default_factory=list)


# --- Pure parts: wrk's output, targets, the table, the JSON ------------------------------------
def parse_wrk(stdout: str) -> WrkResult:
    """The line wrk_report.lua prints in done()."""
    for line in stdout.splitlines():
        if line.startswith(WRK_MARKER):
            data = json.loads(line[len(WRK_MARKER) :])
            break
    else:
        raise ValueError("wrk printed no WRK_JSON line (was it run with wrk_report.lua?)")
    seconds = data["duration_us"] / 1e6
    latency = data["latency_us"]
    errors = data["errors"]
    return WrkResult(
        requests=data["requests"],
        duration_s=seconds,
        rps=data["requests"] / seconds if seconds else 0.0,
        p50_ms=latency["p50"] / 1000,
        p95_ms=latency["p95"] / 1000,
        p99_ms=latency["p99"] / 1000,
        non_2xx=data["non_2xx"],
        socket_errors=sum(errors[k] for k in ("connect", "read", "write", "timeout")),
    )


def reference_rps(results: Mapping[str, Measurement]) -> float | None:
    """The mean of /healthz measured first and last: the machine's speed drifts in a run."""
    figures = [
        m.wrk.rps
        for key in ("healthz_first", "healthz_last")
        if (m := results.get(key)) is not None and m.wrk is not None and m.wrk.rps > 0
    ]
    return sum(figures) / len(figures) if figures else None


def evaluate(pages: list[Page], results: Mapping[str, Measurement]) -> list[Row]:
    """A row per page: its ratio to /healthz, its target and whether it met it. A page that
    did not answer 200 every time is an ERROR, never a figure."""
    reference = reference_rps(results)
    rows = []
    for page in pages:
        m = results.get(page.key, Measurement())
        row = Row(page, m)
        rows.append(row)
        if not page.path:
            row.verdict = "n/a"
            continue
        row.problems += _errors(m)
        if row.problems:
            row.verdict = "ERROR"
            continue
        if m.wrk is None:  # _errors() reports a missing run; this tells the type checker
            continue
        row.ratio = m.wrk.rps / reference if reference else None
        if page.key.startswith("healthz"):
            row.verdict, row.target = "ref", "reference"
            continue
        row.target, met = _target(page.key, m.wrk.rps, row.ratio, results)
        if met is False:
            row.problems.append("throughput below target")
        if m.demo_queries is not None and m.queries != m.demo_queries:
            row.problems.append(f"queries differ: {m.queries} here, {m.demo_queries} on demo")
        if row.problems:
            row.verdict = "FAIL"
        elif met is not None or m.demo_queries is not None:
            row.verdict = "PASS"
    return rows


def _errors(m: Measurement) -> list[str]:
    problems = []
    if m.error:
        problems.append(m.error)
    if m.status is not None and m.status != 200:
        problems.append(f"answered {m.status}, not 200")
    if m.wrk is None:
        if not problems:
            problems.append("not measured")
        return problems
    if m.wrk.requests == 0:
        problems.append("no request completed")
    if m.wrk.non_2xx:
        problems.append(f"{m.wrk.non_2xx} of {m.wrk.requests} responses not 2xx")
    if m.wrk.socket_errors:
        problems.append(f"{m.wrk.socket_errors} socket errors or timeouts")
    return problems


def _target(
    key: str, rps: float, ratio: float | None, results: Mapping[str, Measurement]
) -> tuple[str, bool | None]:
    """The target's text and whether it is met (None: no target, or nothing to compare)."""
    if key in MIN_RATIO:
        minimum = MIN_RATIO[key]
        return f">= {minimum:.2f}", None if ratio is None else ratio >= minimum
    if key == "queue_deep":
        first = results.get("queue_first")
        text = f">= {DEEP_PAGE_MIN_SHARE:.2f} x page 1"
        if first is None or first.wrk is None or not first.wrk.rps:
            return text, None
        return text, rps >= DEEP_PAGE_MIN_SHARE * first.wrk.rps
    return "", None


def evaluate_export(export: ExportResult) -> ExportResult:
    problems = []
    if export.error:
        problems.append(export.error)
    if export.status != 200:
        problems.append(f"answered {export.status}, not 200")
    if problems:
        export.verdict, export.problems = "ERROR", problems
        return export
    if export.worker_peak_mb is None or export.worker_peak_mb >= EXPORT_MAX_RSS_MB:
        problems.append(f"worker peak RSS not under {EXPORT_MAX_RSS_MB:.0f} MB")
    if export.demo_queries is not None and export.queries != export.demo_queries:
        problems.append(f"queries differ: {export.queries} here, {export.demo_queries} on demo")
    export.problems = problems
    export.verdict = "FAIL" if problems else "PASS"
    return export


def _num(value: float | None, fmt: str = "{:.1f}") -> str:
    return "-" if value is None else fmt.format(value)


def format_table(rows: list[Row]) -> str:
    """One plain-text table, columns aligned (text left, figures right)."""
    header = (
        "page",
        "as",
        "rps",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "queries",
        "demo q",
        "ratio",
        "target",
        "result",
    )
    lines: list[tuple[str, ...]] = [header]
    for row in rows:
        m, w = row.measurement, row.measurement.wrk
        if row.verdict == "n/a":
            lines.append((row.page.label, row.page.user or "anon", *["-"] * 8, row.page.note))
            continue
        lines.append(
            (
                row.page.label,
                row.page.user or "anon",
                _num(w and w.rps),
                _num(w and w.p50_ms),
                _num(w and w.p95_ms),
                _num(w and w.p99_ms),
                _num(m.queries, "{:d}"),
                _num(m.demo_queries, "{:d}"),
                _num(row.ratio, "{:.2f}"),
                row.target or "-",
                row.verdict + (f" ({'; '.join(row.problems)})" if row.problems else ""),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
    left = {0, 1, 9}  # page, as, target

    def render(line: tuple[str, ...]) -> str:
        cells = [
            cell.ljust(widths[i]) if i in left else cell.rjust(widths[i])
            for i, cell in enumerate(line[:-1])
        ]
        return "  ".join([*cells, line[-1]]).rstrip()

    rule = "  ".join("-" * w for w in widths) + "  ------"
    return "\n".join([render(lines[0]), rule, *(render(line) for line in lines[1:])])


def format_export(export: ExportResult) -> str:
    """The export's line: what was received, how fast, the worker's memory, the verdict (the
    figures are shown for a response that broke off too: they say how far it got)."""
    result = export.verdict + (f" ({'; '.join(export.problems)})" if export.problems else "")
    if export.status != 200:
        return f"CSV export {export.path}: {result}"
    rows_note = "" if export.rows >= EXPORT_MIN_ROWS else f" (fewer than {EXPORT_MIN_ROWS:,})"
    return (
        f"CSV export {export.path}: {export.rows:,} row{'' if export.rows == 1 else 's'}"
        f"{rows_note}, {export.bytes / MB:.1f} MB, first byte "
        f"{_num(export.first_byte_s, '{:.2f}')} s, last byte "
        f"{_num(export.last_byte_s, '{:.2f}')} s; worker RSS "
        f"{_num(export.worker_baseline_mb)} MB before, peak {_num(export.worker_peak_mb)} MB "
        f"(any worker {_num(export.any_worker_peak_mb)} MB); queries "
        f"{_num(export.queries, '{:d}')} (demo {_num(export.demo_queries, '{:d}')}); "
        f"target peak < {EXPORT_MAX_RSS_MB:.0f} MB: {result}"
    )


def report(
    rows: list[Row], export: ExportResult | None, machine: dict[str, Any], run: dict[str, Any]
) -> dict[str, Any]:
    """The JSON written for comparison between runs: the table's data, and where it ran."""
    results = {row.page.key: row.measurement for row in rows}
    return {
        "machine": machine,
        "run": run,
        "reference_rps": reference_rps(results),
        "pages": [
            {
                **asdict(row.page),
                "status": row.measurement.status,
                "wrk": asdict(row.measurement.wrk) if row.measurement.wrk else None,
                "queries": row.measurement.queries,
                "demo_queries": row.measurement.demo_queries,
                "ratio": row.ratio,
                "target": row.target,
                "verdict": row.verdict,
                "problems": row.problems,
            }
            for row in rows
        ],
        "export": asdict(export) if export else None,
        "ok": not any(r.is_error for r in rows) and (export is None or export.verdict != "ERROR"),
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def machine_info() -> dict[str, Any]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model or platform.processor(),
        "python": platform.python_version(),
        "date": timezone.now().isoformat(timespec="seconds"),
        "commit": git_commit(BASE_DIR / ".git"),
    }


def git_commit(git_dir: Path) -> str:
    """HEAD's commit, read from the files (the runner calls no git command)."""
    try:
        head = (git_dir / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        loose = git_dir / ref
        if loose.exists():
            return loose.read_text().strip()
        for line in (git_dir / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0]
    except OSError:
        pass
    return ""


DEFAULT_BENCH_CACHE_URL = "redis://127.0.0.1:6379/3"
# Production's settings plus the `benchmarks` app: every process the bench starts (gunicorn,
# Celery, the writer, the demo's query count) uses them, whatever the caller's environment.
BENCH_SETTINGS_MODULE = "config.settings_bench"


def server_env(base: Mapping[str, str], *, secret_key: str) -> dict[str, str]:
    """Production settings, served as plain HTTP on loopback as if behind the TLS proxy of
    .env.example: BEHIND_TLS_PROXY trusts X-Forwarded-Proto, which every request sends, so
    the TLS redirect, secure cookies and HSTS stay as configured."""
    env = dict(base)
    env.update(
        DJANGO_SETTINGS_MODULE=BENCH_SETTINGS_MODULE,
        DEBUG="false",
        DEMO_MODE="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        BEHIND_TLS_PROXY="true",
        REQUIRE_2FA="true",
        LOG_LEVEL="WARNING",
        # The cache production uses (.env.example): shared by the workers, so sessions are
        # read from it (config/settings.py); BENCH_CACHE_URL= (empty) for the per-process one.
        CACHE_URL=base.get("BENCH_CACHE_URL", DEFAULT_BENCH_CACHE_URL),
    )
    if not env["CACHE_URL"]:
        env.pop("CACHE_URL")
    return env


PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
