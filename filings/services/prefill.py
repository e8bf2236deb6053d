"""A new assessment starts with the operator-wide answers of the operator's last accepted one
(assessments/prefill.py copies them, pre-filled for the officer to confirm)."""

from __future__ import annotations

from typing import Any

from django.db.models import F

from assessments.models import Answer, Assessment
from assessments.prefill import prefill_answers

from ..models import ACCEPTED_STATES, Filing


def last_accepted_assessment(assessment: Assessment) -> Assessment | None:
    """The assessment of the operator's most recently decided filing that was accepted and
    still stands, on the same questionnaire (any version), other than `assessment`."""
    operator_id = assessment.planned_feature.platform.operator_id
    filing = (
        Filing.objects.filter(
            operator_id=operator_id,
            state__in=ACCEPTED_STATES,
            template__code=assessment.template.code,
            assessment__planned_feature__platform__operator_id=operator_id,
        )
        .exclude(assessment=assessment)
        .select_related("assessment__planned_feature__platform")
        .order_by(F("decided_at").desc(nulls_last=True), "-pk")
        .first()
    )
    return filing.assessment if filing else None


def prefill_from_last_accepted(*, assessment: Assessment, by: Any) -> list[Answer]:
    """Pre-fill a new (still unanswered) assessment; nothing when there is no accepted one."""
    if assessment.answers.exists():
        return []
    source = last_accepted_assessment(assessment)
    if source is None:
        return []
    return prefill_answers(assessment=assessment, source=source, by=by)
