"""Bad input is a 4xx problem, never a 500; a retried write changes nothing twice; a token
past its rate waits."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from filings.models import Filing
from platforms.models import PlannedFeature
from tests.builders import plan_feature

from .conftest import assert_problem

pytestmark = pytest.mark.django_db

LAUNCH = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
FEATURE = {"title": "Voice rooms", "description": "Rooms.", "planned_launch_date": LAUNCH}


@pytest.fixture
def draft(douyin, douyin_officer) -> Filing:
    return next(
        f for f in plan_feature(douyin, douyin_officer) if f.regime.code == "cn-security-assessment"
    )


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "1.5", "99999999999999999999999", "%C2%B2"])
def test_an_id_that_is_not_a_whole_number_is_400(douyin_api, draft, bad):
    for url in (
        f"/api/v1/filings/{bad}/",
        f"/api/v1/platforms/{bad}/",
        f"/api/v1/assessments/{draft.assessment_id}/answers/{bad}/",
    ):
        response = douyin_api.get(url) if "answers" not in url else douyin_api.put(url, {})
        body = assert_problem(response, 400)
        assert body["errors"][0]["field"] in {"pk", "question_pk"}


def test_an_unknown_address_is_a_404_problem(douyin_api):
    assert_problem(douyin_api.get("/api/v1/nothing-here/"), 404)


def test_bad_json_is_400(douyin_api, douyin):
    url = f"/api/v1/platforms/{douyin.pk}/features/"
    body = assert_problem(douyin_api.post(url, raw='{"title": '), 400)
    assert body["type"].endswith("/malformed-request")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**FEATURE, "state": "approved"}, "state"),
        ({**FEATURE, "operator": 2}, "operator"),
        ({**FEATURE, "planned_launch_date": 20300101}, "planned_launch_date"),
        ({**FEATURE, "is_deep_synthesis": "maybe"}, "is_deep_synthesis"),
        ({**FEATURE, "trigger": "whim"}, "trigger"),
        ({**FEATURE, "title": ["a"]}, "title"),
        ({"description": "no title"}, "title"),
    ],
)
def test_unknown_fields_and_wrong_types_are_400_with_the_field(douyin_api, douyin, body, field):
    problem = assert_problem(douyin_api.post(f"/api/v1/platforms/{douyin.pk}/features/", body), 400)
    assert field in [e["field"] for e in problem["errors"]]
    assert not PlannedFeature.objects.exists()


@pytest.mark.parametrize("raw", ["[]", '"text"', "42", "null"])
def test_a_body_that_is_not_an_object_is_400(douyin_api, douyin, raw):
    assert_problem(douyin_api.post(f"/api/v1/platforms/{douyin.pk}/features/", raw=raw), 400)


@pytest.mark.parametrize("value", [{"a": 1}, [1, 2]])
def test_an_answer_must_be_one_value(douyin_api, draft, value):
    question = draft.assessment.applicable_questions().first()
    url = f"/api/v1/assessments/{draft.assessment_id}/answers/{question.pk}/"
    assert_problem(douyin_api.put(url, {"value": value}), 400)


def test_json_only(douyin_api, douyin):
    response = douyin_api.client.post(
        f"/api/v1/platforms/{douyin.pk}/features/",
        "title=x",
        content_type="application/x-www-form-urlencoded",
        **douyin_api._headers(None),
    )
    assert_problem(response, 415)


def test_a_wrong_method_is_405(douyin_api, douyin):
    assert_problem(douyin_api.post("/api/v1/platforms/"), 405)


# --- Idempotency ------------------------------------------------------------------------------
def _register(api: Any, douyin: Any, key: str, body: dict[str, Any] = FEATURE) -> Any:
    return api.post(
        f"/api/v1/platforms/{douyin.pk}/features/", body, headers={"Idempotency-Key": key}
    )


def test_a_retry_with_the_same_key_returns_the_first_answer_and_writes_once(douyin_api, douyin):
    first = _register(douyin_api, douyin, "release-42")
    again = _register(douyin_api, douyin, "release-42")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert PlannedFeature.objects.count() == 1
    assert AuditEvent.objects.filter(action="api.feature.registered").count() == 1
    other = _register(douyin_api, douyin, "release-43")
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]


def test_the_same_key_with_another_body_is_422(douyin_api, douyin):
    _register(douyin_api, douyin, "k1")
    body = assert_problem(_register(douyin_api, douyin, "k1", {**FEATURE, "title": "Else"}), 422)
    assert body["type"].endswith("/idempotency-key-reused")
    assert PlannedFeature.objects.count() == 1


def test_keys_belong_to_their_token(douyin_api, douyin, douyin_officer):
    from .conftest import client_for

    _register(douyin_api, douyin, "shared")
    second = client_for(douyin_officer)
    assert _register(second, douyin, "shared").status_code == 201
    assert PlannedFeature.objects.count() == 2


def test_a_refused_write_is_not_kept(douyin_api, douyin):
    assert_problem(
        _register(douyin_api, douyin, "k2", {**FEATURE, "planned_launch_date": "2020-01-01"}), 400
    )
    assert_problem(
        _register(douyin_api, douyin, "k2", {**FEATURE, "planned_launch_date": "2020-01-01"}), 400
    )


def test_a_key_expires_after_a_day(douyin_api, douyin):
    import time_machine

    _register(douyin_api, douyin, "daily")
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        assert _register(douyin_api, douyin, "daily").status_code == 201
    assert PlannedFeature.objects.count() == 2


def test_an_overlong_key_is_400(douyin_api, douyin):
    assert_problem(_register(douyin_api, douyin, "k" * 256), 400)


# --- Rate limit -------------------------------------------------------------------------------
def test_past_the_rate_a_token_gets_429_with_retry_after(douyin_api, douyin, settings):
    from .conftest import client_for

    settings.API_RATE_LIMIT = "3/minute"
    for _ in range(3):
        assert douyin_api.get("/api/v1/platforms/").status_code == 200
    response = douyin_api.get("/api/v1/platforms/")
    assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0
    # Counted per token: another token of the same person is not slowed.
    assert client_for(douyin_api.token.owner).get("/api/v1/platforms/").status_code == 200


def test_a_missing_trailing_slash_is_named(douyin_api):
    body = assert_problem(douyin_api.get("/api/v1/platforms"), 404)
    assert "/api/v1/platforms/" in body["detail"]


@pytest.mark.parametrize("field", ["value", "note"])
def test_a_null_character_is_refused_not_stored(douyin_api, draft, field):
    question = draft.assessment.applicable_questions().filter(answer_type="text").first()
    url = f"/api/v1/assessments/{draft.assessment_id}/answers/{question.pk}/"
    body = {"value": "ok", field: "a\x00b"}
    problem = assert_problem(douyin_api.put(url, body), 400)
    assert problem["errors"][0]["field"] == field


def _b64(text: str) -> str:
    import base64

    return base64.urlsafe_b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "raw", ["p=abc", "o=1&p=%00", "r=1&p=99999999999999999999999", "p=1.5", "o=-1&p=1"]
)
def test_a_forged_list_cursor_is_400(douyin_api, douyin, raw):
    assert_problem(douyin_api.get("/api/v1/platforms/", cursor=_b64(raw)), 400)


@pytest.mark.parametrize(
    "raw", ['["2030-01-01", 99999999999999999999999]', '["x", 1]', "[1, 1]", '{"a": 1}', "[]"]
)
def test_a_forged_queue_cursor_is_400(beijing_api, raw):
    assert_problem(beijing_api.get("/api/v1/review/queue/", cursor=_b64(raw)), 400)


def test_a_body_past_the_size_limit_is_a_413_problem(douyin_api, douyin, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {**FEATURE, "description": "y" * 2000}
    assert_problem(douyin_api.post(f"/api/v1/platforms/{douyin.pk}/features/", body), 413)
    assert not PlannedFeature.objects.exists()


def test_a_write_to_an_unknown_address_is_a_404_problem_even_with_csrf_checks(douyin_api):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/nothing-here/", "{}", content_type="application/json", **douyin_api._headers(None)
    )
    assert_problem(response, 404)
    real = client.post(
        "/api/v1/filings/1/submit/",
        "{}",
        content_type="application/json",
        **douyin_api._headers(None),
    )
    assert real.status_code == 404  # DRF's views are CSRF-exempt: tokens, no cookies
