"""The realistic mix's writer: the writes people make while others browse, through the same
services the views call, at a steady rate.

Officers autosave answers (`save_answer`, as the assessment page does on each change) and
now and then resubmit a returned filing (reopen, answer, sign, `submit_filing`); reviewers
comment on the filings they are reading (`comment_on_filing`) and now and then claim their
office's review of a submitted one (`claim_filing`). Each write commits, moves the
dashboards' versions, and queues its notifications for the Celery worker after the commit,
as a request would.

`manage.py bench_run --writer PLAN` runs `run_writer` in a process of its own (the server's
settings: the shared cache and the broker), stopped by SIGTERM.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from django.contrib.auth import get_user_model

from .mix import OFFICER, REGULATOR, MixPlan, MixUser

# Shares of the writes: autosaves and comments most of the time, a transition now and then.
WRITE_SHARES = {"answer": 0.55, "comment": 0.35, "submission": 0.05, "claim": 0.05}
# What to fall back on when a kind has nothing left to do (every candidate was used).
FALLBACK = {"submission": "answer", "claim": "comment"}
ADDRESS = "127.0.0.1"
CANDIDATES = 200  # submissions and claims found at the start, at most (each is used once)


@dataclass
class WriteTargets:
    """What the writer may write on, read from the database once (ids only)."""

    # (officer, assessment, its template's questions): an unsigned assessment of their operator
    answers: list[tuple[int, int, list[int]]] = field(default_factory=list)
    comments: list[tuple[int, int]] = field(default_factory=list)  # (regulator, filing)
    # (officer, signatory, filing): a returned filing to answer, re-sign and resubmit
    submissions: list[tuple[int, int, int]] = field(default_factory=list)
    claims: list[tuple[int, int]] = field(default_factory=list)  # (regulator, filing)

    def counts(self) -> dict[str, int]:
        return {kind: len(getattr(self, f"{kind}s")) for kind in WRITE_SHARES}


def write_targets(plan: MixPlan, *, limit: int = CANDIDATES) -> WriteTargets:
    """The mix's own people write on their own filings: the pages being read are the ones
    that change. Resubmissions are of returned filings of the mix's operators; claims of a
    mix regulator's office's reviews that nobody has claimed yet, of filings under review."""
    from assessments.models import Question
    from filings.models import Filing, OfficeReview, ReviewState, State

    targets = WriteTargets()
    questions: dict[int, list[int]] = {}
    for user in plan.users:
        if user.role != OFFICER:
            continue
        for assessment, template in _unsigned(user, Filing):
            if template not in questions:
                questions[template] = list(
                    Question.objects.filter(section__template_id=template).values_list(
                        "pk", flat=True
                    )
                )
            targets.answers.append((user.pk, assessment, questions[template]))
    officers = {u.scope_id: u.pk for u in plan.users if u.role == OFFICER}
    regulators = [u for u in plan.users if u.role == REGULATOR]
    targets.comments = [(u.pk, pk) for u in regulators for pk in u.filings]
    targets.submissions = _resubmissions(officers, limit)
    by_authority = {u.scope_id: u.pk for u in regulators}
    claimable = (
        OfficeReview.objects.filter(
            state=ReviewState.SUBMITTED,
            authority_id__in=by_authority,
            filing__state__in=[State.SUBMITTED, State.UNDER_REVIEW],
        )
        .order_by("-filing__last_submitted_at", "pk")
        .values_list("filing_id", "authority_id")[:limit]
    )
    seen: set[int] = set()
    for pk, authority_id in claimable:
        if pk not in seen:
            seen.add(pk)
            targets.claims.append((by_authority[authority_id], pk))
    return targets


def _unsigned(user: MixUser, filing_model: Any, least: int = 2) -> list[tuple[int, int]]:
    """(assessment, template) of unsigned assessments: those of the filings the officer
    reads first, then their operator's latest, `least` of them at least if there are."""
    unsigned = filing_model.objects.filter(assessment__signed_at__isnull=True)
    columns = ("assessment_id", "assessment__template_id")
    found = list(unsigned.filter(pk__in=user.filings).values_list(*columns))
    if len(found) < least:
        latest = unsigned.filter(operator_id=user.scope_id).order_by("-id")
        found += list(latest.values_list(*columns)[:least])
    return list(dict.fromkeys(found))


