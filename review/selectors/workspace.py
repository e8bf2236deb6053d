"""The filing workspace's reads: the revision diff, the files it names, the comment thread
and the deadlines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from assessments.models import Answer, Assessment, Evidence, Question
from filings.models import Comment, Deadline, Filing, FilingRevision, Visibility
from platforms.roles import get_actor
from workcalendar import calendar


@dataclass
class AnswerChange:
    code: str
    question: Question | None
    status: str  # "added", "removed", "changed", "unchanged"
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    changed_fields: list[str] = field(default_factory=list)
    evidence_added: list[dict[str, Any]] = field(default_factory=list)
    evidence_removed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_changed(self) -> bool:
        return self.status != "unchanged"

    # The answer as the reader sees it: yes or no, a choice's or a rating's label, never
    # the stored code.
    @property
    def new_value(self) -> str:
        return _answer_text(self.question, (self.new or {}).get("value"))

    @property
    def old_value(self) -> str:
        return _answer_text(self.question, (self.old or {}).get("value"))

    @property
    def new_risk(self) -> str:
        return _choice_label(Answer.Rating, (self.new or {}).get("risk_rating"))

    @property
    def old_risk(self) -> str:
        return _choice_label(Answer.Rating, (self.old or {}).get("risk_rating"))


def _answer_text(question: Question | None, value: Any) -> str:
    if question is not None:
        return question.display_value(value)
    return "" if value is None else str(value)


def _choice_label(choices: Any, value: Any) -> str:
    if not value:
        return ""
    return str(choices(value).label) if value in choices.values else str(value)


@dataclass
class RevisionDiff:
    old: FilingRevision | None
    new: FilingRevision | None
    answers: list[AnswerChange] = field(default_factory=list)
    other_fields: list[tuple[str, Any, Any]] = field(default_factory=list)
    revisions: list[FilingRevision] = field(default_factory=list)  # every one, newest first

    @property
    def changed(self) -> list[AnswerChange]:
        return [a for a in self.answers if a.is_changed]

    @property
    def shown_other_fields(self) -> list[tuple[str, str, str]]:
        """The assessment's own fields that changed, named and valued for the reader."""
        return [
            (str(_TOP_LABELS.get(name, name)), _top_value(name, old), _top_value(name, new))
            for name, old, new in self.other_fields
        ]

    @property
    def residual_risk(self) -> str:
        snapshot = self.new.snapshot if self.new else {}
        return _top_value("residual_risk", snapshot.get("residual_risk"))


_COMPARED_FIELDS = ("value", "risk_rating", "note")
_TOP_FIELDS = ("method", "agency_name", "conclusion", "residual_risk", "template")
_TOP_LABELS = {
    "method": gettext_lazy("Assessed by"),
    "agency_name": pgettext_lazy("the agency's name", "Third-party agency"),
    "conclusion": gettext_lazy("Conclusion"),
    "residual_risk": gettext_lazy("Residual risk"),
    "template": gettext_lazy("Questionnaire version"),
}


def _top_value(name: str, value: Any) -> str:
    if name == "method":
        return _choice_label(Assessment.Method, value)
    if name == "residual_risk":
        return _choice_label(Assessment.Risk, value)
    if name == "template" and isinstance(value, dict):
        return f"{value.get('code', '')} v{value.get('version', '')}"
    return "" if value is None else str(value)


def diff_snapshots(
    old: dict[str, Any] | None, new: dict[str, Any], questions: dict[str, Question]
) -> tuple[list[AnswerChange], list[tuple[str, Any, Any]]]:
    """Answers and evidence (by SHA-256) of revision n-1 against revision n."""
    old = old or {}
    old_answers, new_answers = old.get("answers", {}), new.get("answers", {})
    rows: list[AnswerChange] = []
    for code in sorted(set(old_answers) | set(new_answers), key=_question_order(questions)):
        before, after = old_answers.get(code), new_answers.get(code)
        change = AnswerChange(code, questions.get(code), "unchanged", before, after)
        if before is None:
            change.status = "added" if old else "unchanged"
        elif after is None:
            change.status = "removed"
        else:
            change.changed_fields = [f for f in _COMPARED_FIELDS if before.get(f) != after.get(f)]
            old_ev = {e["sha256"]: e for e in before.get("evidence", [])}
            new_ev = {e["sha256"]: e for e in after.get("evidence", [])}
            change.evidence_added = [e for h, e in new_ev.items() if h not in old_ev]
            change.evidence_removed = [e for h, e in old_ev.items() if h not in new_ev]
            if change.changed_fields or change.evidence_added or change.evidence_removed:
                change.status = "changed"
        rows.append(change)
    others = [
        (name, old.get(name), new.get(name))
        for name in _TOP_FIELDS
        if old and old.get(name) != new.get(name)
    ]
    return rows, others


def _question_order(questions: dict[str, Question]) -> Any:
    def key(code: str) -> tuple[int, int, str]:
        q = questions.get(code)
        return (q.section.order, q.order, code) if q else (10**6, 0, code)

    return key


