"""The regulators' side: the diff between two revisions of a filing addressed to the office,
as the workspace computes it, and the office's notices with their campaign boards. Another
office's filing or notice is a 404; an operator's token a 403."""

from __future__ import annotations

import pytest

from assessments.models import Answer
from filings import services
from filings.models import State
from notices.models import Notice
from notices.services import acknowledge_notice
from tests.builders import filing_in_state
from tests.notices.conftest import issue

from .conftest import assert_problem, client_for

pytestmark = pytest.mark.django_db


# --- The revision diff ------------------------------------------------------------------------
@pytest.fixture
def resubmitted(cast, douyin_officer):
    """Returned, one answer rewritten, resubmitted: revisions 1 and 2."""
    filing = filing_in_state(State.RETURNED, **cast, title="Voice rooms")
    answer = Answer.objects.filter(assessment=filing.assessment).select_related("question")[0]
    Answer.objects.filter(pk=answer.pk).update(value="Rewritten after the return.")
    services.submit_filing(filing=filing, by=douyin_officer)
    filing.changed_code = answer.question.code
    return filing


def _diff(api, filing, **query):
    return api.get(f"/api/v1/review/filings/{filing.pk}/diff/", **query)


def test_the_diff_shows_what_changed_since_the_previous_revision(beijing_api, resubmitted):
    response = _diff(beijing_api, resubmitted)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["old"]["number"], body["new"]["number"]) == (1, 2)
    changed = [a for a in body["answers"] if a["status"] != "unchanged"]
    assert [a["question"] for a in changed] == [resubmitted.changed_code]
    assert changed[0]["changed_fields"] == ["value"]
    assert changed[0]["new_value"] == "Rewritten after the return."
    assert body["changed"] == 1


def test_from_and_to_choose_the_revisions(beijing_api, resubmitted):
    first = _diff(beijing_api, resubmitted, to="1").json()
    assert first["old"] is None and first["new"]["number"] == 1
    assert first["changed"] == 0
    explicit = _diff(beijing_api, resubmitted, **{"from": "1", "to": "2"}).json()
    assert explicit["changed"] == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"to": "3"}, "to"),
        ({"from": "7", "to": "2"}, "from"),
        ({"from": "2", "to": "1"}, "from"),
        ({"from": "2", "to": "2"}, "from"),
        ({"to": "abc"}, "to"),
        ({"from": "-1"}, "from"),
        ({"to": "9" * 40}, "to"),
    ],
)
def test_a_bad_revision_number_is_400_naming_the_field(beijing_api, resubmitted, query, field):
    body = assert_problem(_diff(beijing_api, resubmitted, **query), 400)
    assert [e["field"] for e in body["errors"]] == [field]


def test_another_office_and_the_operators_token_get_no_diff(
    shanghai_api, douyin_api, resubmitted, cast
):
    assert_problem(_diff(shanghai_api, resubmitted), 404)
    assert_problem(_diff(douyin_api, resubmitted), 403)


def test_a_draft_has_no_diff_for_the_office(beijing_api, cast):
    draft = filing_in_state(State.DRAFT, **cast, title="Still a draft")
    assert_problem(_diff(beijing_api, draft), 404)


# --- Notices and the campaign board -----------------------------------------------------------
@pytest.fixture
def notice(beijing_supervisor, beijing_cac, douyin, wechat, douyin_officer, wechat_officer):
    notice = issue(
        beijing_supervisor, beijing_cac, [douyin.operator, wechat.operator], [douyin, wechat]
    )
    acknowledge_notice(recipient=notice.recipients.get(operator=douyin.operator), by=douyin_officer)
    return notice


def _board(api, notice, **query):
    return api.get(f"/api/v1/review/notices/{notice.pk}/board/", **query)


def test_the_board_shows_each_operator_and_where_it_stands(beijing_api, notice, douyin, wechat):
    body = _board(beijing_api, notice).json()
    assert body["notice"]["number"] == notice.number
    assert body["total"] == 2
    states = {row["operator"]: row["status"] for row in body["rows"]}
    assert states == {douyin.operator_id: "acknowledged", wechat.operator_id: "notified"}
    counts = {c["status"]: c["count"] for c in body["counts"]}
    assert (counts["acknowledged"], counts["notified"], counts["overdue"]) == (1, 1, 0)
    row = next(r for r in body["rows"] if r["operator"] == douyin.operator_id)
    assert row["acknowledged_at"] and row["items"][0]["platform"] == douyin.pk


def test_the_board_filters_as_the_page_does(beijing_api, notice, wechat):
    only = _board(beijing_api, notice, status="notified").json()
    assert [r["operator"] for r in only["rows"]] == [wechat.operator_id]
    assert only["total"] == 2  # the counts stay the whole board's
    by_name = _board(beijing_api, notice, q="tencent").json()
    assert [r["operator"] for r in by_name["rows"]] == [wechat.operator_id]
    assert_problem(_board(beijing_api, notice, status="lost"), 400)
    assert_problem(_board(beijing_api, notice, q="x" * 101), 400)


def test_the_office_lists_its_notices_drafts_included(
    beijing_api, notice, beijing_reviewer, beijing_cac, douyin
):
    draft = issue(beijing_reviewer, beijing_cac, [douyin.operator], [douyin])
    assert draft.state == Notice.State.DRAFT
    listed = beijing_api.get("/api/v1/review/notices/").json()["results"]
    assert {n["id"]: n["state"] for n in listed} == {notice.pk: "issued", draft.pk: "draft"}
    assert_problem(_board(beijing_api, draft), 404)  # a draft has no board yet


def test_another_office_and_an_operator_get_no_board(shanghai_api, douyin_api, notice):
    assert_problem(_board(shanghai_api, notice), 404)
    assert shanghai_api.get("/api/v1/review/notices/").json()["results"] == []
    assert_problem(_board(douyin_api, notice), 403)
    assert_problem(douyin_api.get("/api/v1/review/notices/"), 403)


def test_the_national_office_sees_every_issued_notice(cac_reviewer, notice):
    national = client_for(cac_reviewer, "read")
    assert _board(national, notice).status_code == 200
    listed = national.get("/api/v1/review/notices/").json()["results"]
    assert [n["id"] for n in listed] == [notice.pk]
