"""The whole OpenAPI schema, fuzzed against a live server (schemathesis, issue #17 item 7).

Every operation the schema lists is run for each side's token (an operator's write token, a
regulator's read token) on realistic data: an operator with two platforms, planned features,
filings in several states (a draft with a half-answered assessment, one signed and ready to
submit, one under review with an information request, one returned, one concluded, one with
an open rectification order and a file on it), a written notice to the operator, and a
regulator whose office has a queue and issued the notice. Requests come from the schema,
valid ones and (negative mode) invalid ones; path ids are most often real ones, so that the
fuzzer reaches past the 404. Each response must be no server error, and its status code,
content type and body must be the ones the schema declares for that operation.

Bounded and deterministic: a fixed seed, derandomized, a few examples per operation and
phase, no shrinking; CI's run is the same each time. Writes by the fuzzer (features
registered, answers saved, evidence attached, a filing submitted) only move the data on: a
409 or a reused Idempotency-Key's 422 is declared, so it passes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from typing import Any

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import strategies as st
from schemathesis import checks
from schemathesis.config import SchemathesisConfig

from api.models import Scope
from api.services import create_token
from assessments.services import save_answer, sign_assessment
from filings.models import (
    Comment,
    Filing,
    RectificationAttachment,
    RectificationItem,
    State,
)
from filings.services import attach_rectification_files, submit_filing
from notices.models import Notice
from notices.services import draft_notice
from platforms.models import Membership
from tests.builders import complete_assessment, filing_in_state, plan_feature
from tests.factories import PlatformFactory

# A live server needs committed data; ids restart at 1 so that the same requests meet the same
# rows in every run.
pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)

# Examples per operation in the fuzzing phase (the examples and coverage phases add their own,
# a bounded set each): both tokens take one to two minutes in one process.
# SCHEMATHESIS_MAX_EXAMPLES and SCHEMATHESIS_SEED run a deeper or another search locally.
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10"))
SEED = int(os.environ.get("SCHEMATHESIS_SEED", "17"))

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        "generation": {
            "mode": "all",  # valid requests, and invalid ones (negative data)
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "no-shrink": True,
            "database": "none",
        },
        "phases": {"stateful": {"enabled": False}},
    }
)

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def world(cast: dict[str, Any], douyin: Any, douyin_officer: Any, beijing_reviewer: Any) -> Any:
    """An operator's platforms, features and filings in several states; a regulator's queue."""
    PlatformFactory(operator=douyin.operator, name_en="Jianying", name_zh="剪映")

    def security_draft(title: str) -> Filing:
        filings = plan_feature(douyin, douyin_officer, title=title)
        return next(f for f in filings if f.regime.code == "cn-security-assessment")

    draft = security_draft("Voice rooms, half answered")
    question = draft.assessment.applicable_questions().first()
    save_answer(
        assessment=draft.assessment,
        question=question,
        value=question.choices[0]["value"] if question.choices else "Twelve moderators.",
        risk_rating="low",
        note="",
        by=douyin_officer,
    )
    signed = security_draft("Voice rooms, signed")  # a submission the fuzzer may make
    complete_assessment(signed.assessment, douyin_officer)
    sign_assessment(assessment=signed.assessment, by=cast["signatory"])
    filings = [draft, signed]
    for state in [
        State.SUBMITTED,
        State.UNDER_REVIEW,
        State.RETURNED,
        State.CONCLUDED,
        State.RECTIFICATION_REQUIRED,
        State.WITHDRAWN,
    ]:
        filings.append(filing_in_state(state, **cast, title=f"Live rooms ({state})"))
    resubmitted = filing_in_state(State.RETURNED, **cast, title="Face swap, resubmitted")
    submit_filing(filing=resubmitted, by=douyin_officer)
    numbered = filing_in_state(
        State.APPROVED,
        **cast,
        regime="cn-algorithm-filing",
        title="Personalised feed",
        is_recommendation=True,
    )
    filings += [resubmitted, numbered]
    under_review, rectifying = filings[3], filings[6]
    # A notice to the operator (its copy, acknowledged by the fuzzer now and then), and a
    # file on the open rectification order (taken off by the fuzzer now and then).
    notice = draft_notice(
        by=cast["supervisor"],
        authority=Membership.objects.get(user=cast["supervisor"]).authority,
        operators=[douyin.operator],
        services=[douyin],
        title="Voice-social services launched without assessment",
        reason="Voice rooms launched without the security assessment.",
        scope=Notice.Scope.LISTED,
        today=timezone.localdate(),
    )
    items = list(RectificationItem.objects.filter(order__filing=rectifying))
    attach_rectification_files(
        filing=rectifying,
        by=douyin_officer,
        files={
            items[0].pk: [SimpleUploadedFile("proof.pdf", REALISTIC["file"], "application/pdf")]
        },
    )
    request = Comment.objects.create(
        filing=under_review,
        author=beijing_reviewer,
        kind=Comment.Kind.INFORMATION_REQUEST,
        body="How many moderators at night?",
    )
    return {
        "platforms": list(douyin.operator.platforms.values_list("pk", flat=True)),
        "features": [f.planned_feature_id for f in filings],
        "filings": [f.pk for f in filings],
        "assessments": [f.assessment_id for f in filings if f.assessment_id],
        "questions": list(draft.assessment.applicable_questions().values_list("pk", flat=True)[:5]),
        "requests": [request.pk],
        # Where a write can succeed: the filing the request is on, the signed one to submit,
        # the unsigned draft's assessment (answers and evidence).
        "request filings": [under_review.pk],
        "submittable": [signed.pk],
        "unsigned": [draft.assessment_id],
        # The notices' endpoints (the operator's copy and the office's board), and the open
        # rectification order's filing, order, items and file.
        "notices": [notice.pk],
        "rectifying": [rectifying.pk],
        "orders": [i.order_id for i in items[:1]],
        "items": [i.pk for i in items],
        "files": list(
            RectificationAttachment.objects.filter(item__in=items).values_list("pk", flat=True)
        ),
    }


PROOF = b"%PDF-1.4 rectification proof\n"

# Field values the page's rules accept, put into a generated body now and then so that writes
# get past validation and their answers are checked too (a launch date in the future, a file
# whose type is sniffed as a PDF).
REALISTIC = {
    "title": "Voice rooms",
    "description": "Open voice rooms with live moderation.",
    "trigger": "launch",
    "trigger_date": None,
    "planned_launch_date": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
    "body": "Twelve moderators, in two shifts.",
    "file": b"%PDF-1.4 moderation procedure\n",
    "classification": "confidential",
}


def _pools(path: str, world: dict[str, list[int]]) -> dict[str, list[int]]:
    """The real ids for a path's parameters, by the collection the path names."""
    collection = path.removeprefix("/api/v1/").removeprefix("review/").split("/")[0]
    pools: dict[str, list[int]] = {}
    if collection in world:
        pools["pk"] = world[collection]
    # Writes: the objects that take them as often as the others.
    if path.endswith("/submit/"):
        pools["pk"] = world["submittable"] * len(pools["pk"]) + pools["pk"]
    elif "{request_pk}" in path:
        pools["pk"] = world["request filings"]
    elif "{question_pk}" in path:
        pools["pk"] = world["unsigned"] * len(pools["pk"]) + pools["pk"]
    elif "/rectification" in path:
        pools["pk"] = world["rectifying"] * len(pools["pk"]) + pools["pk"]
    if "{question_pk}" in path:
        pools["question_pk"] = world["questions"]
    if "{request_pk}" in path:
        pools["request_pk"] = world["requests"]
    for name, key in [("order_pk", "orders"), ("item_pk", "items"), ("file_pk", "files")]:
        pools[name] = world[key]
    return {name: ids for name, ids in pools.items() if "{" + name + "}" in path}


