"""The regulators' side: the office's queue, filtered and paged by keyset, and a filing with
its revisions."""

from __future__ import annotations

import pytest

from filings.models import State
from tests.builders import filing_in_state

from .conftest import assert_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(cast):
    return [
        filing_in_state(State.SUBMITTED, **cast, title="Voice rooms"),
        filing_in_state(State.UNDER_REVIEW, **cast, title="Live co-hosting"),
        filing_in_state(State.PENDING_APPROVAL, **cast, title="Open channels"),
    ]


def _ids(body):
    return [f["id"] for f in body["results"]]


def test_the_queue_lists_the_offices_submitted_filings(beijing_api, three, cast):
    draft = filing_in_state(State.DRAFT, **cast, title="Still a draft")
    body = beijing_api.get("/api/v1/review/queue/").json()
    assert set(_ids(body)) == {f.pk for f in three}
    assert draft.pk not in _ids(body)
    row = body["results"][0]
    assert {"reference", "state", "next_due", "operator_name", "office_review_state"} <= set(row)


def test_the_queue_filters_by_state(beijing_api, three):
    body = beijing_api.get("/api/v1/review/queue/", state="submitted").json()
    assert _ids(body) == [three[0].pk]
    both = beijing_api.get("/api/v1/review/queue/", state="submitted,pending_approval").json()
    assert set(_ids(both)) == {three[0].pk, three[2].pk}
    assert_problem(beijing_api.get("/api/v1/review/queue/", state="bogus"), 400)
    assert_problem(beijing_api.get("/api/v1/review/queue/", due="someday"), 400)
    assert beijing_api.get("/api/v1/review/queue/", due="overdue").json()["results"] == []


def test_the_queue_pages_by_keyset(beijing_api, three):
    seen = []
    url = None
    for _ in range(4):
        body = (
            beijing_api.client.get(url, **beijing_api._headers(None)).json()
            if url
            else beijing_api.get("/api/v1/review/queue/", page_size="2").json()
        )
        seen += _ids(body)
        url = body["next"]
        if not url:
            break
    assert sorted(seen) == sorted(f.pk for f in three)
    assert len(seen) == len(set(seen))
    assert_problem(beijing_api.get("/api/v1/review/queue/", cursor="xyz"), 400)
    assert_problem(beijing_api.get("/api/v1/review/queue/", page_size="1000"), 400)


def test_a_filing_with_its_revisions(beijing_api, three):
    filing = three[1]
    body = beijing_api.get(f"/api/v1/review/filings/{filing.pk}/").json()
    assert body["state"] == State.UNDER_REVIEW
    assert [r["number"] for r in body["revisions"]] == [1]
    assert body["revisions"][0]["snapshot"]["answers"]
    assert body["office_review_state"]


def test_regulators_cannot_write(beijing_reviewer, three):
    from .conftest import client_for

    api = client_for(beijing_reviewer, "write")
    assert_problem(api.post(f"/api/v1/review/filings/{three[0].pk}/"), 405)
