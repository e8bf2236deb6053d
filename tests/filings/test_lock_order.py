"""Officers and regulators working at once never deadlock (the lock order in
filings/services/locks.py).

Ten threads, each with its own database connection, spend a few seconds doing what people
and the beat do, through the services: officers register features, autosave answers, upload,
remove and attach evidence, submit, withdraw, comment and launch; the signatory signs;
reviewers claim, ask, return and propose; supervisors approve and send back; an admin
declares holidays (every working-day clock is recomputed) and saves features, which plans
their filings again; the beat sweeps reminders and publishes the outbox. They pick from a
small pool of filings, so two of them often act on one filing, one assessment or one
deadline at the same moment.
Refusals (FilingError, AssessmentError: someone acted first) are the expected way to lose a
race; a deadlock, or any other error, fails the test. Needs PostgreSQL's locks: the
`postgres` fixture skips on SQLite locally and fails under CI=true.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from assessments.evidence import attach_from_library, remove_evidence
from assessments.models import Assessment, Evidence, Question
from assessments.services import (
    AssessmentError,
    missing_items,
    save_answer,
    sign_assessment,
    unsign_assessment,
)
from assessments.uploads import add_evidence
from audit.models import AuditEvent
from audit.services import verify_chain
from filings import services
from filings.models import Filing, State
from filings.services import FilingError, outbox, reminders
from platforms.models import PlannedFeature
from tests.builders import SAMPLE_VALUES, complete_assessment, filing_in_state, plan_feature
from workcalendar.models import CalendarDay

S = State
RUN_SECONDS = 5.0
MAX_SECONDS = 30.0
PDF = b"%PDF-1.4 evidence\n"


class Tally:
    """What each thread did, shared by all of them (Counter updates hold the GIL)."""

    def __init__(self) -> None:
        self.done: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.deadlocks: list[str] = []
        self.unexpected: list[str] = []
        self.lock = threading.Lock()

    def attempt(self, name: str, call: Callable[[], Any]) -> None:
        try:
            call()
        except (FilingError, AssessmentError):
            self.refused[name] += 1
        except DatabaseError as exc:
            with self.lock:
                if "deadlock detected" in str(exc):
                    self.deadlocks.append(f"{name}: {exc}")
                else:
                    self.unexpected.append(f"{name}: {traceback.format_exc()}")
        except Exception:
            with self.lock:
                self.unexpected.append(f"{name}: {traceback.format_exc()}")
        else:
            self.done[name] += 1


def some(qs: Any) -> Any:
    """A random row of a queryset (None when it is empty): the small pool is the point."""
    pks = list(qs.values_list("pk", flat=True)[:12])
    return qs.model.objects.get(pk=random.choice(pks)) if pks else None  # noqa: S311


def drafts() -> Any:
    return Filing.objects.filter(state__in=[S.DRAFT, S.RETURNED]).order_by("-pk")


def an_answer(question: Question) -> Any:
    if question.answer_type == Question.AnswerType.CHOICE:
        return question.choices[0]["value"]
    return SAMPLE_VALUES[question.answer_type]


# --- What each person does -----------------------------------------------------------------
def officer_turn(cast: dict[str, Any], tally: Tally, serial: Callable[[], int]) -> None:
    officer, roll = cast["officer"], random.random()  # noqa: S311
    filing = some(drafts())
    if roll < 0.08 or filing is None:
        tally.attempt(
            "register",
            lambda: plan_feature(cast["platform"], officer, title=f"Feature {serial()}"),
        )
    elif roll < 0.45:
        assessment = filing.assessment
        missing = missing_items(assessment)
        if missing and missing[0].what == "evidence":
            question = missing[0].question
            tally.attempt(
                "upload",
                lambda: add_evidence(
                    assessment=assessment,
                    question=question,
                    upload=SimpleUploadedFile("procedure.pdf", PDF),
                    classification="public",
                    by=officer,
                ),
            )
        else:
            question = (
                missing[0].question
                if missing
                else random.choice(list(assessment.applicable_questions()))  # noqa: S311
            )
            tally.attempt(
                "autosave",
                lambda: save_answer(
                    assessment=assessment,
                    question=question,
                    value=an_answer(question),
                    by=officer,
                    risk_rating="low",
                ),
            )
    elif roll < 0.55:
        evidence_turn(filing.assessment, officer, tally)
    elif roll < 0.80:
        ready = some(drafts().filter(assessment__signed_at__isnull=False)) or filing
        tally.attempt("submit", lambda: services.submit_filing(filing=ready.pk, by=officer))
    elif roll < 0.82:
        tally.attempt("unsign", lambda: unsign_assessment(assessment=filing.assessment, by=officer))
    elif roll < 0.86:
        tally.attempt("withdraw", lambda: services.withdraw_filing(filing=filing.pk, by=officer))
    elif roll < 0.95:
        target = some(Filing.objects.order_by("-pk"))
        tally.attempt(
            "comment",
            lambda: services.comment_on_filing(filing=target.pk, by=officer, body="A note."),
        )
    else:
        feature = some(PlannedFeature.objects.filter(launched_on__isnull=True).order_by("-pk"))
        tally.attempt(
            "launch",
            lambda: services.launch_feature(feature=feature, by=officer, on=timezone.localdate()),
        )


def evidence_turn(assessment: Assessment, officer: Any, tally: Tally) -> None:
    """Take a file off the draft (detached when filed), or attach one of the operator's
    files from another assessment (the shared stored object: assessments.evidence)."""
    mine = some(Evidence.objects.filter(answer__assessment=assessment).order_by("-pk"))
    if mine is not None and random.random() < 0.5:  # noqa: S311
        tally.attempt(
            "remove evidence",
            lambda: remove_evidence(assessment=assessment, evidence_id=mine.pk, by=officer),
        )
        return
    source = some(Evidence.objects.filter(answer__isnull=False).order_by("-pk"))
    question = random.choice(list(assessment.applicable_questions()))  # noqa: S311
    if source is not None:
        tally.attempt(
            "attach evidence",
            lambda: attach_from_library(
                assessment=assessment,
                question=question,
                source_id=source.pk,
                classification="public",
                by=officer,
            ),
        )


def signatory_turn(cast: dict[str, Any], tally: Tally) -> None:
    """Sign a complete assessment if there is one (an officer may change it meanwhile)."""
    unsigned = Assessment.objects.filter(
        signed_at__isnull=True, filings__state__in=[S.DRAFT, S.RETURNED]
    ).distinct()
    candidates = list(unsigned.order_by("-pk")[:12])
    random.shuffle(candidates)
    complete = [a for a in candidates if not missing_items(a)]
    assessment = (complete or candidates or [None])[0]
    if assessment is not None:
        tally.attempt("sign", lambda: sign_assessment(assessment=assessment, by=cast["signatory"]))
    time.sleep(0.02)


def reviewer_turn(reviewer: Any, tally: Tally) -> None:
    roll = random.random()  # noqa: S311
    if roll < 0.35:
        filing = some(Filing.objects.filter(state=S.SUBMITTED).order_by("-pk"))
        if filing is not None:
            tally.attempt("claim", lambda: services.claim_filing(filing=filing.pk, by=reviewer))
        return
    filing = some(Filing.objects.filter(state=S.UNDER_REVIEW).order_by("-pk"))
    if filing is None:
        return
    if roll < 0.55:
        tally.attempt(
            "ask",
            lambda: services.comment_on_filing(
                filing=filing.pk, by=reviewer, body="Explain E3.", information_request=True
            ),
        )
    elif roll < 0.65:
        question = Question.objects.filter(section__template=filing.template_id).first()
        tally.attempt(
            "return",
            lambda: services.return_filing(
                filing=filing.pk, by=reviewer, reasons=[(question, "Evidence is unclear.")]
            ),
        )
    else:
        tally.attempt(
            "propose",
            lambda: services.propose_decision(
                filing=filing.pk, by=reviewer, kind="approve", reasons="Complete."
            ),
        )


def supervisor_turn(supervisor: Any, tally: Tally) -> None:
    roll = random.random()  # noqa: S311
    filing = some(Filing.objects.filter(state=S.PENDING_APPROVAL).order_by("-pk"))
    if filing is None:
        return
    if roll < 0.75:
        tally.attempt("approve", lambda: services.approve_filing(filing=filing.pk, by=supervisor))
    elif roll < 0.85:
        tally.attempt(
            "send_back",
            lambda: services.send_back_proposal(
                filing=filing.pk, by=supervisor, reasons="Look again."
            ),
        )
    else:
        tally.attempt(
            "note",
            lambda: services.comment_on_filing(
                filing=filing.pk, by=supervisor, body="Internal.", visibility="office"
            ),
        )


def admin_turn(admin: Any, tally: Tally, turn: int) -> None:
    """An admin changes the calendar, or saves a feature whose draft was withdrawn: the admin
    plans its filings again, in the admin's transaction, on the feature's existing assessment."""
    if turn % 2 == 0:
        tally.attempt("calendar", change_calendar)
        return
    feature = some(
        PlannedFeature.objects.filter(filings__state=S.WITHDRAWN).distinct().order_by("-pk")
    )
    if feature is not None:

        def replan() -> None:
            with transaction.atomic():
                feature.save()
                services.plan_filings(feature=feature, by=admin, today=timezone.localdate())

        tally.attempt("replan", replan)
    time.sleep(0.05)


def beat_turn(tally: Tally) -> None:
    # Far enough ahead that every open clock is overdue: each sweep inserts reminders that
    # reference the filings and deadlines the others are locking.
    later = timezone.now() + dt.timedelta(days=120)
    tally.attempt("sweep", lambda: reminders.sweep(now=later))
    tally.attempt("outbox", lambda: outbox.republish_pending(now=later))
    time.sleep(0.05)


def change_calendar() -> None:
    """An admin declares (or withdraws) a holiday a week ahead: every open working-day clock
    moves, through the calendar_changed signal and recompute_deadlines."""
    day = timezone.localdate() + dt.timedelta(days=7)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    deleted, _rows = CalendarDay.objects.filter(date=day).delete()
    if not deleted:
        CalendarDay.objects.create(date=day, is_working_day=False, name="Declared holiday")


# --- The test ------------------------------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.usefixtures("postgres", "transactional_db")
def test_officers_and_regulators_working_at_once_never_deadlock(
    cast: dict[str, Any],
    second_beijing_reviewer: Any,
    second_beijing_supervisor: Any,
    admin: Any,
) -> None:
    titles = iter(range(10_000))

    def serial() -> int:
        return next(titles)

    people = {**cast, "reviewer": cast["reviewer"], "supervisor": cast["supervisor"]}
    for state, count in [
        (S.SUBMITTED, 2),
        (S.UNDER_REVIEW, 2),
        (S.PENDING_APPROVAL, 2),
    ]:
        for _ in range(count):
            filing_in_state(state, **people, title=f"Feature {serial()}")
    for _ in range(3):  # drafts ready for the signatory; their siblings stay incomplete
        for filing in plan_feature(cast["platform"], cast["officer"], title=f"F {serial()}"):
            complete_assessment(filing.assessment, cast["officer"])
    events_before = AuditEvent.objects.count()

    tally = Tally()
    started = time.monotonic()
    required = ("register", "autosave", "sign", "submit", "claim", "propose", "approve", "sweep")

    def going() -> bool:
        """At least RUN_SECONDS, and on a slow machine until every kind of work was done at
        least once (at most MAX_SECONDS)."""
        elapsed = time.monotonic() - started
        if elapsed < RUN_SECONDS:
            return True
        return elapsed < MAX_SECONDS and not all(tally.done[n] > 0 for n in required)

    turns: dict[str, Callable[[int], None]] = {
        "officer-1": lambda _n: officer_turn(cast, tally, serial),
        "officer-2": lambda _n: officer_turn(cast, tally, serial),
        "officer-3": lambda _n: officer_turn(cast, tally, serial),
        "signatory": lambda _n: signatory_turn(cast, tally),
        "reviewer-1": lambda _n: reviewer_turn(cast["reviewer"], tally),
        "reviewer-2": lambda _n: reviewer_turn(second_beijing_reviewer, tally),
        "supervisor-1": lambda _n: supervisor_turn(cast["supervisor"], tally),
        "supervisor-2": lambda _n: supervisor_turn(second_beijing_supervisor, tally),
        "admin": lambda n: admin_turn(admin, tally, n),
        "beat": lambda _n: beat_turn(tally),
    }

    def run(name: str, turn: Callable[[int], None]) -> None:
        n = 0
        try:
            while going():
                turn(n)
                n += 1
        except Exception:  # a failure in the test's own reads, not in a service
            tally.unexpected.append(f"{name}: {traceback.format_exc()}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in turns.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=MAX_SECONDS + 30)
    summary = f"done {dict(tally.done)}, refused {dict(tally.refused)}"
    deadlocked = Counter(line.split(":")[0] for line in tally.deadlocks)
    print(summary, f"deadlocks {dict(deadlocked)}")  # -s shows the mix

    assert not any(thread.is_alive() for thread in threads), "a thread is stuck: " + summary
    assert tally.deadlocks == [], f"{len(tally.deadlocks)} deadlocks; {summary}\n" + "\n".join(
        tally.deadlocks[:5]
    )
    assert tally.unexpected == [], "\n".join(tally.unexpected[:5])
    # The mix really ran: people got work done, and raced each other into refusals.
    assert sum(tally.done.values()) >= 60, summary
    for name in required:
        assert tally.done[name] > 0, summary
    assert sum(tally.refused.values()) > 0, summary
    report = verify_chain()
    assert report.ok, report
    assert report.count > events_before
    for filing in Filing.objects.filter(state=S.APPROVED):
        assert filing.filing_number, filing
        assert AuditEvent.objects.filter(filing_id=filing.pk, action="filing.approved").exists()
