"""Answers about the operator as a whole, carried over from its last accepted assessment.

A question whose `scope` is "operator" (its security lead, its log retention period, its
complaint handling) has the same answer in every assessment the operator makes. A new
assessment starts with those answers copied from the operator's last accepted one, marked as
pre-filled: each counts only once an officer confirms it or changes it (`missing_items` lists
the rest), and the answer keeps where it came from and who confirmed it when. Evidence is not
copied: it is uploaded for each assessment. Which earlier assessment was accepted is the
filings' business (filings/services/prefill.py picks it); this module copies and confirms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record_event
from platforms.models import Role

from .models import Answer, Assessment, Question
from .services import AssessmentError, _require_editor, clean_value


def _operator_id(assessment: Assessment) -> int:
    return assessment.planned_feature.platform.operator_id


@transaction.atomic
def prefill_answers(*, assessment: Assessment, source: Assessment, by: Any) -> list[Answer]:
    """Copy `source`'s answers to the operator-scoped questions `assessment` has no answer to,
    as pre-filled and unconfirmed (matched by question code and answer type; a value the new
    version's question no longer accepts is left out)."""
    if source.pk == assessment.pk or _operator_id(source) != _operator_id(assessment):
        raise AssessmentError(_("Answers are carried over only from the same operator."))
    targets = {
        q.code: q for q in assessment.applicable_questions().filter(scope=Question.Scope.OPERATOR)
    }
    answered = set(assessment.answers.values_list("question_id", flat=True))
    copied = []
    for old in source.answers.select_related("question").filter(question__code__in=targets):
        question = targets[old.question.code]
        if question.pk in answered or not old.is_answered:
            continue
        if old.question.answer_type != question.answer_type:
            continue
        try:
            value = clean_value(question, old.value)
        except AssessmentError:
            continue
        copied.append(
            Answer(
                assessment=assessment,
                question=question,
                value=value,
                risk_rating=old.risk_rating,
                note=old.note,
                updated_by=by,
                prefilled_from=source,
            )
        )
    Answer.objects.bulk_create(copied)
    if copied:
        record_event(
            action="assessment.prefilled",
            obj=assessment,
            actor=by,
            actor_role=Role.OFFICER,
            data={"from_assessment": source.pk, "questions": [a.question.code for a in copied]},
        )
    return copied


@transaction.atomic
def confirm_answer(*, assessment: Assessment, question: Question, by: Any) -> Answer:
    """An officer confirms a pre-filled answer as it stands (confirming twice is a no-op)."""
    # The lock a signature takes: nothing changes in a signed assessment.
    assessment = Assessment.objects.select_for_update(no_key=True).get(pk=assessment.pk)
    _require_editor(assessment, by)
    if assessment.is_signed:
        raise AssessmentError(
            _("The assessment is signed; withdraw the signature before confirming answers.")
        )
    answer = Answer.objects.filter(
        assessment=assessment, question=question, prefilled_from__isnull=False
    ).first()
    if answer is None:
        raise AssessmentError(_("This answer was not pre-filled; there is nothing to confirm."))
    if answer.confirmed_at is None:
        answer.confirmed_by, answer.confirmed_at = by, timezone.now()
        answer.save(update_fields=["confirmed_by", "confirmed_at", "updated_at"])
        record_event(
            action="answer.confirmed",
            obj=assessment,
            actor=by,
            actor_role=Role.OFFICER,
            data={"question": question.code, "from_assessment": answer.prefilled_from_id},
        )
    return answer


@dataclass(frozen=True)
class Source:
    """Where pre-filled answers came from, as the officer knows it: the filing."""

    reference: str
    decided_at: dt.datetime


def sources(answers: Iterable[Answer | None]) -> dict[int, Source]:
    """The latest decided filing of each assessment these answers were pre-filled from, by
    assessment id (one query, none without pre-filled answers; through the reverse relation
    so that this app does not import `filings`)."""
    ids = {a.prefilled_from_id for a in answers if a is not None and a.prefilled_from_id}
    if not ids:
        return {}
    rows = (
        Assessment.objects.filter(pk__in=ids, filings__decided_at__isnull=False)
        .order_by("pk", "filings__decided_at")
        .values_list("pk", "filings__reference", "filings__decided_at")
    )
    return {
        pk: Source(reference or "", decided_at)
        for pk, reference, decided_at in rows
        if decided_at is not None  # filtered above: the test is for the types
    }
