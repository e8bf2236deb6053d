"""What the benchmark requests on this database: the users, the pages, the keyset walk to
the deep page, the logins without a browser, and the queries per request in this process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
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
from django.utils.http import urlencode

from .results import BASE_DIR, BENCH_SETTINGS_MODULE, DEFAULT_BENCH_CACHE_URL, Page, write_json

# Users: the seeded ones (benchmarks/seed/) if they exist, else the demo's.
REVIEWERS = ("bench_reviewer", "beijing_reviewer")
OFFICERS = ("bench_officer", "douyin_officer")
# One filter for the queue's first page, its page 2,000 and the export, so they compare: the
# largest single state of a reviewer's queue, the assessments every office has concluded
# (only the algorithm filing is "approved", with a number; bench_seed puts more than 110,000
# concluded ones in the Beijing CAC's queue).
QUEUE_FILTER = {"state": "concluded"}
DEEP_PAGE = 2000


# The TOTP device the run verifies, like a person typing the code, and deletes afterwards.
DEVICE_NAME = "bench_run"


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
        Page("regulator_inbox", "regulator inbox", reverse("review:notifications"), "reviewer"),
        Page("officer_dashboard", "officer /dashboard/", reverse("accounts:dashboard"), "officer"),
        _officer_filing(officer),
        Page("officer_inbox", "officer inbox", reverse("review:notifications"), "officer"),
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
    from filings import access
    from filings.models import FilingRevision

    found = (
        FilingRevision.objects.filter(filing__in=access.regulator_filings(reviewer), number__gte=2)
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


def _officer_filing(officer: Any) -> Page:
    """The officer's filing with the most revisions: its page lists them all."""
    from filings import access
    from filings.models import FilingRevision

    found = (
        FilingRevision.objects.filter(filing__in=access.officer_filings(officer))
        .order_by("-number", "filing_id")
        .values_list("filing_id", flat=True)
        .first()
    )
    if found is None:
        return Page("officer_filing", "officer filing page", "", "officer", "n/a (none filed)")
    return Page(
        "officer_filing", "officer filing page", reverse("filings:detail", args=[found]), "officer"
    )


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
        session[BACKEND_SESSION_KEY] = "accounts.security.ModelBackend"
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
    in a server that has been running). The export runs once: it is the slowest.

    Counted as the benchmarked workers run: with the shared cache they are given
    (BENCH_CACHE_URL, the default), sessions are read from the cache and the dashboards'
    figures are cached (config/settings.py); this process's own cache stands in for it,
    which counts the same queries."""
    found: dict[str, dict[str, Any]] = {}
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    shared: dict[str, Any] = {}
    if os.environ.get("BENCH_CACHE_URL", DEFAULT_BENCH_CACHE_URL):
        shared = {
            "FIGURE_CACHE": True,
            "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
        }
    with override_settings(REQUIRE_2FA=True, ALLOWED_HOSTS=hosts, **shared):
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
            env={
                **os.environ,
                "DATABASE_URL": database_url,
                "DJANGO_SETTINGS_MODULE": BENCH_SETTINGS_MODULE,
            },
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