def _resubmissions(officers: dict[int, int], limit: int) -> list[tuple[int, int, int]]:
    """(officer, signatory, filing): returned filings of the mix's operators."""
    from filings.models import Filing, State
    from platforms.models import Membership, Role

    signatories = dict(
        Membership.objects.filter(operator_id__in=officers, role=Role.SIGNATORY).values_list(
            "operator_id", "user_id"
        )
    )
    returned = (
        Filing.objects.filter(
            operator_id__in=signatories, state=State.RETURNED, assessment__isnull=False
        )
        .order_by("-id")
        .values_list("operator_id", "pk")[:limit]
    )
    return [(officers[op], signatories[op], pk) for op, pk in returned]


@dataclass
class WriterStats:
    asked_per_second: float
    seconds: float = 0.0
    done: dict[str, int] = field(default_factory=dict)  # successful writes per kind
    refused: int = 0  # a service said no (FilingError, AssessmentError): counted, not fatal
    errors: int = 0  # anything else
    messages: list[str] = field(default_factory=list)  # the first few refusals and errors
    latencies_ms: list[float] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.done.values())

    def summary(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("latencies_ms")
        ordered = sorted(self.latencies_ms)
        data.update(
            total=self.total,
            per_second=self.total / self.seconds if self.seconds else 0.0,
            p50_ms=_percentile(ordered, 50),
            p95_ms=_percentile(ordered, 95),
        )
        return data


def _percentile(ordered: list[float], p: float) -> float | None:
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Writer:
    """Chooses and makes one write at a time; `run` paces them."""

    def __init__(self, targets: WriteTargets, *, rng: random.Random | None = None) -> None:
        self.targets = targets
        self.rng = rng or random.Random()  # noqa: S311 (choosing writes, no secret)
        self._users: dict[int, Any] = {}

    def user(self, pk: int) -> Any:
        if pk not in self._users:
            self._users[pk] = get_user_model().objects.get(pk=pk)
        return self._users[pk]

    def choose(self) -> str:
        kinds, weights = zip(*WRITE_SHARES.items(), strict=True)
        kind = self.rng.choices(kinds, weights)[0]
        while not getattr(self.targets, f"{kind}s") and kind in FALLBACK:
            kind = FALLBACK[kind]
        return kind

    def write(self, kind: str) -> Any:
        return getattr(self, f"_{kind}")()

    def _answer(self) -> Any:
        from assessments.models import Assessment, Question
        from assessments.services import save_answer

        officer, assessment_pk, question_pks = self.rng.choice(self.targets.answers)
        assessment = Assessment.objects.select_related("planned_feature__platform").get(
            pk=assessment_pk
        )
        question = Question.objects.select_related("section").get(pk=self.rng.choice(question_pks))
        return save_answer(
            assessment=assessment,
            question=question,
            value=answer_value(question, self.rng),
            by=self.user(officer),
        )

    def _comment(self) -> Any:
        from filings.services import comment_on_filing

        regulator, filing = self.rng.choice(self.targets.comments)
        body = self.rng.choice(COMMENTS)
        return comment_on_filing(filing=filing, by=self.user(regulator), body=body, address=ADDRESS)

    def _submission(self) -> Any:
        """A returned filing resubmitted as people do it: the officer reopens the assessment
        and answers what is missing, the signatory signs, the officer submits (each step
        its own service call and transaction)."""
        from assessments.services import (
            missing_items,
            save_answer,
            sign_assessment,
            unsign_assessment,
        )
        from filings.models import Filing
        from filings.services import submit_filing

        officer_pk, signatory_pk, filing_pk = self.targets.submissions.pop()
        officer, signatory = self.user(officer_pk), self.user(signatory_pk)
        assessment = Filing.objects.select_related("assessment").get(pk=filing_pk).assessment
        if assessment.is_signed:
            assessment = unsign_assessment(assessment=assessment, by=officer)
        for item in missing_items(assessment):
            if item.what == "answer":
                value = answer_value(item.question, self.rng)
                save_answer(assessment=assessment, question=item.question, value=value, by=officer)
        sign_assessment(assessment=assessment, by=signatory)
        return submit_filing(filing=filing_pk, by=officer, address=ADDRESS)

    def _claim(self) -> Any:
        from filings.services import claim_filing

        regulator, filing = self.targets.claims.pop()
        return claim_filing(filing=filing, by=self.user(regulator), address=ADDRESS)

    def run(
        self,
        *,
        per_second: float,
        stop: threading.Event,
        max_writes: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> WriterStats:
        """Writes at `per_second` on a fixed timetable (a slow write makes the next ones
        catch up, so the rate asked is the rate done while the database keeps up), until
        `stop` is set or `max_writes` were attempted."""
        from assessments.services import AssessmentError
        from filings.services import FilingError

        stats = WriterStats(asked_per_second=per_second)
        done: Counter[str] = Counter()
        started = clock()
        attempted = 0
        while not stop.is_set() and (max_writes is None or attempted < max_writes):
            wait = started + attempted / per_second - clock()
            if wait > 0 and stop.wait(wait):
                break
            attempted += 1
            kind = self.choose()
            began = clock()
            try:
                self.write(kind)
            except (FilingError, AssessmentError) as exc:
                stats.refused += 1
                _remember(stats, f"{kind} refused: {exc}")
            except Exception as exc:  # a failed write is reported; the writer goes on
                stats.errors += 1
                _remember(stats, f"{kind} failed: {exc!r}"[:300])
            else:
                done[kind] += 1
                stats.latencies_ms.append((clock() - began) * 1000)
        stats.seconds = clock() - started
        stats.done = dict(done)
        return stats


def _remember(stats: WriterStats, message: str) -> None:
    if len(stats.messages) < 5:
        stats.messages.append(message)


COMMENTS = (
    "Please confirm the retention period stated in section 3 applies to minors' data too.",
    "The complaint-handling contact in 4.2 differs from the one on the platform's site.",
    "Noted; the risk rating of the recommendation feature looks consistent with the evidence.",
    "请补充说明算法推荐功能的人工干预机制。",
    "Checked the evidence for 2.1: the screenshots match the described labelling.",
)


def answer_value(question: Any, rng: random.Random) -> Any:
    """A value the question accepts, as an officer would type it."""
    from assessments.models import Question

    kind = question.answer_type
    if kind == Question.AnswerType.YES_NO:
        return rng.choice(["yes", "no"])
    if kind == Question.AnswerType.CHOICE and question.choices:
        return rng.choice(question.choices)["value"]
    if kind == Question.AnswerType.NUMBER:
        return str(rng.randint(1, 50_000))
    if kind == Question.AnswerType.DATE:
        return (dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 364))).isoformat()
    return f"Updated while drafting ({rng.randint(1, 999)}): see the attached policy, section 2."


def serve_writer(plan_file: Path, *, per_second: float, json_path: Path, out: TextIO) -> None:
    """The writer's process (`bench_run --writer`): reads its targets, says it is ready,
    writes until SIGTERM, then leaves its figures in `json_path`."""
    import signal

    from .mix import MixPlan
    from .results import write_json
    from .traffic import WRITER_READY

    targets = write_targets(MixPlan.from_json(plan_file.read_text(encoding="utf-8")))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    out.write(f"{WRITER_READY}: targets {targets.counts()}\n")
    out.flush()
    stats = Writer(targets).run(per_second=per_second, stop=stop)
    write_json(json_path, stats.summary())
    out.write(f"Wrote {json_path}: {stats.total} writes in {stats.seconds:.1f} s.\n")
