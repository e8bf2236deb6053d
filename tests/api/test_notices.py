"""Notices on the operators' side: the operator's own copy of each notice addressed to it
(never the other operators), its state as the campaign board counts it, and acknowledging
receipt through the page's service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from notices.models import Notice, NoticeRecipient
from notices.services import record_meeting
from tests.notices.conftest import issue

from .conftest import assert_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(beijing_supervisor, beijing_cac, douyin, wechat, douyin_officer, wechat_officer):
    notice = issue(
        beijing_supervisor,
        beijing_cac,
        [douyin.operator, wechat.operator],
        [douyin, wechat],
        risks_to_rectify="No real-name check\nNo moderation",
    )
    record_meeting(
        notice=notice,
        by=beijing_supervisor,
        meeting_at=timezone.now() + dt.timedelta(days=3),
        place="Beijing CAC, room 301",
        attendees="Mr Wang (CAC)",
    )
    return notice


def test_the_operator_reads_its_notices_with_the_summons_deadline_and_items(
    douyin_api, notice, douyin
):
    listed = douyin_api.get("/api/v1/notices/").json()["results"]
    assert [n["notice"]["id"] for n in listed] == [notice.pk]
    body = douyin_api.get(f"/api/v1/notices/{notice.pk}/").json()
    assert body["notice"]["number"] == notice.number
    assert body["notice"]["deadline"] == notice.deadline.isoformat()
    assert body["notice"]["risks"] == ["No real-name check", "No moderation"]
    assert body["notice"]["summons"]["place"] == "Beijing CAC, room 301"
    assert "Mr Wang" not in str(body)  # the attendees are the offices' own list
    assert body["notice"]["offices"] == [notice.offices.get().authority.name]
    assert [i["platform"] for i in body["items"]] == [douyin.pk]  # its own services only
    assert body["status"] == "notified" and body["acknowledged_at"] is None
    assert body["working_days_left"] > 0 and body["filings"] == []


def test_another_operators_copy_is_never_shown(douyin_api, notice, beijing_cac, douyin):
    # A notice to Tencent alone is a 404 for ByteDance's token, and drafts are nobody's.
    tencent_only = issue(
        notice.drafted_by,
        beijing_cac,
        [NoticeRecipient.objects.exclude(operator=douyin.operator).get().operator],
        [],
        scope=Notice.Scope.ALL_OPINION,
    )
    assert_problem(douyin_api.get(f"/api/v1/notices/{tencent_only.pk}/"), 404)
    assert_problem(douyin_api.post(f"/api/v1/notices/{tencent_only.pk}/acknowledge/"), 404)
    listed = douyin_api.get("/api/v1/notices/").json()["results"]
    assert tencent_only.pk not in [n["notice"]["id"] for n in listed]
    assert not NoticeRecipient.objects.filter(acknowledged_at__isnull=False).exists()


def test_acknowledging_records_receipt_once(douyin_api, notice, douyin):
    url = f"/api/v1/notices/{notice.pk}/acknowledge/"
    response = douyin_api.post(url, {})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "acknowledged"
    mine = NoticeRecipient.objects.get(notice=notice, operator=douyin.operator)
    assert mine.acknowledged_by.username == "douyin_officer"
    assert NoticeRecipient.objects.filter(acknowledged_at__isnull=False).count() == 1
    event = AuditEvent.objects.get(action="api.notice.acknowledged")
    assert event.data["token"] == douyin_api.token.pk
    assert AuditEvent.objects.filter(action="notice.acknowledged").count() == 1
    again = assert_problem(douyin_api.post(url, {}), 409)
    assert "already acknowledged" in again["detail"]


def test_an_acknowledgement_retried_with_its_key_gets_the_first_answer(douyin_api, notice):
    url = f"/api/v1/notices/{notice.pk}/acknowledge/"
    key = {"Idempotency-Key": "ack-1"}
    first, again = douyin_api.post(url, {}, headers=key), douyin_api.post(url, {}, headers=key)
    assert (first.status_code, again.status_code) == (200, 200)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert AuditEvent.objects.filter(action="notice.acknowledged").count() == 1


def test_bad_input_and_the_wrong_token_are_refused(douyin_api, douyin_reader, beijing_api, notice):
    url = f"/api/v1/notices/{notice.pk}/acknowledge/"
    assert_problem(douyin_api.post(url, {"acknowledged": True}), 400)
    assert_problem(douyin_api.get("/api/v1/notices/abc/"), 400)
    assert_problem(douyin_reader.post(url, {}), 403)
    assert_problem(beijing_api.get("/api/v1/notices/"), 403)
    assert not NoticeRecipient.objects.filter(acknowledged_at__isnull=False).exists()
