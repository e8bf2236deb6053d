"""The public register: no login, the published fields only (a whitelist)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from filings import services
from filings.models import Comment, State
from tests.review.conftest import client_for  # noqa: F401

S = State
PUBLIC_KEYS = {"filing_number", "operator", "platform", "name", "regime", "date", "status"}


@pytest.fixture
def make(cast: dict[str, Any], cac_reviewer: Any, cac_supervisor: Any) -> Any:
    """Douyin's algorithm filings: the register lists what the national CAC filed (a security
    assessment ends in written conclusions, never on the register). The Beijing CAC passes
    the first review on the way; the national CAC's people decide."""
    from tests.builders import filing_in_state

    algorithm = {
        **cast,
        "regime": "cn-algorithm-filing",
        "reviewer": cac_reviewer,
        "supervisor": cac_supervisor,
    }
    counter = iter(range(100))
    return lambda state, **kw: filing_in_state(
        state, **algorithm, **{"title": f"Feature {next(counter)}", **kw}
    )


def feed(client: Any, query: str = "") -> list[dict[str, Any]]:
    response = client.get(f"/register/register.json{query}")
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))["entries"]


def test_register_needs_no_login_and_lists_approved_filings(client, make, cast):
    from tests.builders import filing_in_state

    approved = make(S.APPROVED)
    make(S.PENDING_APPROVAL)
    make(S.REJECTED)
    # A security assessment every office accepted is concluded, with no number to list.
    filing_in_state(S.CONCLUDED, **cast, title="Assessed feature")
    response = client.get("/register/")
    assert response.status_code == 200
    assert approved.filing_number in response.text
    assert [e["filing_number"] for e in feed(client)] == [approved.filing_number]


def test_json_feed_holds_exactly_the_published_fields(client, make, beijing_reviewer):
    filing = make(S.APPROVED, title="Face swap")
    services.comment_on_filing(filing=filing, by=beijing_reviewer, body="SECRET-COMMENT")
    (entry,) = feed(client)
    assert set(entry) == PUBLIC_KEYS
    assert entry["status"] == "approved"
    assert entry["name"] == "Face swap"
    text = json.dumps(entry, ensure_ascii=False) + client.get("/register/").text
    people = ("beijing_reviewer", "beijing_supervisor", "cac_reviewer", "cac_supervisor")
    for secret in ("SECRET-COMMENT", *people, "procedure.pdf"):
        assert secret not in text
    assert not Comment.objects.filter(body__in=list(entry.values())).exists()


def test_statuses_cancelled_revoked_changed(client, make, cac_supervisor):
    cancelled = make(S.CANCELLED)
    revoked = make(S.REVOKED)
    changed = make(S.CHANGE_PENDING)
    pending = feed(client)
    assert {e["filing_number"]: e["status"] for e in pending}[changed.filing_number] == "approved"
    services.accept_change(filing=changed, by=cac_supervisor)
    statuses = {e["filing_number"]: e["status"] for e in feed(client)}
    assert statuses == {
        cancelled.filing_number: "cancelled",
        revoked.filing_number: "revoked",
        changed.filing_number: "changed",
    }


def test_search_by_number_or_name_in_page_and_feeds(client, make):
    a = make(S.APPROVED, title="Voice room")
    b = make(S.APPROVED, title="Face swap")
    assert [e["filing_number"] for e in feed(client, "?q=voice")] == [a.filing_number]
    assert [e["filing_number"] for e in feed(client, f"?q={b.filing_number}")] == [b.filing_number]
    page = client.get("/register/?q=voice").text
    assert a.filing_number in page and b.filing_number not in page


def test_csv_feed_has_the_same_rows_and_columns(client, make):
    filing = make(S.APPROVED, title="=cmd")
    response = client.get("/register/register.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert set(rows[0]) == PUBLIC_KEYS
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["filing_number"] == filing.filing_number
    assert record["name"] == "'=cmd"


def test_bad_page_numbers_are_not_a_500(client, db):
    assert client.get("/register/?page=zzz").status_code == 200
    assert client.get("/register/?page=99999").status_code == 200
