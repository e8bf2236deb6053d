"""Drive filings through the real services, to any state, for tests.

The drive (demo/drive.py) and its steps (demo/steps.py: claim, propose, confirm, every office
stage by stage, the moves after a decision) are the ones the demo's scenarios run: one
implementation of "take this filing to state X". What is the tests' own: the feature's
defaults and quick sample answers written straight to the rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from assessments.models import Answer, Assessment, Evidence, Question
from assessments.services import sign_assessment
from demo import steps
from demo.drive import claim, drive_to_state, return_with_reason
from filings.models import Filing
from platforms.models import Platform

SAMPLE_VALUES = {
    "text": "Documented in the attached procedure.",
    "yes_no": True,
    "number": 1200,
    "date": "2026-01-15",
}


def complete_assessment(assessment: Assessment, by: Any) -> Assessment:
    """Answer every applicable question and attach evidence where the question needs it."""
    for question in assessment.applicable_questions():
        value = (
            question.choices[0]["value"]
            if question.answer_type == Question.AnswerType.CHOICE
            else SAMPLE_VALUES[question.answer_type]
        )
        answer, _ = Answer.objects.update_or_create(
            assessment=assessment,
            question=question,
            defaults={"value": value, "risk_rating": "low", "updated_by": by},
        )
        if answer.needs_confirmation:  # pre-filled from the operator's last accepted one
            answer.confirmed_by, answer.confirmed_at = by, timezone.now()
            answer.save(update_fields=["confirmed_by", "confirmed_at"])
        if question.evidence_required and not answer.evidence.exists():
            attach_evidence(answer, by)
    return assessment


def attach_evidence(answer: Answer, by: Any, content: bytes = b"%PDF-1.4 test\n") -> Evidence:
    return steps.attach_evidence(answer, by=by, content=content, name="procedure.pdf")


def plan_feature(platform: Platform, officer: Any, **fields: Any) -> list[Filing]:
    defaults: dict[str, Any] = {
        "title": "Face-swap effect",
        "description": "Users swap their face into trending videos.",
        "trigger": "launch",
        "planned_launch_date": timezone.localdate() + dt.timedelta(days=60),
        "is_deep_synthesis": True,
        "edits_faces": True,
    }
    defaults.update(fields)
    _feature, filings = steps.register_feature(
        platform=platform, by=officer, today=timezone.localdate(), **defaults
    )
    return filings


def filing_in_state(
    state: str,
    *,
    platform: Platform,
    officer: Any,
    signatory: Any,
    reviewer: Any,
    supervisor: Any,
    regime: str = "cn-security-assessment",
    **feature: Any,
) -> Filing:
    """A filing of `regime` brought to `state` by the same path people take.

    `reviewer` and `supervisor` act for their office; the other addressed offices act with
    their own people (found, or made, per office), so that the filing's derived state is the
    one asked for: e.g. "pending approval" needs every office's proposal, and a decided state
    every office's conclusion (an earlier stage forwards first)."""
    filings = plan_feature(platform, officer, **feature)
    filing = next(f for f in filings if f.regime.code == regime)
    return drive_to_state(
        filing,
        state,
        officer=officer,
        reviewer=reviewer,
        supervisor=supervisor,
        prepare=lambda f: _prepare(f, officer=officer, signatory=signatory),
    )


def _prepare(filing: Filing, *, officer: Any, signatory: Any) -> None:
    complete_assessment(filing.assessment, officer)
    sign_assessment(assessment=filing.assessment, by=signatory)


# Shorthands some tests take a filing one move further with.
_claim = claim
_return = return_with_reason
