"""The page benchmark of issue #7: `manage.py bench_run` (`make bench`).

Serves the app under gunicorn with production settings, drives each page with wrk while
logged in, and reports throughput as a ratio to /healthz measured in the same run (raw
figures depend on the machine and its neighbours; the ratio travels), latency percentiles,
the queries each page runs on this database and on the demo data (the counts must not grow
with the data), and the CSV export's time to last byte and worker memory.

The pure parts (parsing wrk's output, targets, the table, the JSON) come first; then what
reads the database (which pages, the logins); then the processes (gunicorn, wrk, the export).
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import platform
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.management.base import CommandError
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

BASE_DIR = Path(settings.BASE_DIR)
WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")
WRK_MARKER = "WRK_JSON "

# Users: the seeded ones (benchmarks/seed.py) if they exist, else the demo's.
REVIEWERS = ("bench_reviewer", "beijing_reviewer")
OFFICERS = ("bench_officer", "douyin_officer")
# One filter for the queue's first page, its page 2,000 and the export, so they compare.
QUEUE_FILTER = {"state": "approved"}
DEEP_PAGE = 2000
EXPORT_MIN_ROWS = 100_000
EXPORT_MAX_RSS_MB = 150.0
# Throughput targets, as a share of /healthz's; the deep page against the first page.
MIN_RATIO = {
    "regulator_dashboard": 0.25,
    "queue_first": 0.25,
    "workspace": 0.15,
    "officer_dashboard": 0.25,
}
DEEP_PAGE_MIN_SHARE = 0.80
# The TOTP device the run verifies, like a person typing the code, and deletes afterwards.
DEVICE_NAME = "bench_run"
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


def server_env(base: Mapping[str, str], *, secret_key: str) -> dict[str, str]:
    """Production settings, served as plain HTTP on loopback as if behind the TLS proxy of
    .env.example: BEHIND_TLS_PROXY trusts X-Forwarded-Proto, which every request sends, so
    the TLS redirect, secure cookies and HSTS stay as configured."""
    env = dict(base)
    env.update(
        DEBUG="false",
        DEMO_MODE="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        BEHIND_TLS_PROXY="true",
        REQUIRE_2FA="true",
        LOG_LEVEL="WARNING",
    )
    return env


PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def create_database(*, out: TextIO) -> None:
    """Create the PostgreSQL database DATABASE_URL names if it is missing (`make bench`
    migrates it next). SQLite creates its file itself."""
    if connection.vendor != "postgresql":
        return
    import psycopg2
    from psycopg2 import sql

    params = connection.get_connection_params()
    name = params.pop("dbname", None) or params.pop("database")
    params.pop("cursor_factory", None)
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                out.write(f"Created database {name}.\n")
    finally:
        admin.close()


def is_seeded() -> bool:
    """Whether bench_seed's data is here. It seeds in one transaction that begins by emptying
    the database, so its reviewer exists only once a seed has finished."""
    return get_user_model().objects.filter(username=REVIEWERS[0]).exists()


# --- What to request, on this database ------------------------------------------------------
@dataclass
class Plan:
    users: dict[str, Any]  # "reviewer", "officer"
    pages: list[Page]
    export_path: str
    notes: list[str] = field(default_factory=list)


def make_plan(*, out: TextIO) -> Plan:
    from registry import selectors as registry_selectors
    from review import selectors
    from review.forms import QueueFilterForm
    from review.views.queue import PAGE_SIZE

    reviewer, officer = _user(REVIEWERS), _user(OFFICERS)
    notes = [f"reviewer {reviewer.get_username()}, officer {officer.get_username()}"]
    form = QueueFilterForm(QueryDict(urlencode(QUEUE_FILTER)), user=reviewer)
    if not form.is_valid():
        raise CommandError(f"The queue filter {QUEUE_FILTER} is not valid: {form.errors}")
    queue = reverse("review:queue")
    query = urlencode(QUEUE_FILTER)
    started = time.monotonic()
    cursor, seen = walk_keyset(
        selectors.queue(reviewer, form.cleaned_data), "due", DEEP_PAGE, page_size=PAGE_SIZE
    )
    out.write(f"Walked the queue to page {DEEP_PAGE:,} in {time.monotonic() - started:.1f} s.\n")
    label = f"queue p.{DEEP_PAGE:,} {query}"
    if cursor is None:
        deep = Page(
            "queue_deep",
            label,
            "",
            "reviewer",
            f"n/a (only {seen:,} row{'' if seen == 1 else 's'})",
        )
    else:
        after = urlencode({"after": form.cursor(cursor)})
        deep = Page("queue_deep", label, f"{queue}?{query}&{after}", "reviewer")
    workspace = _workspace(reviewer, selectors)
    search = _register_search(registry_selectors)
    pages = [
        Page("healthz_first", "/healthz (first)", reverse("accounts:healthz")),
        Page(
            "regulator_dashboard",
            "regulator /dashboard/",
            reverse("accounts:dashboard"),
            "reviewer",
        ),
        Page("queue_first", f"queue p.1 {query}", f"{queue}?{query}", "reviewer"),
        deep,
        workspace,
        Page("officer_dashboard", "officer /dashboard/", reverse("accounts:dashboard"), "officer"),
        search,
        Page("healthz_last", "/healthz (last)", reverse("accounts:healthz")),
    ]
    return Plan(
        users={"reviewer": reviewer, "officer": officer},
        pages=pages,
        export_path=f"{reverse('review:export_csv')}?{query}",
        notes=notes,
    )


def _user(usernames: tuple[str, ...]) -> Any:
    users = get_user_model().objects.filter(username__in=usernames, is_active=True)
    found = {u.get_username(): u for u in users}
    for name in usernames:
        if name in found:
            return found[name]
    raise CommandError(
        f"None of {', '.join(usernames)} exists: seed the database first "
        "(manage.py bench_seed, or seed_demo)."
    )


def walk_keyset(
    qs: Any, sort: str, page: int, *, page_size: int
) -> tuple[tuple[Any, int] | None, int]:
    """The cursor a person holds after clicking "next" page - 1 times, found with the queue's
    own keyset selector, and the rows passed; (None, all rows) when the page does not exist.

    The cursor depends only on how many rows lie before it, so the walk takes steps of 20
    pages while it can: page 2,000 costs about 120 queries instead of 1,999."""
    from review import selectors

    remaining, cursor, seen = (page - 1) * page_size, None, 0
    big = page_size * 20
    while remaining > 0:
        size = big if remaining >= big else page_size
        rows, cursor = selectors.keyset_page(qs, sort, cursor, size)
        seen += len(rows)
        remaining -= size
        if cursor is None:  # no row after these: the page is not there
            return None, seen
    return cursor, seen


def _workspace(reviewer: Any, selectors: Any) -> Page:
    """The filing with the most revisions among the reviewer's, at its latest revision: the
    workspace then shows what changed since the one before."""
    from filings.models import FilingRevision

    found = (
        FilingRevision.objects.filter(
            filing__in=selectors.regulator_filings(reviewer), number__gte=2
        )
        .order_by("-number", "filing_id")
        .values_list("filing_id", "number")
        .first()
    )
    if found is None:
        return Page(
            "workspace", "workspace + diff", "", "reviewer", "n/a (no filing with 2 revisions)"
        )
    pk, number = found
    url = f"{reverse('review:workspace', args=[pk])}?{urlencode({'rev': number})}"
    return Page("workspace", f"workspace + diff (rev {number - 1}->{number})", url, "reviewer")


def _register_search(registry_selectors: Any) -> Page:
    """/register/ searched for the platform of the latest published filing."""
    latest = registry_selectors.published().first()
    if latest is None:
        return Page("register_search", "register search", "", "", "n/a (nothing published)")
    text = latest.platform.name_zh
    url = f"{reverse('registry:register')}?{urlencode({'q': text})}"
    return Page("register_search", "register search", url, "", f"q={text}")


# --- Logins without a browser ---------------------------------------------------------------
def second_factor_required(user: Any) -> bool:
    """Whether production settings make this user verify a one-time password."""
    from accounts.security import needs_second_factor

    with override_settings(REQUIRE_2FA=True):
        return needs_second_factor(user)


class Logins:
    """Sessions made with the session engine, holding what a password login leaves in them
    (the user, the backend, the password hash, the session clock of accounts/middleware.py)
    and, for a user production settings ask a second factor of, a TOTP device verified with
    a code computed from its key, as an authenticator app would. close() deletes both."""

    def __init__(self) -> None:
        engine = settings.SESSION_ENGINE
        if not engine.endswith((".db", ".cached_db", ".file")):
            raise CommandError(f"{engine} sessions are not shared with the server's processes.")
        self.store = import_module(engine).SessionStore
        self.keys: list[str] = []
        self.devices: dict[Any, Any] = {}

    def open(self, user: Any) -> str:
        from django_otp import DEVICE_ID_SESSION_KEY

        from accounts.middleware import SESSION_SEEN, SESSION_STARTED

        now = time.time()
        session = self.store()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[SESSION_STARTED] = now
        session[SESSION_SEEN] = now
        if second_factor_required(user):
            session[DEVICE_ID_SESSION_KEY] = self._verified_device(user).persistent_id
        session.create()
        self.keys.append(session.session_key)
        return session.session_key

    def _verified_device(self, user: Any) -> Any:
        from django_otp.oath import TOTP
        from django_otp.plugins.otp_totp.models import TOTPDevice

        if user.pk in self.devices:
            return self.devices[user.pk]
        TOTPDevice.objects.filter(user=user, name=DEVICE_NAME).delete()  # a crashed run's
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        self.devices[user.pk] = device
        code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
        if not device.verify_token(code):
            raise CommandError(f"The TOTP code for {user.get_username()} did not verify.")
        return device

    def close(self) -> None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        for key in self.keys:
            self.store(session_key=key).delete()
        TOTPDevice.objects.filter(pk__in=[d.pk for d in self.devices.values()]).delete()
        self.keys, self.devices = [], {}


# --- Queries per request, in this process ---------------------------------------------------
def measure_queries(pages: list[Page], sessions: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Each page's status and the queries of one request after a first one (caches warm, as
    in a server that has been running). The export runs once: it is the slowest."""
    found: dict[str, dict[str, Any]] = {}
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(REQUIRE_2FA=True, ALLOWED_HOSTS=hosts):
        for page in pages:
            if not page.path:
                continue
            client = Client()
            if page.user:
                client.cookies[settings.SESSION_COOKIE_NAME] = sessions[page.user]
            try:
                if page.key != "export":
                    _get(client, page.path)
                with CaptureQueriesContext(connection) as queries:
                    status = _get(client, page.path)
            except Exception as exc:  # reported in the table; the other pages still run
                found[page.key] = {"status": None, "queries": None, "error": repr(exc)[:200]}
                continue
            found[page.key] = {"status": status, "queries": len(queries), "error": ""}
    return found


