"""Rectification orders on the operators' side: read as the filer reads them on the filing
page, files attached under the evidence rules, the response sent through the page's service;
another operator's ids are a 404, a regulator's token a 403, a read token writing a 403."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from filings.models import RectificationAttachment, RectificationOrder, State
from tests.builders import filing_in_state

from .conftest import assert_problem

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 the new labels\n"


@pytest.fixture
def rectifying(cast):
    return filing_in_state(State.RECTIFICATION_REQUIRED, **cast, title="Voice rooms")


def _order(filing) -> RectificationOrder:
    return filing.rectification_orders.get()


def _files_url(filing, item) -> str:
    return f"/api/v1/filings/{filing.pk}/rectification/items/{item.pk}/files/"


def _attach(api, url, content=PDF, name="labels.pdf", headers=None):
    data = {"file": SimpleUploadedFile(name, content)}
    return api.client.post(url, data, **api._headers(headers))


def _respond_url(filing) -> str:
    return f"/api/v1/filings/{filing.pk}/rectification/respond/"


# --- Reading ----------------------------------------------------------------------------------
def test_the_filer_reads_what_was_ordered_by_when_and_its_state(douyin_api, rectifying):
    order = _order(rectifying)
    body = douyin_api.get(f"/api/v1/filings/{rectifying.pk}/rectification-orders/").json()
    assert [o["id"] for o in body["results"]] == [order.pk]
    one = douyin_api.get(f"/api/v1/filings/{rectifying.pk}/rectification-orders/{order.pk}/")
    assert one.status_code == 200
    data = one.json()
    assert data["status"] == "open" and data["sent"] is False
    assert data["due_date"] == order.due_date.isoformat()
    assert data["authority"] == order.authority.name
    item = order.items.get()
    assert data["items"] == [
        {
            "id": item.pk,
            "number": item.number,
            "text": item.text,
            "question": item.question.code if item.question else None,
            "response": "",
            "files": [],
        }
    ]


def test_another_operators_token_gets_404_for_the_orders(wechat_api, rectifying):
    order = _order(rectifying)
    item = order.items.get()
    base = f"/api/v1/filings/{rectifying.pk}"
    assert_problem(wechat_api.get(f"{base}/rectification-orders/"), 404)
    assert_problem(wechat_api.get(f"{base}/rectification-orders/{order.pk}/"), 404)
    assert_problem(_attach(wechat_api, _files_url(rectifying, item)), 404)
    assert_problem(wechat_api.post(_respond_url(rectifying), {"response": "Done."}), 404)
    assert not RectificationAttachment.objects.exists()
    assert _order(rectifying).status == RectificationOrder.Status.OPEN


def test_an_order_of_another_filing_is_404(douyin_api, rectifying, cast):
    other = filing_in_state(State.RECTIFICATION_REQUIRED, **cast, title="Live co-hosting")
    foreign = _order(other)
    url = f"/api/v1/filings/{rectifying.pk}/rectification-orders/{foreign.pk}/"
    assert_problem(douyin_api.get(url), 404)
    assert_problem(_attach(douyin_api, _files_url(rectifying, foreign.items.get())), 404)


def test_a_regulators_token_is_refused_on_the_operators_side(beijing_api, rectifying):
    response = beijing_api.get(f"/api/v1/filings/{rectifying.pk}/rectification-orders/")
    assert_problem(response, 403)


# --- Attaching files --------------------------------------------------------------------------
def test_a_file_is_attached_under_the_evidence_rules_and_audited(douyin_api, rectifying):
    item = _order(rectifying).items.get()
    response = _attach(douyin_api, _files_url(rectifying, item))
    assert response.status_code == 201, response.content
    attachment = RectificationAttachment.objects.get()
    assert response.json()["sha256"] == attachment.sha256
    assert attachment.content_type == "application/pdf"
    event = AuditEvent.objects.get(action="api.rectification.file_attached")
    assert event.data["token"] == douyin_api.token.pk
    assert AuditEvent.objects.filter(action="rectification.file_attached").exists()
    # The same content again is kept once.
    again = _attach(douyin_api, _files_url(rectifying, item))
    assert again.status_code == 200
    assert RectificationAttachment.objects.count() == 1


def test_a_file_of_another_type_or_empty_is_refused_with_its_reason(douyin_api, rectifying):
    url = _files_url(rectifying, _order(rectifying).items.get())
    body = assert_problem(_attach(douyin_api, url, b"MZ\x90\x00binary", "labels.pdf"), 400)
    assert body["errors"][0]["field"] == "file"
    assert "labels.pdf" in body["errors"][0]["message"]
    assert_problem(_attach(douyin_api, url, b"", "empty.pdf"), 400)
    missing = douyin_api.client.post(url, {}, **douyin_api._headers(None))
    assert assert_problem(missing, 400)["errors"][0]["field"] == "file"
    assert not RectificationAttachment.objects.exists()


def test_a_file_past_the_limit_is_413(douyin_api, rectifying, settings):
    settings.EVIDENCE_MAX_BYTES = 10
    url = _files_url(rectifying, _order(rectifying).items.get())
    assert_problem(_attach(douyin_api, url, PDF * 10), 413)
    assert not RectificationAttachment.objects.exists()


def test_a_read_token_may_not_attach_or_respond(douyin_reader, rectifying):
    url = _files_url(rectifying, _order(rectifying).items.get())
    assert_problem(_attach(douyin_reader, url), 403)
    assert_problem(douyin_reader.post(_respond_url(rectifying), {"response": "Done."}), 403)
    assert _order(rectifying).status == RectificationOrder.Status.OPEN


def test_an_attach_retried_with_its_key_changes_nothing_twice(douyin_api, rectifying):
    url = _files_url(rectifying, _order(rectifying).items.get())
    key = {"Idempotency-Key": "attach-1"}
    first = _attach(douyin_api, url, headers=key)
    again = _attach(douyin_api, url, headers=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert AuditEvent.objects.filter(action="api.rectification.file_attached").count() == 1


# --- Responding -------------------------------------------------------------------------------
def test_the_response_is_sent_with_the_items_and_files(douyin_api, rectifying):
    order = _order(rectifying)
    item = order.items.get()
    assert _attach(douyin_api, _files_url(rectifying, item)).status_code == 201
    response = douyin_api.post(
        _respond_url(rectifying),
        {"response": "Labels added.", "items": [{"item": item.pk, "response": "Done."}]},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["status"], body["sent"]) == (order.pk, "responded", True)
    assert body["items"][0]["response"] == "Done."
    assert [f["original_name"] for f in body["items"][0]["files"]] == ["labels.pdf"]
    order.refresh_from_db()
    assert (order.status, order.response) == (RectificationOrder.Status.RESPONDED, "Labels added.")
    event = AuditEvent.objects.get(action="api.rectification.responded")
    assert event.data["token"] == douyin_api.token.pk
    assert event.filing_id == rectifying.pk
    assert AuditEvent.objects.filter(action="filing.rectification_responded").exists()
    # The files are frozen now, and a second response finds no open order.
    again = assert_problem(douyin_api.post(_respond_url(rectifying), {"response": "More."}), 409)
    assert "no open rectification order" in again["detail"]
    assert_problem(_attach(douyin_api, _files_url(rectifying, item), b"%PDF-1.4 more\n"), 409)


def test_bad_responses_are_400_with_the_fields(douyin_api, rectifying, cast):
    url = _respond_url(rectifying)
    assert assert_problem(douyin_api.post(url, {}), 400)["errors"][0]["field"] == "response"
    assert_problem(douyin_api.post(url, {"response": "  "}), 400)
    assert_problem(douyin_api.post(url, {"response": "x", "state": "approved"}), 400)
    assert_problem(douyin_api.post(url, {"response": "x", "items": "all"}), 400)
    other = _order(filing_in_state(State.RECTIFICATION_REQUIRED, **cast, title="Other"))
    foreign = {"response": "x", "items": [{"item": other.items.get().pk, "response": "y"}]}
    body = assert_problem(douyin_api.post(url, foreign), 400)
    assert body["errors"][0]["field"] == "items.0.item"
    assert_problem(douyin_api.post(url, raw="{not json"), 400)
    assert _order(rectifying).status == RectificationOrder.Status.OPEN


def test_a_filing_without_an_open_order_refuses_the_response_with_409(douyin_api, cast):
    submitted = filing_in_state(State.SUBMITTED, **cast, title="Open channels")
    body = assert_problem(douyin_api.post(_respond_url(submitted), {"response": "x"}), 409)
    assert body["type"].endswith("/conflict")


def test_a_response_retried_with_its_key_gets_the_first_answer(douyin_api, rectifying):
    key = {"Idempotency-Key": "respond-1"}
    first = douyin_api.post(_respond_url(rectifying), {"response": "Labels added."}, headers=key)
    again = douyin_api.post(_respond_url(rectifying), {"response": "Labels added."}, headers=key)
    assert (first.status_code, again.status_code) == (200, 200)
    assert again["Idempotent-Replayed"] == "true"
    assert AuditEvent.objects.filter(action="api.rectification.responded").count() == 1


# --- Removing a file --------------------------------------------------------------------------
def _remove_url(filing, attachment) -> str:
    return f"/api/v1/filings/{filing.pk}/rectification/files/{attachment.pk}/"


def _delete(api, url, headers=None):
    return api.client.delete(url, **api._headers(headers))


def test_a_wrong_file_is_taken_off_before_the_response_is_sent(douyin_api, rectifying):
    item = _order(rectifying).items.get()
    _attach(douyin_api, _files_url(rectifying, item))
    attachment = RectificationAttachment.objects.get()
    response = _delete(douyin_api, _remove_url(rectifying, attachment))
    assert response.status_code == 200, response.content
    assert response.json()["sha256"] == attachment.sha256
    assert not RectificationAttachment.objects.exists()
    event = AuditEvent.objects.get(action="api.rectification.file_removed")
    assert event.data["token"] == douyin_api.token.pk
    assert AuditEvent.objects.filter(action="rectification.file_removed").exists()
    assert_problem(_delete(douyin_api, _remove_url(rectifying, attachment)), 404)


def test_a_sent_responses_files_stay(douyin_api, rectifying):
    item = _order(rectifying).items.get()
    _attach(douyin_api, _files_url(rectifying, item))
    douyin_api.post(_respond_url(rectifying), {"response": "Labels added."})
    attachment = RectificationAttachment.objects.get()
    assert_problem(_delete(douyin_api, _remove_url(rectifying, attachment)), 409)
    assert RectificationAttachment.objects.filter(pk=attachment.pk).exists()


def test_removing_is_refused_to_other_operators_and_read_tokens(
    douyin_api, douyin_reader, wechat_api, beijing_api, rectifying
):
    _attach(douyin_api, _files_url(rectifying, _order(rectifying).items.get()))
    url = _remove_url(rectifying, RectificationAttachment.objects.get())
    assert_problem(_delete(wechat_api, url), 404)
    assert_problem(_delete(douyin_reader, url), 403)
    assert_problem(_delete(beijing_api, url), 403)
    assert_problem(
        _delete(douyin_api, f"/api/v1/filings/{rectifying.pk}/rectification/files/x/"), 400
    )
    assert RectificationAttachment.objects.count() == 1


def test_a_removal_retried_with_its_key_gets_the_first_answer(douyin_api, rectifying):
    _attach(douyin_api, _files_url(rectifying, _order(rectifying).items.get()))
    url = _remove_url(rectifying, RectificationAttachment.objects.get())
    key = {"Idempotency-Key": "remove-1"}
    first, again = _delete(douyin_api, url, key), _delete(douyin_api, url, key)
    assert (first.status_code, again.status_code) == (200, 200)
    assert again["Idempotent-Replayed"] == "true"
    assert AuditEvent.objects.filter(action="api.rectification.file_removed").count() == 1
