"""Drive filings through the real services, to any state, for tests."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from assessments.models import Answer, Assessment, Evidence, Question
from assessments.services import sign_assessment
from filings import services
from filings.models import Filing, State
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
        if question.evidence_required and not answer.evidence.exists():
            attach_evidence(answer, by)
    return assessment


def attach_evidence(answer: Answer, by: Any, content: bytes = b"%PDF-1.4 test\n") -> Evidence:
    evidence = Evidence(
        answer=answer,
        original_name="procedure.pdf",
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        content_type="application/pdf",
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    evidence.file.save("upload", ContentFile(content), save=False)
    evidence.save()
    return evidence


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
    _feature, obligations = services.register_planned_feature(
        platform=platform, by=officer, today=timezone.localdate(), **defaults
    )
    return [o.filing for o in obligations]


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
    """A filing of `regime` brought to `state` by the same path people take."""
    filings = plan_feature(platform, officer, **feature)
    filing = next(f for f in filings if f.regime.code == regime)
    if state == State.DRAFT:
        return filing
    if state == State.WITHDRAWN:
        services.withdraw_filing(filing=filing, by=officer)
        return Filing.objects.get(pk=filing.pk)
    complete_assessment(filing.assessment, officer)
    sign_assessment(assessment=filing.assessment, by=signatory)
    services.submit_filing(filing=filing, by=officer)
    path: dict[str, list[Any]] = {
        State.SUBMITTED: [],
        State.UNDER_REVIEW: [_claim],
        State.RETURNED: [_claim, _return],
        State.PENDING_APPROVAL: [_claim, _propose_approval],
        State.APPROVED: [_claim, _propose_approval, _approve],
        State.REJECTED: [_claim, _propose_rejection, _reject],
        State.RECTIFICATION_REQUIRED: [_claim, _propose_approval, _approve, _rectify],
        State.CHANGE_PENDING: [_claim, _propose_approval, _approve, _change],
        State.CANCELLATION_PENDING: [_claim, _propose_approval, _approve, _cancel],
        State.CANCELLED: [_claim, _propose_approval, _approve, _cancel, _accept_cancel],
        State.REVOKED: [_claim, _propose_approval, _approve, _revoke],
    }[state]
    people = {"officer": officer, "reviewer": reviewer, "supervisor": supervisor}
    for step in path:
        step(filing, **people)
    filing = Filing.objects.get(pk=filing.pk)
    assert filing.state == state, (filing.state, state)
    return filing


def _claim(f: Filing, reviewer: Any, **_: Any) -> None:
    services.claim_filing(filing=f, by=reviewer)


def _return(f: Filing, reviewer: Any, **_: Any) -> None:
    question = Question.objects.filter(section__template=f.template).first()
    services.return_filing(filing=f, by=reviewer, reasons=[(question, "Evidence is unclear.")])


def _propose_approval(f: Filing, reviewer: Any, **_: Any) -> None:
    services.propose_decision(filing=f, by=reviewer, kind="approve", reasons="Complete.")


def _propose_rejection(f: Filing, reviewer: Any, **_: Any) -> None:
    services.propose_decision(filing=f, by=reviewer, kind="reject", reasons="Controls fail.")


def _approve(f: Filing, supervisor: Any, **_: Any) -> None:
    services.approve_filing(filing=f, by=supervisor)


def _reject(f: Filing, supervisor: Any, **_: Any) -> None:
    services.reject_filing(filing=f, by=supervisor, reasons="Controls fail.")


def _rectify(f: Filing, reviewer: Any, **_: Any) -> None:
    services.order_rectification(
        filing=f,
        by=reviewer,
        items=["Label every output."],
        due_date=timezone.localdate() + dt.timedelta(days=20),
    )


def _change(f: Filing, officer: Any, **_: Any) -> None:
    services.file_change(filing=f, by=officer, description="Adds voice cloning.")


def _cancel(f: Filing, officer: Any, **_: Any) -> None:
    services.file_cancellation(filing=f, by=officer, reason="Service ends.")


def _accept_cancel(f: Filing, supervisor: Any, **_: Any) -> None:
    services.accept_cancellation(filing=f, by=supervisor)


def _revoke(f: Filing, supervisor: Any, **_: Any) -> None:
    services.revoke_filing(filing=f, by=supervisor, reasons="Serious violations.")
