"""An optional question left blank is not done (#15 item 5): the section's count says so,
while nothing stops the signature or the submission for it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assessments.models import Answer, Question
from assessments.progress import progress
from assessments.services import missing_items, sign_assessment
from tests.builders import complete_assessment

pytestmark = pytest.mark.django_db


def _optional(assessment: Any) -> Question:
    question = (
        assessment.applicable_questions()
        .filter(required=False, evidence_required=False)
        .order_by("section__order", "order")
        .first()
    )
    assert question is not None, "the questionnaire should have an optional question"
    return question


def _section(assessment: Any, code: str) -> Any:
    return next(s for s in progress(assessment) if s.section.code == code)


def test_an_optional_question_left_blank_is_not_counted_as_done(
    client, assessment, douyin_officer, bytedance_signatory
):
    complete_assessment(assessment, douyin_officer)
    optional = _optional(assessment)
    code = optional.section.code
    answered = _section(assessment, code)
    assert answered.done == answered.total

    Answer.objects.filter(assessment=assessment, question=optional).update(value=None)

    blank = _section(assessment, code)
    assert blank.done == blank.total - 1
    assert not blank.is_complete
    assert not next(r for r in blank.rows if r.question == optional).is_complete
    client.force_login(douyin_officer)
    page = client.get(reverse("assessments:detail", args=[assessment.pk]))
    assert f"{blank.total - 1}/{blank.total}" in page.text
    # It blocks nothing: nothing is missing and the signatory signs.
    assert missing_items(assessment) == []
    sign_assessment(assessment=assessment, by=bytedance_signatory)
    assessment.refresh_from_db()
    assert assessment.is_signed


def test_an_optional_question_never_answered_is_not_done_either(assessment, douyin_officer):
    complete_assessment(assessment, douyin_officer)
    optional = _optional(assessment)
    Answer.objects.filter(assessment=assessment, question=optional).delete()
    section = _section(assessment, optional.section.code)
    assert section.done == section.total - 1
    assert missing_items(assessment) == []
