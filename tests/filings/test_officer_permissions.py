"""Officers of one operator never reach another operator's pages, files or downloads: every
ByteDance page is a 404 to Tencent's officer, GET and POST, and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Evidence, Question
from filings import services
from filings.models import Filing, State
from tests.builders import attach_evidence, filing_in_state


@pytest.fixture
def bytedance_pages(cast):
    """Every officer page of a ByteDance filing, with the objects behind them."""
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    question = Question.objects.get(section__template=filing.template, code="A8")
    answer = Answer.objects.get(assessment=filing.assessment, question=question)
    evidence = Evidence.objects.filter(answer=answer).first() or attach_evidence(
        answer, cast["officer"]
    )
    info = services.comment_on_filing(
        filing=filing, by=cast["reviewer"], body="Which model?", information_request=True
    )
    approved = filing_in_state(State.RECTIFICATION_REQUIRED, **cast, title="Voice cloning")
    a, f = filing.assessment.pk, filing.pk
    return [
        reverse("filings:platform", args=[filing.platform_id]),
        reverse("filings:register_feature", args=[filing.platform_id]),
        reverse("filings:feature", args=[filing.planned_feature_id]),
        reverse("filings:detail", args=[f]),
        reverse("filings:submit", args=[f]),
        reverse("filings:receipt", args=[f, 1]),
        reverse("filings:withdraw", args=[f]),
        reverse("filings:change", args=[approved.pk]),
        reverse("filings:cancel", args=[approved.pk]),
        reverse("filings:answer", args=[f, info.pk]),
        reverse("filings:rectification", args=[approved.pk]),
        reverse("assessments:detail", args=[a]),
        reverse("assessments:section", args=[a, "A"]),
        reverse("assessments:autosave", args=[a, question.pk]),
        reverse("assessments:upload_evidence", args=[a, question.pk]),
        reverse("assessments:check", args=[a]),
        reverse("assessments:sign", args=[a]),
        reverse("assessments:reopen", args=[a]),
        reverse("assessments:download_evidence", args=[evidence.pk]),
    ]


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_operators_officer_gets_404_on_every_bytedance_page(
    client, bytedance_pages, wechat_officer, method
):
    client.force_login(wechat_officer)
    before = list(Filing.objects.values_list("pk", "state", "updated_at"))
    for url in bytedance_pages:
        response = getattr(client, method)(
            url,
            {
                "title": "x",
                "description": "x",
                "reason": "x",
                "body": "x",
                "response": "x",
                "trigger": "launch",
                "planned_launch_date": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
            },
        )
        assert response.status_code == 404, (method, url, response.status_code)
    assert list(Filing.objects.values_list("pk", "state", "updated_at")) == before


def test_regulators_do_not_use_the_officer_transition_pages(client, cast):
    filing = filing_in_state(State.SUBMITTED, **cast)
    client.force_login(cast["reviewer"])
    for name in ("submit", "withdraw"):
        assert client.get(reverse(f"filings:{name}", args=[filing.pk])).status_code == 404
    assert client.get(reverse("assessments:detail", args=[filing.assessment.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, cast):
    filing = filing_in_state(State.DRAFT, **cast)
    response = client.get(reverse("assessments:detail", args=[filing.assessment.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
