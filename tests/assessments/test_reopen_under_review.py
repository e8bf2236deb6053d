"""An assessment stays as it was signed while a filing of it is with the regulator: reopening
it then would take new answers and files the reviewers were never sent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.services import AssessmentLocked, unsign_assessment
from audit.models import AuditEvent
from filings.models import State
from tests.builders import filing_in_state


@pytest.mark.parametrize("state", [State.SUBMITTED, State.UNDER_REVIEW, State.PENDING_APPROVAL])
def test_the_officer_cannot_reopen_an_assessment_whose_filing_is_under_review(client, cast, state):
    filing = filing_in_state(state, **cast)
    assessment = filing.assessment
    client.force_login(cast["officer"])
    url = reverse("assessments:reopen", args=[assessment.pk])
    response = client.post(url)
    assert response.status_code == 409
    assert "stays as it was signed" in response.text
    assessment.refresh_from_db()
    assert assessment.is_signed
    assert not AuditEvent.objects.filter(action="assessment.reopened").exists()


def test_the_service_refuses_too_whoever_calls_it(cast):
    filing = filing_in_state(State.SUBMITTED, **cast)
    with pytest.raises(AssessmentLocked):
        unsign_assessment(assessment=filing.assessment, by=cast["signatory"])
    filing.assessment.refresh_from_db()
    assert filing.assessment.is_signed


@pytest.mark.parametrize("state", [State.RETURNED, State.REASSESSMENT_REQUIRED])
def test_a_returned_or_reassessed_filings_assessment_reopens(client, cast, state):
    filing = filing_in_state(state, **cast)
    client.force_login(cast["officer"])
    response = client.post(reverse("assessments:reopen", args=[filing.assessment.pk]))
    assert response.status_code == 302
    filing.assessment.refresh_from_db()
    assert not filing.assessment.is_signed
    assert AuditEvent.objects.filter(action="assessment.reopened").exists()


def test_the_refusal_reads_in_chinese(client, cast):
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    client.force_login(cast["officer"])
    client.cookies["django_language"] = "zh-hans"
    response = client.post(reverse("assessments:reopen", args=[filing.assessment.pk]))
    assert response.status_code == 409
    assert "stays as it was signed" not in response.text