@pytest.fixture(params=["operator", "regulator"])
def token(request: pytest.FixtureRequest, douyin_officer: Any, beijing_reviewer: Any) -> str:
    """The operator's system writes; the regulator's reads."""
    owner, scope = {
        "operator": (douyin_officer, Scope.WRITE),
        "regulator": (beijing_reviewer, Scope.READ),
    }[request.param]
    return create_token(owner=owner, name="schemathesis", scope=scope, days=30)[1]


@pytest.fixture
def api_schema(live_server: Any, settings: Any, world: dict[str, list[int]], token: str) -> Any:
    settings.API_RATE_LIMIT = "100000/minute"  # the fuzzer is no client to throttle
    # Limits the fuzzer's bodies reach, so that their 413 is checked too: the realistic PDF
    # below fits, a longer generated file or JSON body does not.
    settings.EVIDENCE_MAX_BYTES = 64
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    schema = schemathesis.openapi.from_url(
        f"{live_server.url}/api/v1/schema/?format=json", config=CONFIG
    )

    @schema.hook
    def flatmap_path_parameters(context: Any, generated: dict[str, Any]) -> Any:
        """Most often the real ids (so that the request reaches past the 404), else the
        generated ones."""
        pools = _pools(context.operation.path, world)
        if not pools:
            return st.just(generated)
        real = st.fixed_dictionaries({name: st.sampled_from(ids) for name, ids in pools.items()})
        return st.one_of(real.map(lambda ids: {**generated, **ids}), st.just(generated))

    @schema.hook
    def flatmap_body(context: Any, body: Any) -> Any:
        if not isinstance(body, dict) or not REALISTIC.keys() & body.keys():
            return st.just(body)
        fixed = {name: value for name, value in REALISTIC.items() if name in body}
        return st.one_of(st.just({**body, **fixed}), st.just(body))

    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


