"""The realistic mix's pure parts: its targets, its verdict, its table and its JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .mix import MIN_USERS
from .results import WrkResult, _num

# The targets for the mix with writes, on 2 gunicorn workers and 8 connections.
MIX_MIN_RATIO = 0.10
MIX_MAX_P95_MS = 150.0
# The pages' kinds, in the order the table lists them.
KINDS = (
    "regulator dashboard",
    "queue",
    "workspace",
    "regulator inbox",
    "officer home",
    "filing page",
    "officer inbox",
)


@dataclass
class MixResult:
    plan: dict[str, int]  # MixPlan.summary()
    composition: dict[str, int]  # paths of each kind
    duration_s: int
    connections: int
    healthz_first: WrkResult | None = None
    mix: WrkResult | None = None
    healthz_last: WrkResult | None = None
    writer: dict[str, Any] = field(default_factory=dict)  # WriterStats.summary()
    celery: dict[str, Any] = field(default_factory=dict)  # see traffic.celery_report
    checked: int = 0  # paths requested once before the run
    check_failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""
    # set by evaluate_mix
    reference_rps: float | None = None
    ratio: float | None = None
    verdict: str = ""
    problems: list[str] = field(default_factory=list)


def evaluate_mix(result: MixResult) -> MixResult:
    """ERROR when the figures cannot be trusted (a page not 200, a socket error, the writer
    or Celery failing); else PASS or FAIL against the ratio and p95 targets."""
    figures = [w.rps for w in (result.healthz_first, result.healthz_last) if w and w.rps > 0]
    result.reference_rps = sum(figures) / len(figures) if figures else None
    errors = [result.error] if result.error else []
    errors += [f"answered {failure}" for failure in result.check_failures]
    for name, w in (("/healthz", result.healthz_first), ("mix", result.mix)):
        if w is None:
            errors.append(f"{name} not measured")
    for name, w in (("/healthz", result.healthz_first or result.healthz_last), ("mix", result.mix)):
        if w is not None:
            if w.non_2xx:
                errors.append(f"{name}: {w.non_2xx} of {w.requests} responses not 2xx")
            if w.socket_errors:
                errors.append(f"{name}: {w.socket_errors} socket errors or timeouts")
    if result.writer.get("errors"):
        errors.append(f"writer: {result.writer['errors']} writes failed")
    if result.writer and not result.writer.get("total"):
        errors.append("writer: no write succeeded")
    if result.celery and not result.celery.get("alive", True):
        errors.append("Celery: " + result.celery.get("error", "a process exited"))
    if errors or result.mix is None:
        result.verdict, result.problems = "ERROR", errors
        return result
    if result.reference_rps:
        result.ratio = result.mix.rps / result.reference_rps
    problems = []
    if result.ratio is None or result.ratio < MIX_MIN_RATIO:
        problems.append("throughput below target")
    if result.mix.p95_ms >= MIX_MAX_P95_MS:
        problems.append(f"p95 not under {MIX_MAX_P95_MS:.0f} ms")
    if result.plan.get("users", 0) < MIN_USERS:
        problems.append(f"{result.plan.get('users', 0)} users, fewer than {MIN_USERS}")
    result.problems = problems
    result.verdict = "FAIL" if problems else "PASS"
    return result


def format_mix(result: MixResult) -> str:
    """The second table: /healthz, the mix, /healthz; then who and what, the writer and the
    worker, and the verdict against the issue's targets."""
    p = result.plan
    header = (
        "phase",
        "rps",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "requests",
        "non-2xx",
        "sock err",
        "ratio",
        "target",
        "result",
    )
    target = f">= {MIX_MIN_RATIO:.2f} and p95 < {MIX_MAX_P95_MS:.0f} ms"
    result_text = result.verdict + (f" ({'; '.join(result.problems)})" if result.problems else "")
    rows = [header]
    for label, w, row_target, verdict in (
        ("/healthz (first)", result.healthz_first, "reference", "ref"),
        (f"mix, {p.get('users', 0)} users", result.mix, target, result_text),
        ("/healthz (last)", result.healthz_last, "reference", "ref"),
    ):
        ratio = None
        if w is not None and result.reference_rps:
            ratio = w.rps / result.reference_rps
        rows.append(
            (
                label,
                _num(w and w.rps),
                _num(w and w.p50_ms),
                _num(w and w.p95_ms),
                _num(w and w.p99_ms),
                _num(w and w.requests, "{:,d}"),
                _num(w and w.non_2xx, "{:d}"),
                _num(w and w.socket_errors, "{:d}"),
                _num(ratio, "{:.2f}"),
                row_target,
                verdict,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    left = {0, 9}

    def render(row: tuple[str, ...]) -> str:
        cells = [
            c.ljust(widths[i]) if i in left else c.rjust(widths[i]) for i, c in enumerate(row[:-1])
        ]
        return "  ".join([*cells, row[-1]]).rstrip()

    rule = "  ".join("-" * w for w in widths) + "  ------"
    lines = [
        f"Realistic mix: {p.get('users', 0)} users ({p.get('regulators', 0)} regulators of "
        f"{p.get('authorities', 0)} authorities, {p.get('officers', 0)} officers of "
        f"{p.get('operators', 0)} operators), {p.get('paths', 0):,} pages, a random "
        f"(user, page) per request; {result.connections} connections, {result.duration_s} s",
        render(rows[0]),
        rule,
        *(render(row) for row in rows[1:]),
        "",
        "Pages in the mix: "
        + ", ".join(
            f"{kind} {result.composition[kind]}" for kind in KINDS if kind in result.composition
        )
        + ".",
        format_writer(result.writer),
        format_celery(result.celery),
    ]
    if result.reference_rps:
        lines.append(
            f"Reference: /healthz at {_num(result.reference_rps)} rps (mean of first and last)."
        )
    lines += [f"Note: {note}" for note in result.notes]
    return "\n".join(lines)


def format_writer(writer: dict[str, Any]) -> str:
    if not writer:
        return "Writer: not run."
    done = writer.get("done", {})
    kinds = ", ".join(f"{n} {kind}s" for kind, n in sorted(done.items(), key=lambda i: -i[1]))
    text = (
        f"Writer: {writer['asked_per_second']:.1f} writes/s asked, "
        f"{writer.get('per_second', 0.0):.2f} done over {writer.get('seconds', 0.0):.0f} s "
        f"({writer.get('total', 0)}: {kinds or 'none'}; {writer.get('refused', 0)} refused, "
        f"{writer.get('errors', 0)} failed; service call p50 {_num(writer.get('p50_ms'))} ms, "
        f"p95 {_num(writer.get('p95_ms'))} ms)."
    )
    if writer.get("messages"):
        text += " First: " + " | ".join(writer["messages"][:3])
    return text


def format_celery(celery: dict[str, Any]) -> str:
    if not celery:
        return "Celery: not run."
    state = "up throughout" if celery.get("alive", True) else f"DOWN ({celery.get('error', '')})"
    sweeps = celery.get("sweeps", 0)
    return (
        f"Celery (broker {celery.get('broker', '?')}): worker and beat {state}; "
        f"{celery.get('succeeded', 0)} tasks succeeded, {celery.get('failed', 0)} failed "
        f"or retried; {sweeps} periodic {'sweep' if sweeps == 1 else 'sweeps'} sent by beat."
    )


def mix_json(result: MixResult) -> dict[str, Any]:
    return asdict(result)
