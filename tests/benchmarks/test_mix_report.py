"""The realistic mix's report and processes (benchmarks/run/mixreport.py, traffic.py): the
verdict against the issue's targets, the second table, the JSON, what the Celery logs say,
and how worker and beat are started. Pure: nothing is started here."""

from __future__ import annotations

import json
from typing import Any

import pytest

from benchmarks import run
from benchmarks.run import MixResult, WrkResult


# --- The report ---------------------------------------------------------------------------------
def wrk(rps: float, *, p95: float = 90.0, non_2xx: int = 0, socket_errors: int = 0) -> WrkResult:
    return WrkResult(
        requests=int(rps * 60),
        duration_s=60.0,
        rps=rps,
        p50_ms=p95 / 2,
        p95_ms=p95,
        p99_ms=p95 * 1.5,
        non_2xx=non_2xx,
        socket_errors=socket_errors,
    )


PLAN = {
    "users": 120,
    "regulators": 60,
    "authorities": 30,
    "officers": 60,
    "operators": 60,
    "paths": 1200,
}


def measured(mix: WrkResult | None, **fields: Any) -> MixResult:
    result = MixResult(
        plan=dict(PLAN),
        composition={"queue": 240, "workspace": 360, "officer home": 60},
        duration_s=60,
        connections=8,
        healthz_first=wrk(1900.0, p95=4.0),
        mix=mix,
        healthz_last=wrk(2100.0, p95=4.0),
        writer={
            "asked_per_second": 2.0,
            "per_second": 1.98,
            "seconds": 80.0,
            "total": 158,
            "done": {"answer": 90, "comment": 60, "submission": 4, "claim": 4},
            "refused": 0,
            "errors": 0,
            "p50_ms": 12.0,
            "p95_ms": 40.0,
        },
        celery={"broker": "redis://x/9", "alive": True, "succeeded": 70, "failed": 0, "sweeps": 2},
    )
    for name, value in fields.items():
        setattr(result, name, value)
    return result


def test_the_mix_is_a_ratio_to_healthz_measured_before_and_after_it() -> None:
    result = run.evaluate_mix(measured(wrk(250.0, p95=120.0)))

    assert result.reference_rps == pytest.approx(2000.0)
    assert result.ratio == pytest.approx(0.125)
    assert result.verdict == "PASS"


def test_the_mix_fails_below_a_tenth_of_healthz_or_at_150_ms_p95() -> None:
    slow = run.evaluate_mix(measured(wrk(150.0, p95=120.0)))
    late = run.evaluate_mix(measured(wrk(250.0, p95=150.0)))
    few = run.evaluate_mix(measured(wrk(250.0, p95=120.0), plan={**PLAN, "users": 40}))

    assert slow.verdict == "FAIL"
    assert slow.problems == ["throughput below target"]
    assert late.verdict == "FAIL"
    assert late.problems == ["p95 not under 150 ms"]
    assert few.problems == ["40 users, fewer than 100"]


def test_a_mix_with_errors_is_an_error_not_a_figure() -> None:
    redirected = run.evaluate_mix(measured(wrk(250.0, non_2xx=3)))
    broken_writer = measured(wrk(250.0))
    broken_writer.writer["errors"] = 2
    celery_down = measured(wrk(250.0), celery={"alive": False, "error": "the worker exited"})
    refused_page = measured(wrk(250.0), check_failures=["302 /dashboard/ as ann"])

    assert redirected.verdict == "ERROR"
    assert redirected.ratio is None
    assert "mix: 3 of 15000 responses not 2xx" in redirected.problems
    assert run.evaluate_mix(broken_writer).problems == ["writer: 2 writes failed"]
    assert run.evaluate_mix(celery_down).problems == ["Celery: the worker exited"]
    assert run.evaluate_mix(refused_page).problems == ["answered 302 /dashboard/ as ann"]
    assert run.evaluate_mix(measured(None)).verdict == "ERROR"


def test_the_mix_table_lines_up_and_says_who_what_and_the_verdict() -> None:
    text = run.format_mix(run.evaluate_mix(measured(wrk(140.0, p95=180.0))))
    lines = text.splitlines()

    assert lines[0].startswith("Realistic mix: 120 users (60 regulators of 30 authorities")
    assert lines[1].split()[:3] == ["phase", "rps", "p50"]
    ratio_end = lines[1].index("ratio") + len("ratio")
    assert [line[ratio_end - 4 : ratio_end] for line in lines[3:6]] == ["0.95", "0.07", "1.05"]
    assert "FAIL (throughput below target; p95 not under 150 ms)" in lines[4]
    assert ">= 0.10 and p95 < 150 ms" in lines[4]
    assert "Pages in the mix: queue 240, workspace 360, officer home 60." in text
    assert "Writer: 2.0 writes/s asked, 1.98 done over 80 s (158: 90 answers" in text
    assert "70 tasks succeeded, 0 failed or retried; 2 periodic sweeps" in text


def test_one_sweep_is_one_sweep() -> None:
    text = run.mixreport.format_celery({"broker": "redis://x", "succeeded": 3, "sweeps": 1})
    assert text.endswith("3 tasks succeeded, 0 failed or retried; 1 periodic sweep sent by beat.")


def test_the_mix_goes_into_the_json_report() -> None:
    data = run.mixreport.mix_json(run.evaluate_mix(measured(wrk(250.0, p95=120.0))))

    assert json.loads(json.dumps(data))["verdict"] == "PASS"
    assert data["mix"]["p95_ms"] == 120.0
    assert data["ratio"] == pytest.approx(0.125)


def test_celery_logs_are_read_for_tasks_done_and_sweeps_sent() -> None:
    worker = (
        "[2026-12-06 07:10:00,001: INFO/MainProcess] Task filings.tasks.sweep[a-1] received\n"
        "[2026-12-06 07:10:00,101: INFO/ForkPoolWorker-1] Task filings.tasks.sweep[a-1] "
        "succeeded in 0.1s: {'created': 3}\n"
        "[2026-12-06 07:10:01,101: INFO/ForkPoolWorker-2] Task "
        "filings.tasks.process_outbox_message[b-2] succeeded in 0.02s: True\n"
        "[2026-12-06 07:10:02,101: ERROR/ForkPoolWorker-2] Task "
        "filings.tasks.send_reminders[c-3] raised unexpected: ValueError()\n"
    )
    beat = "[2026-12-06 07:10:00: INFO/MainProcess] Scheduler: Sending due task sweep " + (
        "(filings.tasks.sweep)\n"
    )

    assert run.celery_report(worker, beat) == {"succeeded": 2, "failed": 1, "sweeps": 1}


def test_worker_and_beat_run_as_in_production_on_the_benchs_broker(tmp_path: Any) -> None:
    commands = run.celery_commands(tmp_path)
    env = run.mix_env({"CACHE_URL": "redis://127.0.0.1:6379/3"})

    assert commands["worker"][4:7] == ["config", "worker", "--loglevel=info"]
    assert "--concurrency" not in " ".join(commands["worker"])  # Celery's default: CPUs
    assert commands["beat"][5] == "beat"
    assert f"--schedule={tmp_path / 'celerybeat-schedule'}" in commands["beat"]
    assert env["REDIS_URL"] == "redis://127.0.0.1:6379/9"
    assert run.mix_env({"BENCH_BROKER_URL": "redis://h:1/12"})["REDIS_URL"] == "redis://h:1/12"
