"""Hostile JSON to every write and hostile ids to every endpoint: never a 500, always a
problem document."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import plan_feature

pytestmark = pytest.mark.django_db

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=50),
    st.sampled_from(["2030-01-01", "2020-02-30", "launch", "yes", "1e5000", "\x00", "🙂"]),
)
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.text(max_size=5), scalars, max_size=2),
)
FIELDS = [
    "title",
    "description",
    "trigger",
    "trigger_date",
    "is_deep_synthesis",
    "planned_launch_date",
    "value",
    "risk_rating",
    "note",
    "body",
    "state",
    "operator",
]
bodies = st.one_of(st.dictionaries(st.sampled_from(FIELDS), values, max_size=6), values)
ids = st.one_of(
    st.integers(min_value=-5, max_value=2**64).map(str),
    st.text(
        alphabet=st.characters(blacklist_characters="/?#%", blacklist_categories=("Cs",)),
        min_size=1,
        max_size=12,
    ),
)
FUZZ = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


def _is_problem(response: Any) -> None:
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"


@pytest.fixture
def targets(douyin, douyin_officer) -> list[str]:
    filing = next(
        f for f in plan_feature(douyin, douyin_officer) if f.regime.code == "cn-security-assessment"
    )
    question = filing.assessment.applicable_questions().first()
    return [
        f"/api/v1/platforms/{douyin.pk}/features/",
        f"/api/v1/assessments/{filing.assessment_id}/answers/{question.pk}/",
        f"/api/v1/filings/{filing.pk}/submit/",
    ]


def test_hostile_bodies_never_cause_a_server_error(douyin_api, targets):
    @FUZZ
    @given(body=bodies, index=st.integers(min_value=0, max_value=len(targets) - 1))
    def send(body: Any, index: int) -> None:
        url = targets[index]
        method = "put" if "/answers/" in url else "post"
        _is_problem(douyin_api.send(method, url, raw=json.dumps(body)))

    send()


def test_hostile_ids_and_queries_never_cause_a_server_error(douyin_api, beijing_api):
    @FUZZ
    @given(
        pk=ids,
        query=st.dictionaries(
            st.sampled_from(["state", "cursor", "page_size", "due", "sort", "q", "due_before"]),
            st.text(max_size=20),
            max_size=3,
        ),
    )
    def send(pk: str, query: dict[str, str]) -> None:
        _is_problem(douyin_api.get(f"/api/v1/filings/{pk}/"))
        _is_problem(douyin_api.get("/api/v1/filings/", **query))
        _is_problem(beijing_api.get("/api/v1/review/queue/", **query))
        _is_problem(beijing_api.get(f"/api/v1/review/filings/{pk}/"))

    send()


def test_hostile_input_to_the_rectification_notice_and_board_endpoints_never_fails(
    douyin_api, beijing_api, cast
):
    from filings.models import State
    from tests.builders import filing_in_state

    filing = filing_in_state(State.RECTIFICATION_REQUIRED, **cast, title="Voice rooms")
    responses = bodies | st.fixed_dictionaries(
        {"response": values}, optional={"items": st.lists(values, max_size=3) | values}
    )

    @FUZZ
    @given(
        body=responses,
        pk=ids,
        query=st.dictionaries(
            st.sampled_from(["from", "to", "status", "q", "cursor", "page_size"]),
            st.text(max_size=20),
            max_size=3,
        ),
    )
    def send(body: Any, pk: str, query: dict[str, str]) -> None:
        url = f"/api/v1/filings/{filing.pk}/rectification/respond/"
        _is_problem(douyin_api.send("post", url, raw=json.dumps(body)))
        _is_problem(douyin_api.get(f"/api/v1/filings/{pk}/rectification-orders/", **query))
        _is_problem(douyin_api.get(f"/api/v1/notices/{pk}/"))
        _is_problem(douyin_api.send("post", f"/api/v1/notices/{pk}/acknowledge/", raw="{}"))
        _is_problem(beijing_api.get(f"/api/v1/review/filings/{filing.pk}/diff/", **query))
        _is_problem(beijing_api.get(f"/api/v1/review/filings/{pk}/diff/", **query))
        _is_problem(beijing_api.get(f"/api/v1/review/notices/{pk}/board/", **query))
        _is_problem(beijing_api.get("/api/v1/review/notices/", **query))

    send()
