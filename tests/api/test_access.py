"""Who gets in, and what they reach: every endpoint answers another organisation's ids with
the 404 a missing id gets, and changes nothing; tokens that no longer hold are a 401."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from api.models import ApiToken
from api.services import revoke_token
from assessments.models import Answer
from filings.models import Comment, Filing, State
from platforms.models import Membership
from tests.builders import filing_in_state
from tests.security.conftest import snapshot

from .conftest import ApiClient, assert_problem, client_for

pytestmark = pytest.mark.django_db

MISSING = 2_000_000_000


@pytest.fixture
def wechat_world(wechat, wechat_officer, tencent_signatory, guangdong_cac, guangdong_psb):
    """Tencent's filing under review at the Guangdong offices, with an information request."""
    from platforms.models import Role
    from tests.conftest import _member

    reviewer = _member("guangdong_reviewer", Role.REVIEWER, authority=guangdong_cac)
    supervisor = _member("guangdong_supervisor", Role.SUPERVISOR, authority=guangdong_cac)
    filing = filing_in_state(
        State.UNDER_REVIEW,
        platform=wechat,
        officer=wechat_officer,
        signatory=tencent_signatory,
        reviewer=reviewer,
        supervisor=supervisor,
    )
    request = Comment.objects.create(
        filing=filing,
        author=reviewer,
        kind=Comment.Kind.INFORMATION_REQUEST,
        body="Describe the night shift.",
    )
    question = filing.assessment.applicable_questions().first()
    rectifying = filing_in_state(
        State.RECTIFICATION_REQUIRED,
        platform=wechat,
        officer=wechat_officer,
        signatory=tencent_signatory,
        reviewer=reviewer,
        supervisor=supervisor,
        title="Live co-hosting",
    )
    from tests.notices.conftest import issue

    notice = issue(supervisor, guangdong_cac, [wechat.operator], [wechat])
    return {
        "filing": filing,
        "request": request,
        "question": question,
        "platform": wechat,
        "rectifying": rectifying,
        "notice": notice,
    }


# Each endpoint that takes an id: (method, path template, body).
ENDPOINTS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("get", "/api/v1/platforms/{platform}/", None),
    (
        "post",
        "/api/v1/platforms/{platform}/features/",
        {"title": "x", "description": "x", "planned_launch_date": "2099-01-01"},
    ),
    ("get", "/api/v1/features/{feature}/", None),
    ("get", "/api/v1/filings/{filing}/", None),
    ("post", "/api/v1/filings/{filing}/submit/", {}),
    ("post", "/api/v1/filings/{filing}/information-requests/{request}/answer/", {"body": "x"}),
    ("get", "/api/v1/assessments/{assessment}/", None),
    ("put", "/api/v1/assessments/{assessment}/answers/{question}/", {"value": "Outsider"}),
    ("get", "/api/v1/filings/{rectifying}/rectification-orders/", None),
    ("get", "/api/v1/filings/{rectifying}/rectification-orders/{order}/", None),
    ("post", "/api/v1/filings/{rectifying}/rectification/items/{item}/files/", {}),
    ("post", "/api/v1/filings/{rectifying}/rectification/respond/", {"response": "Outsider"}),
    ("get", "/api/v1/notices/{notice}/", None),
    ("post", "/api/v1/notices/{notice}/acknowledge/", {}),
]


def _ids(world: dict[str, Any]) -> dict[str, int]:
    filing: Filing = world["filing"]
    return {
        "platform": world["platform"].pk,
        "feature": filing.planned_feature_id,
        "filing": filing.pk,
        "request": world["request"].pk,
        "assessment": filing.assessment_id,
        "question": world["question"].pk,
        "rectifying": world["rectifying"].pk,
        "order": world["rectifying"].rectification_orders.get().pk,
        "item": world["rectifying"].rectification_orders.get().items.get().pk,
        "notice": world["notice"].pk,
    }


def _call(api: ApiClient, method: str, url: str, body: Any) -> Any:
    return api.get(url) if method == "get" else getattr(api, method)(url, body)


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS, ids=[e[1] for e in ENDPOINTS])
def test_another_operators_ids_are_404_and_change_nothing(
    douyin_api, wechat_world, method, path, body
):
    ids = _ids(wechat_world)
    before = snapshot()
    response = _call(douyin_api, method, path.format(**ids), body)
    assert snapshot() == before
    assert_problem(response, 404)
    missing = _call(douyin_api, method, path.format(**dict.fromkeys(ids, MISSING)), body)
    assert_problem(missing, 404)


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS, ids=[e[1] for e in ENDPOINTS])
def test_a_regulators_token_is_refused_on_the_operators_side(
    beijing_api, wechat_world, method, path, body
):
    assert_problem(_call(beijing_api, method, path.format(**_ids(wechat_world)), body), 403)