def revision_diff(filing: Filing, number: int | None = None) -> RevisionDiff:
    """Revision `number` (default: the latest) against the one before it."""
    revisions = list(filing.revisions.select_related("submitted_by").order_by("-number"))
    if not revisions:
        return RevisionDiff(None, None)
    by_number = {r.number: r for r in revisions}
    new = by_number.get(number) if number else revisions[0]
    if new is None:
        new = revisions[0]
    old = by_number.get(new.number - 1)
    answers, others = diff_snapshots(
        old.snapshot if old else None, new.snapshot, template_questions(filing.template_id)
    )
    return RevisionDiff(old, new, answers, others, revisions)


def compare_revisions(filing: Filing, old_number: int | None, new_number: int) -> RevisionDiff:
    """Revision `old_number` against revision `new_number` of the filing, as the workspace
    compares a revision with the one before it (`revision_diff`); None for `old_number`
    compares with nothing. The caller checks that both numbers are the filing's."""
    revisions = list(filing.revisions.select_related("submitted_by").order_by("-number"))
    by_number = {r.number: r for r in revisions}
    new = by_number[new_number]
    old = by_number.get(old_number) if old_number is not None else None
    answers, others = diff_snapshots(
        old.snapshot if old else None, new.snapshot, template_questions(filing.template_id)
    )
    return RevisionDiff(old, new, answers, others, revisions)


def template_questions(template_id: int) -> dict[str, Question]:
    """A template version's questions by code. A published version never changes (a new one
    is a copy), so they are kept in the cache without a version of their own."""
    key = f"assessments:template-questions:v1:{template_id}"
    questions: dict[str, Question] | None = cache.get(key)
    if questions is None:
        questions = {
            q.code: q
            for q in Question.objects.filter(section__template_id=template_id).select_related(
                "section"
            )
        }
        cache.set(key, questions, settings.FIGURE_CACHE_SECONDS)
    return questions


def filed_evidence(filing: Filing, sha256: str) -> Evidence | None:
    """The stored file a submitted revision of the filing names by `sha256`, or None.

    A snapshot names files by hash, and uploads are never overwritten, so the hash finds the
    file; files taken off the draft since are detached, not deleted, when a revision names
    them (assessments.evidence): an earlier revision's files stay downloadable. What the
    operator uploads to a draft reopened after a return is theirs until they file it: no
    revision names it, so none is found. The workspace links each file by the filing and
    the hash, so showing a revision reads no evidence at all; the file is read on download."""
    if filing.assessment_id is None:
        return None
    if not filing.revisions.filter(snapshot__icontains=sha256).exists():
        return None
    # Two index lookups: written as one filter with OR across the two joins, PostgreSQL
    # scanned all 1.6 million evidence rows of the national register (1.5 s).
    found = Evidence.objects.filter(sha256=sha256)
    return (
        found.filter(answer__assessment_id=filing.assessment_id).order_by("uploaded_at").first()
        or found.filter(detached_from__assessment_id=filing.assessment_id)
        .order_by("uploaded_at")
        .first()
    )


def visible_comments(filing: Filing, user: Any) -> QuerySet[Comment]:
    """What a regulator reads of the filing's comments: everything the filer wrote, what any
    office shared with the other offices or the filer, and their own offices' internal notes;
    never another office's internal notes."""
    mine = get_actor(user).authority_ids
    return filing.comments.filter(
        Q(authority__isnull=True) | ~Q(visibility=Visibility.OFFICE) | Q(authority_id__in=mine)
    )


def thread(filing: Filing, user: Any) -> list[Comment]:
    """Top-level comments with their replies, oldest first, as far as `user` may read them."""
    comments = list(
        visible_comments(filing, user)
        .select_related("author", "question", "revision", "authority")
        .order_by("created_at", "id")
    )
    by_parent: dict[int | None, list[Comment]] = {}
    for c in comments:
        by_parent.setdefault(c.parent_id, []).append(c)
    for c in comments:
        c.thread_replies = by_parent.get(c.pk, [])
    return by_parent.get(None, [])


@dataclass
class DeadlineView:
    deadline: Deadline
    working_days_left: int | None
    pauses: list[Any]

    @property
    def working_days_overdue(self) -> int:
        return -(self.working_days_left or 0)


def deadlines(filing: Filing) -> list[DeadlineView]:
    today = timezone.localdate()
    rows = []
    found = list(filing.deadlines.select_related("rule").order_by("-status", "due_date"))
    # Only a clock that is or was paused has pauses to list: most have none to ask for.
    paused = [d for d in found if d.paused_since or d.paused_working_days]
    prefetch_related_objects(paused, "pauses")
    for d in found:
        left = (
            calendar.working_days_between(today, d.due_date)
            if d.status == Deadline.Status.OPEN
            else None
        )
        rows.append(DeadlineView(d, left, list(d.pauses.all()) if d in paused else []))
    return rows
