"""Who may have a filing's dossier, and what it holds for them.

A dossier holds what its reader may read on their own pages, no more: the operator's staff
read it as on the filing page (comments shared with the filer and their own, conclusions,
the filer's record); a regulator as in the workspace (their offices' internal notes and
proposals, never another office's), through the same selectors those pages use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q, QuerySet

from assessments.models import Answer, Question
from audit.models import AuditEvent
from filings import activity
from filings.access import readable_filings
from filings.models import (
    Comment,
    Deadline,
    DeadlineKind,
    Decision,
    Filing,
    FilingRevision,
    Visibility,
)
from platforms.roles import get_actor
from review.selectors import visible_comments


@dataclass(frozen=True)
class Reader:
    """Whom a dossier is for: the operator's staff (`offices` None) or a regulator of
    `offices`."""

    user: Any
    offices: frozenset[int] | None

    @property
    def is_filer(self) -> bool:
        return self.offices is None


def reader_of(filing: Filing, user: Any) -> Reader | None:
    """How `user` reads `filing`, or None if they may not (any more)."""
    if not readable_filings(user).filter(pk=filing.pk).exists():
        return None
    actor = get_actor(user)
    if filing.operator_id in actor.operator_ids:
        return Reader(user, None)
    return Reader(user, frozenset(actor.authority_ids))


def version_of(filing: Filing) -> tuple[Any, int]:
    """What a dossier of `filing` was made from: its row's last change and its record's last
    event (a dossier's own events excluded: downloading one changes nothing in it)."""
    last = (
        AuditEvent.objects.filter(filing_id=filing.pk)
        .exclude(action__startswith="dossier.")
        .aggregate(last=Max("id"))["last"]
    )
    updated_at = Filing.objects.filter(pk=filing.pk).values_list("updated_at", flat=True).get()
    return updated_at, last or 0


# --- What the dossier holds --------------------------------------------------------------------
@dataclass
class AnswerRow:
    code: str
    section: str
    question: str
    value: str
    risk: str
    note: str
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Content:
    filing: Filing
    reader: Reader
    revision: FilingRevision | None = None
    reviews: list[Any] = field(default_factory=list)
    answers: list[AnswerRow] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    timeline: list[activity.Entry] = field(default_factory=list)


def collect(filing: Filing, reader: Reader, progress: Callable[[int], None]) -> Content:
    """Everything the dossier prints for `reader`, in the active language; `progress` is
    told how far it got (0-100, the PDF's rendering takes the last part)."""
    content = Content(filing=filing, reader=reader)
    content.reviews = list(
        filing.reviews.select_related("authority", "decision").order_by("stage", "authority_id")
    )
    progress(15)
    content.revision = filing.revisions.select_related("submitted_by").order_by("-number").first()
    content.answers = _answers(filing, content.revision)
    content.evidence = [{**e, "question": a.code} for a in content.answers for e in a.evidence]
    progress(35)
    content.comments = list(_comments(filing, reader).order_by("created_at", "pk"))
    progress(50)
    content.decisions = list(_decisions(filing, reader))
    content.deadlines = _deadlines(filing)
    progress(65)
    content.timeline = activity.timeline(filing, offices=reader.offices)
    progress(75)
    return content


def _answers(filing: Filing, revision: FilingRevision | None) -> list[AnswerRow]:
    """The answers of the latest revision, as frozen then, in the questionnaire's order."""
    if revision is None:
        return []
    frozen = revision.snapshot.get("answers", {})
    questions = Question.objects.filter(section__template_id=filing.template_id).select_related(
        "section"
    )
    order = {q.code: q for q in sorted(questions, key=lambda q: (q.section.order, q.order, q.code))}
    codes = [c for c in order if c in frozen] + sorted(c for c in frozen if c not in order)
    ratings = dict(Answer.Rating.choices)
    rows = []
    for code in codes:
        answer, question = frozen[code], order.get(code)
        value = answer.get("value")
        rows.append(
            AnswerRow(
                code=code,
                section=question.section.title if question else "",
                question=question.text if question else "",
                value=question.display_value(value) if question else str(value or ""),
                risk=str(ratings.get(answer.get("risk_rating") or "", "")),
                note=answer.get("note") or "",
                evidence=list(answer.get("evidence") or []),
            )
        )
    return rows


def _comments(filing: Filing, reader: Reader) -> QuerySet[Comment]:
    """The comment threads as the reader's own pages show them."""
    rows = Comment.objects.select_related("author", "authority", "question")
    if reader.is_filer:
        # What the regulators shared with the filer, and what the filer wrote.
        return rows.filter(filing=filing).filter(
            Q(visibility=Visibility.FILER) | Q(authority__isnull=True)
        )
    return rows.filter(pk__in=visible_comments(filing, reader.user).values("pk"))


def _decisions(filing: Filing, reader: Reader) -> QuerySet[Decision]:
    """Confirmed conclusions for everyone; the reader's own offices' proposals too."""
    rows = filing.decisions.select_related(
        "review__authority", "proposed_by", "decided_by"
    ).order_by("proposed_at", "pk")
    confirmed = Q(outcome=Decision.Outcome.CONFIRMED)
    if reader.is_filer:
        return rows.filter(confirmed)
    return rows.filter(confirmed | Q(review__authority_id__in=reader.offices))


def _deadlines(filing: Filing) -> list[Deadline]:
    """The filing's clocks; each says its status itself (`Deadline.status_label`: "Met, n
    working days late" for a late one)."""
    kinds = dict(DeadlineKind.choices)
    rows = list(filing.deadlines.select_related("rule").order_by("due_date", "pk"))
    for d in rows:
        d.kind_label = str(kinds.get(d.kind, d.kind))
    return rows