def test_a_regulator_of_another_office_gets_404(shanghai_api, beijing_api, cast):
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    assert_problem(shanghai_api.get(f"/api/v1/review/filings/{filing.pk}/"), 404)
    assert shanghai_api.get("/api/v1/review/queue/").json()["results"] == []
    assert beijing_api.get(f"/api/v1/review/filings/{filing.pk}/").status_code == 200


def test_regulators_never_read_a_draft(beijing_api, cast):
    draft = filing_in_state(State.DRAFT, **cast)
    assert_problem(beijing_api.get(f"/api/v1/review/filings/{draft.pk}/"), 404)


def test_an_operators_token_is_refused_on_the_regulators_side(douyin_api, cast):
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    assert_problem(douyin_api.get("/api/v1/review/queue/"), 403)
    assert_problem(douyin_api.get(f"/api/v1/review/filings/{filing.pk}/"), 403)
    assert_problem(douyin_api.get(f"/api/v1/review/filings/{filing.pk}/diff/"), 403)
    assert_problem(douyin_api.get("/api/v1/review/notices/"), 403)
    assert_problem(douyin_api.get(f"/api/v1/review/notices/{MISSING}/board/"), 403)


def test_a_read_token_cannot_write(douyin_reader, douyin):
    feature = {"title": "x", "description": "x", "planned_launch_date": "2099-01-01"}
    body = assert_problem(
        douyin_reader.post(f"/api/v1/platforms/{douyin.pk}/features/", feature), 403
    )
    assert "write" in body["detail"]
    assert not Filing.objects.exists()
    assert douyin_reader.get("/api/v1/platforms/").status_code == 200


# --- Tokens that no longer hold -----------------------------------------------------------------
def _revoke(token: ApiToken) -> None:
    revoke_token(token=token, by=token.owner)


def _expire(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))


def _deactivate(token: ApiToken) -> None:
    token.owner.is_active = False
    token.owner.save()


def _leave(token: ApiToken) -> None:
    Membership.objects.filter(user=token.owner).delete()


@pytest.mark.parametrize(
    "spoil",
    [_revoke, _expire, _deactivate, _leave],
    ids=["revoked", "expired", "deactivated", "left"],
)
def test_a_token_that_no_longer_holds_is_401(douyin_api, douyin, spoil: Callable[[ApiToken], None]):
    assert douyin_api.get("/api/v1/platforms/").status_code == 200
    spoil(douyin_api.token)
    body = assert_problem(douyin_api.get("/api/v1/platforms/"), 401)
    assert douyin_api.get("/api/v1/platforms/")["WWW-Authenticate"].startswith("Bearer")
    assert body["detail"]


@pytest.mark.parametrize(
    "header", ["", "Bearer flt_0000_nope", "Basic dXNlcjpwYXNz", "Bearer ", "Token abc"]
)
def test_a_missing_or_unknown_token_is_401(douyin, header):
    api = ApiClient(None)
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    assert_problem(api.client.get("/api/v1/platforms/", **extra), 401)


def test_a_browser_session_is_not_accepted(client, douyin_officer, douyin):
    client.force_login(douyin_officer)
    assert_problem(client.get("/api/v1/platforms/"), 401)


def test_last_use_is_recorded(douyin_api, douyin):
    assert douyin_api.token.last_used_at is None
    douyin_api.get("/api/v1/platforms/")
    assert ApiToken.objects.get(pk=douyin_api.token.pk).last_used_at is not None


def test_a_signatory_or_admin_cannot_make_a_token(bytedance_signatory, admin):
    from api.services import TokenError, create_token

    for user in (bytedance_signatory, admin):
        with pytest.raises(TokenError):
            create_token(owner=user, name="x", scope="read", days=30)


def test_the_secret_is_stored_only_as_a_hash(douyin_officer, douyin):
    api = client_for(douyin_officer)
    stored = ApiToken.objects.get(pk=api.token.pk)
    assert api.raw.startswith(stored.prefix + "_")
    assert api.raw not in (stored.secret_hash, stored.prefix)
    assert len(stored.secret_hash) == 64


def test_no_write_happens_for_another_operators_answer(douyin_api, wechat_world):
    ids = _ids(wechat_world)
    douyin_api.put(
        f"/api/v1/assessments/{ids['assessment']}/answers/{ids['question']}/", {"value": "x"}
    )
    assert not Answer.objects.filter(value="x").exists()


def test_answers_are_never_cached(douyin_api, douyin):
    assert "no-store" in douyin_api.get("/api/v1/platforms/")["Cache-Control"]
    assert "no-store" in douyin_api.get(f"/api/v1/platforms/{douyin.pk}/")["Cache-Control"]
