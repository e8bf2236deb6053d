"""The operators' side: what Douyin's systems read and write with a token, and that another
operator's ids are a 404 that changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from django.utils import timezone

from assessments.models import Answer
from assessments.services import sign_assessment
from audit.models import AuditEvent
from filings.models import Comment, Filing, State
from tests.builders import complete_assessment, filing_in_state, plan_feature

from .conftest import assert_problem

pytestmark = pytest.mark.django_db

LAUNCH = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
FEATURE = {
    "title": "Voice rooms",
    "description": "Open voice rooms for up to 50 people.",
    "trigger": "launch",
    "planned_launch_date": LAUNCH,
}


def _security_filing(filings: list[Filing]) -> Filing:
    return next(f for f in filings if f.regime.code == "cn-security-assessment")


@pytest.fixture
def douyin_draft(douyin, douyin_officer) -> Filing:
    return _security_filing(plan_feature(douyin, douyin_officer))


@pytest.fixture
def wechat_draft(wechat, wechat_officer) -> Filing:
    return _security_filing(plan_feature(wechat, wechat_officer))


# --- Reading ----------------------------------------------------------------------------------
def test_officer_lists_only_their_operators_platforms(douyin_api, douyin, wechat):
    body = douyin_api.get("/api/v1/platforms/").json()
    assert [p["id"] for p in body["results"]] == [douyin.pk]
    assert douyin_api.get(f"/api/v1/platforms/{douyin.pk}/").json()["name_en"] == "Douyin"


def test_registering_a_feature_creates_its_filings_with_due_dates(douyin_api, douyin):
    response = douyin_api.post(f"/api/v1/platforms/{douyin.pk}/features/", FEATURE)
    assert response.status_code == 201
    body = response.json()
    assert body["title"] == "Voice rooms"
    security = next(o for o in body["obligations"] if o["regime"] == "cn-security-assessment")
    assert security["due_date"] == LAUNCH  # before launch
    assert Filing.objects.get(pk=security["filing"]).created_by.username == "douyin_officer"
    event = AuditEvent.objects.get(action="api.feature.registered")
    assert event.data["token"] == douyin_api.token.pk
    assert event.actor.username == "douyin_officer"
    listed = douyin_api.get("/api/v1/features/").json()["results"]
    assert [f["id"] for f in listed] == [body["id"]]
    assert douyin_api.get(f"/api/v1/features/{body['id']}/").json()["obligations"]


def test_registering_keeps_the_pages_rules(douyin_api, douyin):
    past = {**FEATURE, "planned_launch_date": "2020-01-01"}
    body = assert_problem(douyin_api.post(f"/api/v1/platforms/{douyin.pk}/features/", past), 400)
    assert body["errors"][0]["field"] == "planned_launch_date"
    notice = {**FEATURE, "trigger": "user_growth"}
    body = assert_problem(douyin_api.post(f"/api/v1/platforms/{douyin.pk}/features/", notice), 400)
    assert [e["field"] for e in body["errors"]] == ["trigger_date"]
    assert not Filing.objects.exists()


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("planned_launch_date", {"planned_launch_date": "9898-04-12"}),
        ("trigger_date", {"trigger": "user_growth", "trigger_date": "1000-01-01"}),
    ],
    ids=["launch-in-9898", "event-in-1000"],
)
def test_a_date_no_clock_runs_to_is_refused_with_the_dates_allowed(
    douyin_api, douyin, field, change
):
    # Counting working days to such a date held a web worker for seconds to minutes.
    sent = {**FEATURE, **change}
    body = assert_problem(douyin_api.post(f"/api/v1/platforms/{douyin.pk}/features/", sent), 400)
    assert [e["field"] for e in body["errors"]] == [field]
    assert "Give a date between" in body["errors"][0]["message"]
    assert not Filing.objects.exists()


def test_a_title_of_spaces_is_refused_and_the_schema_says_a_text_is_needed(douyin_api, douyin):
    spaces = {**FEATURE, "title": " \u3000 ", "description": "\n"}
    body = assert_problem(douyin_api.post(f"/api/v1/platforms/{douyin.pk}/features/", spaces), 400)
    assert sorted(e["field"] for e in body["errors"]) == ["description", "title"]
    assert not Filing.objects.exists()
    schema = yaml.safe_load(douyin_api.get("/api/v1/schema/").content)
    title = schema["components"]["schemas"]["FeatureInput"]["properties"]["title"]
    assert title["minLength"] == 1 and title["pattern"] == r"\S"


def test_filing_detail_shows_deadlines_revisions_reviews_and_requests(
    douyin_api, cast, beijing_reviewer
):
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    request = Comment.objects.create(
        filing=filing,
        author=beijing_reviewer,
        kind=Comment.Kind.INFORMATION_REQUEST,
        body="How many moderators at night?",
    )
    Comment.objects.create(
        filing=filing,
        author=beijing_reviewer,
        kind=Comment.Kind.COMMENT,
        visibility=Comment.Visibility.OFFICE,
        body="Internal: check the night shift.",
    )
    body = douyin_api.get(f"/api/v1/filings/{filing.pk}/").json()
    assert body["state"] == State.UNDER_REVIEW
    assert [r["number"] for r in body["revisions"]] == [1]
    assert body["revisions"][0]["sha256"] == filing.revisions.get().sha256
    assert body["revisions"][0]["files"]  # the receipt's files, by hash
    assert {d["kind"] for d in body["deadlines"]} >= {"filing", "review"}
    assert [r["id"] for r in body["information_requests"]] == [request.pk]
    assert "Internal" not in str(body)  # an office's internal note never reaches the filer
    assert {r["state"] for r in body["reviews"]}


def test_filing_detail_shows_each_offices_decision_with_reasons(douyin_api, cast):
    filing = filing_in_state(State.CONCLUDED, **cast)
    body = douyin_api.get(f"/api/v1/filings/{filing.pk}/").json()
    decisions = [r["decision"] for r in body["reviews"]]
    assert decisions and all(d and d["reasons"] for d in decisions)


def test_filings_filter_by_state_and_refuse_an_unknown_one(douyin_api, douyin_draft):
    listed = douyin_api.get("/api/v1/filings/", state="draft").json()["results"]
    assert douyin_draft.pk in [f["id"] for f in listed]
    assert douyin_api.get("/api/v1/filings/", state="submitted").json()["results"] == []
    assert_problem(douyin_api.get("/api/v1/filings/", state="bogus"), 400)


def test_lists_page_with_a_cursor(douyin_api, douyin, douyin_officer):
    plan_feature(douyin, douyin_officer)
    first = douyin_api.get("/api/v1/filings/", page_size="2").json()
    assert len(first["results"]) == 2 and first["next"]
    second = douyin_api.client.get(first["next"], **douyin_api._headers(None)).json()
    ids = [f["id"] for f in first["results"] + second["results"]]
    assert len(ids) == len(set(ids)) == Filing.objects.count()
    assert_problem(douyin_api.get("/api/v1/filings/", cursor="not-a-cursor"), 400)
    assert_problem(douyin_api.get("/api/v1/filings/", page_size="0"), 400)


def test_assessment_shows_questions_answers_and_whats_missing(douyin_api, douyin_draft):
    body = douyin_api.get(f"/api/v1/assessments/{douyin_draft.assessment_id}/").json()
    assert body["questions"] and body["missing"]
    assert {"id", "code", "answer_type", "required", "answer"} <= set(body["questions"][0])


# --- Writing ----------------------------------------------------------------------------------
def _question(filing: Filing, answer_type: str) -> Any:
    return filing.assessment.applicable_questions().filter(answer_type=answer_type).first()


def test_saving_an_answer_uses_the_autosave_rules(douyin_api, douyin_draft):
    question = _question(douyin_draft, "number")
    url = f"/api/v1/assessments/{douyin_draft.assessment_id}/answers/{question.pk}/"
    response = douyin_api.put(url, {"value": "1,200", "risk_rating": "low"})
    assert response.status_code == 200, response.content
    assert response.json()["value"] == 1200
    assert Answer.objects.get(question=question).value == 1200
    body = assert_problem(douyin_api.put(url, {"value": "many"}), 400)
    assert body["errors"][0]["field"] == "value"
    assert Answer.objects.get(question=question).value == 1200
    event = AuditEvent.objects.get(action="api.answer.saved")
    assert event.data["token"] == douyin_api.token.pk


def test_an_answer_is_refused_after_sign_off(douyin_api, douyin_draft, bytedance_signatory):
    complete_assessment(douyin_draft.assessment, douyin_draft.created_by)
    sign_assessment(assessment=douyin_draft.assessment, by=bytedance_signatory)
    question = _question(douyin_draft, "text")
    before = Answer.objects.get(question=question, assessment=douyin_draft.assessment).value
    url = f"/api/v1/assessments/{douyin_draft.assessment_id}/answers/{question.pk}/"
    assert_problem(douyin_api.put(url, {"value": "Changed after signing"}), 409)
    assert Answer.objects.get(question=question, assessment=douyin_draft.assessment).value == before


def test_a_question_of_another_questionnaire_is_404(
    douyin_api, douyin_draft, douyin, douyin_officer
):
    algorithm = next(
        f
        for f in plan_feature(douyin, douyin_officer, title="Other")
        if f.regime.code == "cn-algorithm-filing"
    )
    foreign = algorithm.assessment.applicable_questions().first()
    url = f"/api/v1/assessments/{douyin_draft.assessment_id}/answers/{foreign.pk}/"
    assert_problem(douyin_api.put(url, {"value": "x"}), 404)


def test_submitting_needs_the_signature_from_the_browser(
    douyin_api, douyin_draft, bytedance_signatory
):
    url = f"/api/v1/filings/{douyin_draft.pk}/submit/"
    complete_assessment(douyin_draft.assessment, douyin_draft.created_by)
    assert_problem(douyin_api.post(url), 409)
    assert Filing.objects.get(pk=douyin_draft.pk).state == State.DRAFT
    sign_assessment(assessment=douyin_draft.assessment, by=bytedance_signatory)
    response = douyin_api.post(url)
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 1
    assert Filing.objects.get(pk=douyin_draft.pk).state == State.SUBMITTED
    event = AuditEvent.objects.get(action="api.filing.submitted")
    assert (event.filing_id, event.data["token"]) == (douyin_draft.pk, douyin_api.token.pk)
    assert AuditEvent.objects.filter(action="filing.submitted", filing_id=douyin_draft.pk).exists()


def test_answering_an_information_request(douyin_api, cast, beijing_reviewer):
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    request = Comment.objects.create(
        filing=filing,
        author=beijing_reviewer,
        kind=Comment.Kind.INFORMATION_REQUEST,
        body="How many moderators at night?",
    )
    url = f"/api/v1/filings/{filing.pk}/information-requests/{request.pk}/answer/"
    assert_problem(douyin_api.post(url, {"body": ""}), 400)
    response = douyin_api.post(url, {"body": "Twelve, in two shifts."})
    assert response.status_code == 201, response.content
    assert Comment.objects.get(parent=request).body == "Twelve, in two shifts."
    assert Comment.objects.get(pk=request.pk).answered_at is not None
    assert AuditEvent.objects.filter(action="api.information.answered").exists()
    # An office's internal note is no request the filer can answer.
    note = Comment.objects.create(
        filing=filing,
        author=beijing_reviewer,
        kind=Comment.Kind.INFORMATION_REQUEST,
        visibility=Comment.Visibility.OFFICE,
        body="Internal.",
    )
    url = f"/api/v1/filings/{filing.pk}/information-requests/{note.pk}/answer/"
    assert_problem(douyin_api.post(url, {"body": "x"}), 404)