KEYS = itertools.count(1)


@schema.parametrize()
def test_every_operation_answers_as_the_schema_says(case: Any, token: str) -> None:
    # Three requests in four get a fresh Idempotency-Key, as a client sends: the generated
    # keys repeat, and a key repeated with another request is refused (422) before the write.
    key = next(KEYS)
    if case.headers is not None and "Idempotency-Key" in case.headers and key % 4:
        case.headers["Idempotency-Key"] = f"fuzz-{key}"
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


# --- What the fuzzer found: requests the schema allowed and the server refused ---------------
def _schema() -> dict[str, Any]:
    from django.test import Client

    return Client().get("/api/v1/schema/?format=json").json()


@pytest.mark.django_db
def test_the_schema_declares_the_ids_the_server_takes(douyin_api: Any) -> None:
    """Ids were declared as any integer: the fuzzer's 0 and -1 were refused with a 400."""
    for path, operations in _schema()["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    assert parameter["schema"] == {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 2**63 - 1,
                    }, (path, parameter)
    assert douyin_api.get(f"/api/v1/filings/{2**63 - 1}/").status_code == 404
    assert douyin_api.get("/api/v1/filings/0/").status_code == 400


@pytest.mark.django_db
def test_the_schema_declares_the_idempotency_keys_the_server_takes(
    douyin_api: Any, douyin: Any, douyin_officer: Any
) -> None:
    """The key was declared as any string: the fuzzer's empty key was refused with a 400."""
    import re

    filing = plan_feature(douyin, douyin_officer)[0]
    submit = _schema()["paths"]["/api/v1/filings/{pk}/submit/"]["post"]
    (key,) = [p for p in submit["parameters"] if p["name"] == "Idempotency-Key"]
    pattern = re.compile(key["schema"]["pattern"])
    assert (key["schema"]["minLength"], key["schema"]["maxLength"]) == (1, 255)
    for refused in ["", " ", " padded", "tab\there", "naïve"]:
        assert not pattern.fullmatch(refused), refused
    for allowed in ["a", "6f1c0e3a-1f4b-4c9e-9d51-0c7e6f1d2b3a", "x" * 255, "a b"]:
        assert pattern.fullmatch(allowed)
        # Not signed: the workflow's 409, past the key's check.
        response = douyin_api.post(
            f"/api/v1/filings/{filing.pk}/submit/", {}, headers={"Idempotency-Key": allowed}
        )
        assert response.status_code == 409, response.content
    response = douyin_api.post(
        f"/api/v1/filings/{filing.pk}/submit/", {}, headers={"Idempotency-Key": "x" * 256}
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_the_schema_declares_the_page_sizes_the_server_takes(
    douyin_api: Any, beijing_api: Any
) -> None:
    """page_size was declared as any integer: the fuzzer's 0 and 201 were refused."""
    paths = _schema()["paths"]
    for path, client in [("/api/v1/filings/", douyin_api), ("/api/v1/review/queue/", beijing_api)]:
        (size,) = [p for p in paths[path]["get"]["parameters"] if p["name"] == "page_size"]
        assert (size["schema"]["minimum"], size["schema"]["maximum"]) == (1, 200)
        assert client.get(path, page_size="200").status_code == 200
        assert client.get(path, page_size="201").status_code == 400


def _declared(operation: dict[str, Any], status: int) -> bool:
    content = operation["responses"].get(str(status), {}).get("content", {})
    return "application/problem+json" in content


@pytest.mark.django_db
def test_a_body_past_the_limit_is_a_declared_413(
    douyin_api: Any, douyin: Any, settings: Any
) -> None:
    """A JSON body past DATA_UPLOAD_MAX_MEMORY_SIZE answered a 413 no write declared."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    url = f"/api/v1/platforms/{douyin.pk}/features/"
    body = {"title": "Voice rooms", "description": "x" * 2000, "planned_launch_date": "2099-01-01"}
    response = douyin_api.post(url, body)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    for path, operations in _schema()["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "put", "patch", "delete"):
                assert _declared(operation, 413), (method, path)


@pytest.mark.django_db
def test_an_accept_header_without_json_is_a_declared_406(douyin_api: Any) -> None:
    """`Accept: text/html` answered a 406 no operation declared."""
    response = douyin_api.get("/api/v1/platforms/", headers={"Accept": "text/html"})
    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+json"
    for path, operations in _schema()["paths"].items():
        for method, operation in operations.items():
            assert _declared(operation, 406), (method, path)