def _get(client: Client, path: str) -> int:
    response = client.get(path, secure=True)
    if response.streaming:  # read to the end: the client then closes it, as a server would
        for _chunk in response.streaming_content:
            pass
    return response.status_code


def queries_only(json_path: Path, *, out: TextIO) -> None:
    """The in-process part alone, for the demo database (run in a subprocess)."""
    plan = make_plan(out=out)
    logins = Logins()
    try:
        sessions = {role: logins.open(user) for role, user in plan.users.items()}
        found = measure_queries([*plan.pages, _export_page(plan)], sessions)
    finally:
        logins.close()
    notes = {page.key: page.note for page in plan.pages if page.note}
    write_json(json_path, {"database": _db_name(), "pages": found, "notes": notes})


def demo_queries(database_url: str, *, out: TextIO) -> dict[str, Any]:
    import tempfile

    out.write("Counting queries on the demo database (a subprocess) ...\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.json"
        command = [sys.executable, str(BASE_DIR / "manage.py"), "bench_run", "--queries-only"]
        done = subprocess.run(  # noqa: S603 (our own interpreter and command)
            [*command, "--json", str(path)],
            cwd=BASE_DIR,
            env={**os.environ, "DATABASE_URL": database_url},
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if done.returncode != 0:
            raise CommandError(f"Counting queries on the demo database failed:\n{done.stderr}")
        return json.loads(path.read_text(encoding="utf-8"))


def _export_page(plan: Plan) -> Page:
    return Page("export", "CSV export", plan.export_path, "reviewer")


def _db_name() -> str:
    return str(connection.settings_dict["NAME"])


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


def collectstatic(env: dict[str, str]) -> None:
    """Production settings serve static files through WhiteNoise's manifest: it must exist."""
    subprocess.run(  # noqa: S603 (our own interpreter and command)
        [sys.executable, str(BASE_DIR / "manage.py"), "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=600,
    )


def run_wrk(url: str, *, headers: Mapping[str, str], duration: int, connections: int) -> WrkResult:
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "30s",  # a slow page's latency is measured, not dropped as a timeout
        "-s",
        str(WRK_SCRIPT),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run(  # noqa: S603 (wrk with fixed arguments)
        [*command, url], capture_output=True, text=True, timeout=duration + 120, check=False
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


# --- The whole run ----------------------------------------------------------------------------
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
) -> bool:
    """Measure, print the table and the export line, write the JSON. False if a page or the
    export did not answer 200 (a missed target is printed as FAIL, and is no error)."""
    import shutil

    if shutil.which("wrk") is None:
        raise CommandError("wrk is not installed (apt-get install wrk).")
    plan = make_plan(out=out)
    export_page = _export_page(plan)
    results = {page.key: Measurement() for page in [*plan.pages, export_page]}
    secret_key = secrets.token_urlsafe(50)
    env = server_env(os.environ, secret_key=secret_key)
    out.write("Collecting static files for production settings ...\n")
    collectstatic(env)
    demo = demo_queries(demo_database, out=out) if demo_database else {}
    for key, found in demo.get("pages", {}).items():
        if key in results:
            results[key].demo_queries = found["queries"]
    # Sessions are signed, and the password hash in them keyed, with the server's key.
    with override_settings(SECRET_KEY=secret_key):
        export = _measure(plan, results, env, workers, (warmup, duration, connections), out)
    export.queries = results["export"].queries
    export.demo_queries = results["export"].demo_queries
    export.error = export.error or results["export"].error
    rows = evaluate(plan.pages, results)
    export = evaluate_export(export)
    out.write("\n" + format_table(rows) + "\n\n")
    reference = reference_rps(results)
    out.write(f"Reference: /healthz at {_num(reference)} rps (mean of first and last).\n")
    out.write(format_export(export) + "\n")
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
            "notes": plan.notes,
        },
    )
    write_json(json_path, data)
    out.write(f"Wrote {json_path}.\n")
    return bool(data["ok"])


def _measure(
    plan: Plan,
    results: dict[str, Measurement],
    env: dict[str, str],
    workers: int,
    load: tuple[int, int, int],
    out: TextIO,
) -> ExportResult:
    """Queries in process, then each page under wrk, then the export; logins closed after.
    Every page is loaded for `warmup` seconds first, unmeasured: each worker then has its
    templates compiled, its database connection open and its caches filled."""
    warmup, duration, connections = load
    export_page = _export_page(plan)
    logins = Logins()
    try:
        sessions = {role: logins.open(user) for role, user in plan.users.items()}
        out.write("Counting queries in process ...\n")
        for key, found in measure_queries([*plan.pages, export_page], sessions).items():
            results[key].queries = found["queries"]
            results[key].error = found["error"]
            if found["status"] != 200 and not found["error"]:
                results[key].error = f"answered {found['status']} in process"
        log = Path(settings.VAR_DIR) / "bench" / "gunicorn.log"
        out.write(f"Starting gunicorn ({workers} sync workers; log {log}) ...\n")
        with Server(workers=workers, env=env, log=log) as server:
            if warmup:
                out.write(f"Warming up: {warmup} s of load on each page ...\n")
                for page in plan.pages:
                    if page.path:
                        url, headers = server.url(page.path), _headers(page, sessions)
                        _drive(url, headers, Measurement(), warmup, connections)
            for page in plan.pages:
                if page.path:
                    m = results[page.key]
                    _drive(
                        server.url(page.path), _headers(page, sessions), m, duration, connections
                    )
                    figures = f"{m.wrk.rps:.1f} rps" if m.wrk else f"{m.status} {m.error}"
                    out.write(f"  {page.label} as {page.user or 'anonymous'}: {figures}\n")
            out.write("Export: one request, read to its last byte ...\n")
            export = measure_export(
                server.url(export_page.path), _headers(export_page, sessions), server
            )
            if export.error and "WORKER TIMEOUT" in server.log.read_text():
                export.error += (
                    "; gunicorn killed the worker: WORKER TIMEOUT (a sync worker gets 30 s "
                    "per request by default, as in the Dockerfile)"
                )
    finally:
        logins.close()
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
