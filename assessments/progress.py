"""How far an assessment has come, section by section, for the officer's pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .models import Answer, Assessment, Question, Section

if TYPE_CHECKING:
    from .prefill import Source


@dataclass
class QuestionRow:
    question: Question
    answer: Answer | None
    # Reasons a regulator gave when returning the filing, anchored to this question.
    reasons: list[Any] = field(default_factory=list)
    # What the officer typed, when a page is shown again after a refused save or upload.
    typed: dict[str, str] | None = None
    error: str = ""
    upload_error: str = ""
    # Set by the section page: the regulators' notes shared with the filer on this question
    # (`shared_notes`), and the filing the answer was pre-filled from (`prefill.sources`).
    notes: list[Any] = field(default_factory=list)
    source: Source | None = None

    def _typed_or(self, key: str, stored: str) -> str:
        return self.typed[key] if self.typed is not None and key in self.typed else stored

    @property
    def value(self) -> str:
        stored = self.answer.value if self.answer else None
        if stored is True:
            text = "yes"
        elif stored is False:
            text = "no"
        else:
            text = "" if stored is None else str(stored)
        return self._typed_or("value", text)

    @property
    def risk_rating(self) -> str:
        return self._typed_or("risk", self.answer.risk_rating if self.answer else "")

    @property
    def note(self) -> str:
        return self._typed_or("note", self.answer.note if self.answer else "")

    @property
    def is_answered(self) -> bool:
        return self.answer is not None and self.answer.is_answered

    @property
    def evidence(self) -> list[Any]:
        return list(self.answer.evidence.all()) if self.answer else []

    @property
    def is_complete(self) -> bool:
        # Done only when answered: an optional question left blank is still to do in the
        # counts, though it blocks nothing (services.missing_items decides what does). A
        # pre-filled answer counts once the officer confirmed it.
        confirmed = self.answer is None or not self.answer.needs_confirmation
        evidenced = not self.question.evidence_required or bool(self.evidence)
        return self.is_answered and confirmed and evidenced


@dataclass
class SectionProgress:
    section: Section
    rows: list[QuestionRow]

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.is_complete)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def is_complete(self) -> bool:
        return self.done == self.total

    @property
    def reason_count(self) -> int:
        return sum(len(r.reasons) for r in self.rows)


def open_return_reasons(assessment: Assessment) -> dict[int, list[Any]]:
    """Unanswered reasons for return, by question id, from the filings of this assessment.

    Read through the reverse relation so that this app does not import `filings`."""
    found: dict[int, list[Any]] = {}
    for filing in assessment.filings.filter(state="returned"):
        for comment in filing.comments.filter(
            kind="return_reason", answered_at__isnull=True, visibility="filer"
        ).order_by("created_at"):
            found.setdefault(comment.question_id or 0, []).append(comment)
    return found


def shared_notes(assessment: Assessment) -> dict[int, list[Any]]:
    """The regulators' comments and information requests shared with the filer, by the
    question they concern, oldest first, from every filing of this assessment (one query,
    through the filings' model so that this app does not import `filings`)."""
    # filings.Comment, untyped here: naming its type would be an import of `filings`.
    comment: Any = assessment.filings.model._meta.get_field("comments").related_model
    found: dict[int, list[Any]] = {}
    for note in (
        comment.objects.filter(
            filing__assessment=assessment,
            visibility="filer",
            kind__in=["comment", "information_request"],
            question__isnull=False,
            parent__isnull=True,
        )
        .select_related("authority")
        .order_by("created_at", "pk")
    ):
        found.setdefault(note.question_id, []).append(note)
    return found


def progress(assessment: Assessment) -> list[SectionProgress]:
    answers = {
        a.question_id: a
        for a in assessment.answers.select_related("confirmed_by").prefetch_related("evidence")
    }
    reasons = open_return_reasons(assessment)
    sections = [
        s
        for s in assessment.template.sections.prefetch_related("questions").order_by("order")
        if s.applies_to(assessment.planned_feature)
    ]
    return [
        SectionProgress(
            s,
            [
                QuestionRow(q, answers.get(q.pk), reasons.get(q.pk, []))
                for q in sorted(s.questions.all(), key=lambda q: q.order)
            ],
        )
        for s in sections
    ]
