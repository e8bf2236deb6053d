"""The page benchmark's runner (benchmarks/run.py): its pure parts, and the in-process half
(which pages, the logins, the queries) on a small database. gunicorn and wrk are not started
here: `make bench` does that."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from benchmarks import run
from benchmarks.management.commands import bench_profile
from benchmarks.run import ExportResult, Measurement, Page, WrkResult
from filings import services
from filings.models import State
from review import selectors
from tests.builders import filing_in_state
from tests.factories import UserFactory

WRK_STDOUT = """Running 10s test @ http://127.0.0.1:8000/healthz
  2 threads and 8 connections
Requests/sec:   1125.41
WRK_JSON {"duration_us": 2000000, "requests": 2000, "bytes": 2731288, "non_2xx": 0, \
"errors": {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}, \
"latency_us": {"min": 186, "mean": 4032.0, "stdev": 3519.6, "max": 16663, \
"p50": 3638, "p90": 8566, "p95": 11555, "p99": 13469}}
"""


def wrk(rps: float, *, non_2xx: int = 0) -> WrkResult:
    return WrkResult(
        requests=int(rps * 10),
        duration_s=10.0,
        rps=rps,
        p50_ms=5.0,
        p95_ms=9.0,
        p99_ms=12.0,
        non_2xx=non_2xx,
        socket_errors=0,
    )


PAGES = [
    Page("healthz_first", "/healthz (first)", "/healthz"),
    Page("regulator_dashboard", "regulator /dashboard/", "/dashboard/", "reviewer"),
    Page("queue_first", "queue p.1", "/review/queue/?state=approved", "reviewer"),
    Page("queue_deep", "queue p.2,000", "/review/queue/?state=approved&after=x", "reviewer"),
    Page("workspace", "workspace", "/review/filings/1/?rev=2", "reviewer"),
    Page("register_search", "register search", "/register/?q=x"),
    Page("healthz_last", "/healthz (last)", "/healthz"),
]


def results(**rps: float) -> dict[str, Measurement]:
    defaults = {
        "healthz_first": 900.0,
        "healthz_last": 1100.0,
        "regulator_dashboard": 300.0,
        "queue_first": 260.0,
        "queue_deep": 250.0,
        "workspace": 61.0,
        "register_search": 400.0,
    }
    defaults.update(rps)
    return {
        key: Measurement(status=200, wrk=wrk(value), queries=0 if "healthz" in key else 7)
        for key, value in defaults.items()
    }


def by_key(rows: list[run.Row]) -> dict[str, run.Row]:
    return {row.page.key: row for row in rows}


# --- wrk's output -----------------------------------------------------------------------------
def test_wrk_json_line_becomes_requests_per_second_and_milliseconds() -> None:
    result = run.parse_wrk(WRK_STDOUT)

    assert result.requests == 2000
    assert result.rps == pytest.approx(1000.0)
    assert (result.p50_ms, result.p95_ms, result.p99_ms) == (3.638, 11.555, 13.469)
    assert result.non_2xx == 0
    assert result.socket_errors == 0


def test_wrk_output_without_the_report_line_is_refused() -> None:
    with pytest.raises(ValueError, match="WRK_JSON"):
        run.parse_wrk("Requests/sec: 10\n")


def test_the_lua_script_prints_the_marker_the_parser_reads() -> None:
    assert run.WRK_MARKER.strip() in run.WRK_SCRIPT.read_text()


# --- Ratios and targets -------------------------------------------------------------------------
def test_reference_is_the_mean_of_healthz_first_and_last() -> None:
    assert run.reference_rps(results()) == pytest.approx(1000.0)


def test_pages_are_measured_as_a_ratio_to_healthz_and_pass_their_targets() -> None:
    rows = by_key(run.evaluate(PAGES, results()))

    assert rows["regulator_dashboard"].ratio == pytest.approx(0.30)
    assert rows["regulator_dashboard"].verdict == "PASS"
    assert rows["workspace"].verdict == "PASS"
    assert rows["healthz_first"].verdict == "ref"
    assert rows["register_search"].verdict == ""  # no target, no demo figure to compare


def test_a_page_under_its_share_of_healthz_fails() -> None:
    rows = by_key(run.evaluate(PAGES, results(queue_first=59.0, workspace=50.0)))

    assert rows["queue_first"].verdict == "FAIL"
    assert rows["workspace"].verdict == "FAIL"
    assert rows["queue_first"].problems == ["throughput below target"]


def test_page_2000_is_compared_with_page_1_not_with_healthz() -> None:
    slow = by_key(run.evaluate(PAGES, results(queue_first=300.0, queue_deep=230.0)))
    close = by_key(run.evaluate(PAGES, results(queue_first=300.0, queue_deep=245.0)))

    assert slow["queue_deep"].verdict == "FAIL"
    assert close["queue_deep"].verdict == "PASS"
    assert close["queue_deep"].target == ">= 0.80 x page 1"


def test_query_counts_that_differ_from_the_demo_data_fail() -> None:
    measured = results()
    measured["queue_first"].demo_queries = 7
    measured["workspace"].demo_queries = 6

    rows = by_key(run.evaluate(PAGES, measured))

    assert rows["queue_first"].verdict == "PASS"
    assert rows["workspace"].verdict == "FAIL"
    assert "queries differ: 7 here, 6 on demo" in rows["workspace"].problems


def test_a_page_that_answers_a_redirect_is_an_error_not_a_figure() -> None:
    measured = results()
    measured["workspace"] = Measurement(status=302)
    measured["queue_first"].wrk = wrk(260.0, non_2xx=3)

    rows = by_key(run.evaluate(PAGES, measured))

    assert rows["workspace"].verdict == "ERROR"
    assert rows["workspace"].ratio is None
    assert rows["workspace"].problems == ["answered 302, not 200"]
    assert rows["queue_first"].verdict == "ERROR"
    assert rows["queue_first"].is_error


def test_a_page_missing_from_the_data_is_not_applicable() -> None:
    pages = [*PAGES[:3], Page("queue_deep", "queue p.2,000", "", "reviewer", "n/a (only 3 rows)")]

    rows = by_key(run.evaluate(pages, results()))

    assert rows["queue_deep"].verdict == "n/a"
    assert not rows["queue_deep"].is_error


def test_export_passes_under_150_mb_and_fails_above() -> None:
    small = run.evaluate_export(ExportResult("/x", status=200, rows=10, worker_peak_mb=149.0))
    big = run.evaluate_export(ExportResult("/x", status=200, rows=10, worker_peak_mb=151.0))
    refused = run.evaluate_export(ExportResult("/x", status=302))

    assert small.verdict == "PASS"
    assert big.verdict == "FAIL"
    assert refused.verdict == "ERROR"
    assert run.format_export(refused) == "CSV export /x: ERROR (answered 302, not 200)"


def test_an_export_that_broke_off_is_an_error_that_says_how_far_it_got() -> None:
    export = run.evaluate_export(
        ExportResult(
            "/x",
            status=200,
            rows=85_000,
            bytes=17 * run.MB,
            first_byte_s=0.1,
            worker_peak_mb=100.0,
            error="the response broke off after 30.2 s (IncompleteRead)",
        )
    )

    line = run.format_export(export)

    assert export.verdict == "ERROR"
    assert "85,000 rows (fewer than 100,000), 17.0 MB" in line
    assert "last byte - s" in line
    assert line.endswith("ERROR (the response broke off after 30.2 s (IncompleteRead))")


# --- The table and the JSON ---------------------------------------------------------------------
def test_table_columns_are_aligned() -> None:
    measured = results()
    measured["workspace"] = Measurement(status=500)
    pages = [*PAGES, Page("officer_dashboard", "officer", "", "officer", "n/a (no data)")]

    table = run.format_table(run.evaluate(pages, measured))
    lines = table.splitlines()

    assert lines[0].split()[:4] == ["page", "as", "rps", "p50"]
    assert len(lines) == 2 + len(pages)
    # Figures are right-aligned under their heading: the ratio column ends where "ratio" does.
    ratio_end = lines[0].index("ratio") + len("ratio")
    assert all(line[ratio_end - 1] != " " and line[ratio_end] == " " for line in lines)
    assert lines[3][ratio_end - 4 : ratio_end] == "0.30"
    assert "ERROR (answered 500, not 200)" in table
    assert "n/a (no data)" in table


def test_export_line_names_rows_time_and_memory() -> None:
    export = run.evaluate_export(
        ExportResult(
            "/review/queue/export.csv?state=approved",
            status=200,
            rows=110_000,
            bytes=20 * run.MB,
            first_byte_s=0.2,
            last_byte_s=9.5,
            worker_baseline_mb=80.0,
            worker_peak_mb=96.0,
            any_worker_peak_mb=96.0,
            queries=6,
        )
    )

    line = run.format_export(export)

    assert "110,000 rows" in line
    assert "last byte 9.50 s" in line
    assert "peak 96.0 MB" in line
    assert line.endswith("PASS")


def test_json_report_holds_the_table_and_is_written_with_its_folder(tmp_path: Path) -> None:
    rows = run.evaluate(PAGES, results())
    export = run.evaluate_export(ExportResult("/x", status=200, rows=1, worker_peak_mb=90.0))
    data = run.report(rows, export, {"cpus": 2}, {"duration_s": 10})
    path = tmp_path / "bench" / "nested" / "last.json"

    run.write_json(path, data)
    read = json.loads(path.read_text())

    assert read["ok"] is True
    assert read["reference_rps"] == pytest.approx(1000.0)
    assert read["pages"][1]["key"] == "regulator_dashboard"
    assert read["pages"][1]["wrk"]["rps"] == 300.0
    assert read["pages"][1]["ratio"] == pytest.approx(0.3)
    assert read["export"]["verdict"] == "PASS"
    assert read["machine"] == {"cpus": 2}


def test_json_report_is_not_ok_when_a_page_errored() -> None:
    measured = results()
    measured["workspace"] = Measurement(status=404)

    data = run.report(run.evaluate(PAGES, measured), None, {}, {})

    assert data["ok"] is False


def test_machine_info_names_cpus_date_and_commit() -> None:
    info = run.machine_info()

    assert info["cpus"] >= 1
    assert set(info) >= {"cpu_model", "date", "commit"}


def test_commit_is_read_from_a_loose_or_packed_ref(tmp_path: Path) -> None:
    (tmp_path / "refs" / "heads").mkdir(parents=True)
    (tmp_path / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "packed-refs").write_text("# pack-refs\nabc123 refs/heads/main\n")
    assert run.git_commit(tmp_path) == "abc123"

    (tmp_path / "refs" / "heads" / "main").write_text("def456\n")
    assert run.git_commit(tmp_path) == "def456"
    assert run.git_commit(tmp_path / "missing") == ""


def test_server_runs_production_settings_as_if_behind_the_tls_proxy() -> None:
    base = {"DATABASE_URL": "postgres://x/y", "DEBUG": "true", "REQUIRE_2FA": "false"}

    env = run.server_env(base, secret_key="k" * 50)

    assert env["DEBUG"] == "false"
    # gunicorn, Celery and the writer load production's settings plus the benchmarks app
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings_bench"
    assert env["REQUIRE_2FA"] == "true"
    assert env["BEHIND_TLS_PROXY"] == "true"
    assert env["SECRET_KEY"] == "k" * 50
    assert env["DATABASE_URL"] == "postgres://x/y"
    assert "SECURE_SSL_REDIRECT" not in env  # the redirect stays on; requests say https
    assert base["DEBUG"] == "true"
    assert run.PROXY_HEADERS == {"X-Forwarded-Proto": "https"}
    # the shared cache production uses, unless the run asks for none
    assert env["CACHE_URL"] == run.DEFAULT_BENCH_CACHE_URL
    assert "CACHE_URL" not in run.server_env({**base, "BENCH_CACHE_URL": ""}, secret_key="k")


# --- The in-process half, on a small database -------------------------------------------------
@pytest.fixture
def small_data(cast: dict[str, Any]) -> dict[str, Any]:
    """Douyin's concluded assessments (the queue filter), an algorithm filing filed with a
    number (the register) and one assessment returned and resubmitted (a workspace with a
    diff between revisions 1 and 2)."""
    concluded = [
        filing_in_state(State.CONCLUDED, **cast, title=f"Voice room {n}") for n in range(3)
    ]
    filed = filing_in_state(
        State.APPROVED,
        **cast,
        regime="cn-algorithm-filing",
        title="Personalised feed",
        is_recommendation=True,
    )
    resubmitted = filing_in_state(State.RETURNED, **cast, title="Face swap")
    services.submit_filing(filing=resubmitted, by=cast["officer"])
    return {**cast, "concluded": concluded, "filed": filed, "resubmitted": resubmitted}


def test_keyset_walk_finds_the_cursor_of_a_deep_page_or_says_it_is_not_there(
    small_data: dict[str, Any],
) -> None:
    reviewer = small_data["reviewer"]
    qs = selectors.queue(reviewer, {"state": ["concluded"]})
    ordered = list(qs)

    cursor, seen = run.walk_keyset(qs, "due", 3, page_size=1)
    missing, total = run.walk_keyset(qs, "due", 4, page_size=1)

    assert cursor == (ordered[1].next_due, ordered[1].pk)
    assert seen == 2
    assert missing is None
    assert total == 3


def test_every_page_answers_200_in_process_with_a_fixed_number_of_queries(
    small_data: dict[str, Any],
) -> None:
    plan = run.make_plan(out=io.StringIO())
    pages = {page.key: page for page in plan.pages}
    logins = run.Logins()
    sessions = {role: logins.open(user) for role, user in plan.users.items()}

    found = run.measure_queries([*plan.pages, run._export_page(plan)], sessions)
    logins.close()

    assert plan.users["reviewer"] == small_data["reviewer"]
    assert pages["workspace"].path.endswith(f"/{small_data['resubmitted'].pk}/?rev=2")
    assert pages["queue_deep"].path == ""
    assert pages["queue_deep"].note == "n/a (only 3 rows)"
    assert "q=" in pages["register_search"].path
    measured = {key: f for key, f in found.items() if not key.startswith("healthz")}
    # Every page with a target, the register search and the export.
    assert set(measured) == {*run.MIN_RATIO, "register_search", "export"}
    assert len(run.MIN_RATIO) == 7
    for key, result in measured.items():
        assert result["status"] == 200, (key, result)
        assert isinstance(result["queries"], int) and result["queries"] > 0, key
    assert found["healthz_first"] == {"status": 200, "queries": 0, "error": ""}


def test_logins_pass_the_second_factor_and_leave_nothing_behind(
    small_data: dict[str, Any], settings: Any
) -> None:
    settings.REQUIRE_2FA = True
    reviewer, officer = small_data["reviewer"], small_data["officer"]
    logins = run.Logins()

    reviewer_key, officer_key = logins.open(reviewer), logins.open(officer)
    reviewer_session = Session.objects.get(session_key=reviewer_key).get_decoded()
    officer_session = Session.objects.get(session_key=officer_key).get_decoded()

    assert "otp_device_id" in reviewer_session
    assert "otp_device_id" not in officer_session
    assert {"_session_started", "_session_seen", "_auth_user_hash"} <= set(officer_session)
    assert TOTPDevice.objects.get(user=reviewer).last_t > 0  # a code was verified

    logins.close()

    assert not Session.objects.filter(session_key__in=[reviewer_key, officer_key]).exists()
    assert not TOTPDevice.objects.filter(user=reviewer).exists()


def test_a_database_counts_as_seeded_once_the_bench_reviewer_exists(
    beijing_reviewer: Any,
) -> None:
    assert not run.is_seeded()

    UserFactory(username="bench_reviewer")

    assert run.is_seeded()


def test_the_profile_command_splits_each_page_into_sql_templates_and_calls(
    small_data: dict[str, Any], settings: Any
) -> None:
    """`manage.py bench_profile` (docs/performance.md): what to cut, page by page."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    out = io.StringIO()
    # The command object: the benchmarks app is installed only by config.settings_bench.
    call_command(
        bench_profile.Command(),
        "--requests",
        "2",
        "--page",
        "regulator_inbox",
        "--top",
        "5",
        stdout=out,
    )
    text = out.getvalue()
    header = next(line for line in text.splitlines() if line.startswith("== regulator inbox"))
    assert "status 200" in header
    assert re.search(r"SQL [\d.]+ ms \(\d+ queries\); templates [\d.]+ ms; [\d,]+ Python", header)
    assert "ncalls" in text  # the costliest functions follow
    assert "== regulator /dashboard/" not in text  # --page keeps to the pages asked for
