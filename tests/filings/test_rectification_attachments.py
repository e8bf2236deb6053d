"""Files as evidence in the officer's response to a rectification order: the evidence upload
rules, storage, download by the officer and by the regulator, who may not, the audit trail,
and the freeze once the response is sent."""

from __future__ import annotations

import hashlib
import os
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from filings.models import (
    Filing,
    RectificationAttachment,
    RectificationFrozenError,
    RectificationItem,
    RectificationOrder,
    State,
)
from filings.services import FilingError, attach_rectification_files, remove_rectification_file
from tests.builders import filing_in_state

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture
def filing(cast: dict[str, Any]) -> Filing:
    return filing_in_state(State.RECTIFICATION_REQUIRED, **cast)


@pytest.fixture
def item(filing: Filing) -> RectificationItem:
    return RectificationItem.objects.get(order__filing=filing)


@pytest.fixture
def officer(client: Client, douyin_officer: Any) -> Client:
    client.force_login(douyin_officer)
    return client


def _page(filing: Filing) -> str:
    return reverse("filings:rectification", args=[filing.pk])


def _post(
    client: Client, filing: Filing, item: RectificationItem, name: str, content: bytes, **data: Any
) -> Any:
    upload = SimpleUploadedFile(name, content, "application/pdf")
    return client.post(_page(filing), {f"file_{item.pk}": upload, **data})


def _attach(client: Client, filing: Filing, item: RectificationItem, name: str, content: bytes):
    return _post(client, filing, item, name, content, attach="1")


def _send(client: Client, filing: Filing, item: RectificationItem) -> None:
    data = {"response": "Labels added.", f"item_{item.pk}": "Done in v3."}
    assert client.post(_page(filing), data).status_code == 302


def _officer_download(filing: Filing, attachment: RectificationAttachment) -> str:
    return reverse("filings:rectification_file", args=[filing.pk, attachment.pk])


def _regulator_download(attachment: RectificationAttachment) -> str:
    return reverse("review:rectification_file", args=[attachment.pk])


def test_officer_attaches_a_real_pdf_stored_like_evidence(officer, filing, item):
    response = _attach(officer, filing, item, "labels.pdf", PDF)
    assert response.status_code == 200
    attachment = RectificationAttachment.objects.get()
    assert attachment.item == item
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.original_name == "labels.pdf"
    assert "labels" not in attachment.file.name  # a random name, never the given one
    assert attachment.file.read() == PDF
    assert "labels.pdf" in response.text
    assert attachment.sha256[:12] in response.text
    assert RectificationOrder.objects.get().status == RectificationOrder.Status.OPEN
    event = AuditEvent.objects.get(action="rectification.file_attached")
    assert event.filing_id == filing.pk
    assert event.data["sha256"] == attachment.sha256


def test_an_html_file_renamed_pdf_is_refused_with_the_reason_and_the_typed_text_kept(
    officer, filing, item
):
    response = _post(
        officer,
        filing,
        item,
        "evidence.pdf",
        HTML,
        response="Typed before the upload",
        **{f"item_{item.pk}": "Item text typed before"},
    )
    assert response.status_code == 400
    assert "HTML" in response.text
    assert "evidence.pdf" in response.text
    assert "Typed before the upload" in response.text
    assert "Item text typed before" in response.text
    assert not RectificationAttachment.objects.exists()
    assert RectificationOrder.objects.get().status == RectificationOrder.Status.OPEN


def test_a_21_mb_file_is_refused_while_streaming_and_the_typed_text_kept(officer, filing, item):
    big = PDF + b"0" * (21 * 1024 * 1024)
    response = _post(officer, filing, item, "big.pdf", big, response="Typed before the big upload")
    assert response.status_code == 413
    assert "larger than 20 MB" in response.text
    assert "Typed before the big upload" in response.text
    assert not RectificationAttachment.objects.exists()
    assert RectificationOrder.objects.get().status == RectificationOrder.Status.OPEN


@pytest.mark.parametrize("name", ["labels." + "x" * 240, "整改报告v1." + "最终版" * 40])
def test_a_big_file_with_a_long_extension_is_attached_under_its_name(officer, filing, item, name):
    # Past Django's in-memory limit: a temporary file named after the extension (issue #15).
    big = PDF + b"0" * (3 * 1024 * 1024)
    assert len(big) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    response = _attach(officer, filing, item, name, big)
    assert response.status_code == 200
    attachment = RectificationAttachment.objects.get()
    assert (attachment.original_name, attachment.size) == (name, len(big))


def test_a_hostile_name_is_kept_only_as_data(officer, filing, item):
    assert _attach(officer, filing, item, "../../etc/passwd.pdf", PDF).status_code == 200
    attachment = RectificationAttachment.objects.get()
    assert attachment.original_name == "passwd.pdf"
    root = os.path.realpath(settings.STORAGES["evidence"]["OPTIONS"]["location"])
    stored = os.path.realpath(attachment.file.path)
    assert stored.startswith(root + os.sep)
    assert "passwd" not in stored


def test_attaching_without_choosing_a_file_says_so(officer, filing):
    response = officer.post(_page(filing), {"attach": "1", "response": "Kept"})
    assert response.status_code == 400
    assert "Choose a file to attach first." in response.text
    assert "Kept" in response.text


def test_the_same_file_posted_again_is_kept_once(officer, filing, item):
    _attach(officer, filing, item, "labels.pdf", PDF)
    _attach(officer, filing, item, "labels-again.pdf", PDF)
    assert RectificationAttachment.objects.count() == 1


def test_sending_the_response_with_a_file_attaches_it(officer, filing, item):
    _attach(officer, filing, item, "first.pdf", PDF)
    response = _post(
        officer, filing, item, "second.pdf", PDF + b"% second\n", response="Labels added."
    )
    assert response.status_code == 302
    order = RectificationOrder.objects.get()
    assert order.status == RectificationOrder.Status.RESPONDED
    names = set(RectificationAttachment.objects.values_list("original_name", flat=True))
    assert names == {"first.pdf", "second.pdf"}
    assert AuditEvent.objects.get(action="filing.rectification_responded").data["files"] == 2


def test_a_refused_file_does_not_send_the_response(officer, filing, item):
    response = _post(officer, filing, item, "evidence.pdf", HTML, response="Labels added.")
    assert response.status_code == 400
    assert RectificationOrder.objects.get().status == RectificationOrder.Status.OPEN
    assert "Labels added." in response.text


def test_officer_removes_a_wrong_file_before_sending(
    officer, filing, item, django_capture_on_commit_callbacks
):
    _attach(officer, filing, item, "wrong.pdf", PDF)
    attachment = RectificationAttachment.objects.get()
    storage, stored_name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(_page(filing), {"remove": str(attachment.pk), "response": "Kept"})
    assert response.status_code == 200
    assert "Kept" in response.text
    assert not RectificationAttachment.objects.exists()
    assert not storage.exists(stored_name)
    assert AuditEvent.objects.filter(action="rectification.file_removed").count() == 1


@pytest.mark.parametrize("pk", ["\u00b2", "9" * 40, "-1"])
def test_removing_a_malformed_file_id_says_so_and_removes_nothing(officer, filing, item, pk):
    _attach(officer, filing, item, "kept.pdf", PDF)
    response = officer.post(_page(filing), {"remove": pk, "response": "Kept"})
    assert response.status_code == 409
    assert "no longer attached" in response.text
    assert RectificationAttachment.objects.count() == 1


def test_no_upload_or_removal_after_the_response_is_sent(officer, filing, item, douyin_officer):
    _attach(officer, filing, item, "labels.pdf", PDF)
    _send(officer, filing, item)
    attachment = RectificationAttachment.objects.get()
    assert _attach(officer, filing, item, "late.pdf", PDF + b"% late\n").status_code == 404
    with pytest.raises(FilingError, match="no open rectification order"):
        attach_rectification_files(
            filing=filing,
            by=douyin_officer,
            files={item.pk: [SimpleUploadedFile("late.pdf", PDF + b"% late\n")]},
        )
    with pytest.raises(FilingError, match="no open rectification order"):
        remove_rectification_file(filing=filing, attachment_id=attachment.pk, by=douyin_officer)
    with pytest.raises(RectificationFrozenError):
        attachment.delete()
    assert list(RectificationAttachment.objects.all()) == [attachment]


def test_only_the_operators_officers_attach_files(filing, item, bytedance_signatory):
    with pytest.raises(FilingError, match="compliance officers"):
        attach_rectification_files(
            filing=filing,
            by=bytedance_signatory,
            files={item.pk: [SimpleUploadedFile("labels.pdf", PDF)]},
        )
    assert not RectificationAttachment.objects.exists()


def test_the_officer_and_the_regulator_download_the_file_as_an_attachment(
    officer, filing, item, beijing_reviewer
):
    _attach(officer, filing, item, "labels.pdf", PDF)
    _send(officer, filing, item)
    attachment = RectificationAttachment.objects.get()
    assert "labels.pdf" in officer.get(reverse("filings:detail", args=[filing.pk])).text
    regulator = Client()
    regulator.force_login(beijing_reviewer)
    workspace = regulator.get(reverse("review:workspace", args=[filing.pk])).text
    assert "labels.pdf" in workspace
    assert attachment.sha256[:12] in workspace
    assert _regulator_download(attachment) in workspace
    for client, url in (
        (officer, _officer_download(filing, attachment)),
        (regulator, _regulator_download(attachment)),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment;")
        assert "labels.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF


def test_each_download_is_audited(officer, filing, item, douyin_officer, beijing_reviewer):
    _attach(officer, filing, item, "labels.pdf", PDF)
    _send(officer, filing, item)
    attachment = RectificationAttachment.objects.get()
    officer.get(_officer_download(filing, attachment))
    regulator = Client()
    regulator.force_login(beijing_reviewer)
    regulator.get(_regulator_download(attachment))
    events = AuditEvent.objects.filter(action="evidence.downloaded").order_by("id")
    assert [e.actor for e in events] == [douyin_officer, beijing_reviewer]
    for event in events:
        assert event.object_type == "filings.rectificationattachment"
        assert event.object_id == str(attachment.pk)
        assert event.filing_id == filing.pk
        assert event.data["sha256"] == attachment.sha256


@pytest.mark.parametrize("outsider", ["wechat_officer", "shanghai_reviewer", "admin"])
def test_outsiders_get_404_on_both_downloads(officer, filing, item, outsider, request):
    _attach(officer, filing, item, "labels.pdf", PDF)
    _send(officer, filing, item)
    attachment = RectificationAttachment.objects.get()
    client = Client()
    client.force_login(request.getfixturevalue(outsider))
    for url in (_officer_download(filing, attachment), _regulator_download(attachment)):
        assert client.get(url).status_code == 404, url
    assert not AuditEvent.objects.filter(action="evidence.downloaded").exists()


def test_the_regulator_sees_no_file_of_a_response_not_yet_sent(
    officer, filing, item, beijing_reviewer
):
    _attach(officer, filing, item, "draft.pdf", PDF)
    attachment = RectificationAttachment.objects.get()
    regulator = Client()
    regulator.force_login(beijing_reviewer)
    assert regulator.get(_regulator_download(attachment)).status_code == 404
    assert "draft.pdf" not in regulator.get(reverse("review:workspace", args=[filing.pk])).text


def test_the_response_page_reads_in_chinese(officer, filing):
    officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    # The request activates Chinese for this thread; the override puts the language back
    # so that later tests read English messages.
    with translation.override("en"):
        page = officer.get(_page(filing)).text
    assert "附加所选文件" in page
    assert "第 1 项的文件" in page


# --- Several items, a refused file, the draft (issue #15) ---------------------------------
@pytest.fixture
def second_item(item: RectificationItem) -> RectificationItem:
    return RectificationItem.objects.create(
        order=item.order, number=2, text="Keep the complaint logs for six months."
    )


def _two_items(item, second_item, bad_name: str, bad: bytes, **data: Any) -> dict[str, Any]:
    return {
        f"file_{item.pk}": SimpleUploadedFile("labels.pdf", PDF, "application/pdf"),
        f"file_{second_item.pk}": SimpleUploadedFile(bad_name, bad, "application/pdf"),
        "response": "Labels added; logs kept.",
        f"item_{item.pk}": "Labels on every effect since v3.",
        f"item_{second_item.pk}": "Log retention raised to 180 days.",
        **data,
    }


@pytest.mark.parametrize("button", [{"attach": "1"}, {}], ids=["attach", "send"])
def test_a_refused_file_keeps_the_other_items_files_names_file_and_item_and_the_text(
    officer, filing, item, second_item, button
):
    data = _two_items(item, second_item, "logs.pdf", HTML, **button)
    response = officer.post(_page(filing), data)
    assert response.status_code == 400
    assert "logs.pdf (item 2) is not attached" in response.text
    assert "HTML" in response.text
    assert "1 file is attached." in response.text
    stored = RectificationAttachment.objects.get()
    assert (stored.item, stored.original_name) == (item, "labels.pdf")
    for typed in ("Labels added; logs kept.", "since v3.", "raised to 180 days."):
        assert typed in response.text
    assert RectificationOrder.objects.get().status == RectificationOrder.Status.OPEN


def test_typed_text_survives_a_refused_file_and_a_reload_and_is_then_sent(
    officer, filing, item, second_item
):
    officer.post(_page(filing), _two_items(item, second_item, "logs.pdf", HTML))
    page = officer.get(_page(filing)).text
    for typed in ("Labels added; logs kept.", "since v3.", "raised to 180 days."):
        assert typed in page
    order = RectificationOrder.objects.get()
    assert order.status == RectificationOrder.Status.OPEN
    assert order.responded_at is None
    # The draft went with the page: sending needs nothing typed again.
    data = {
        "response": order.response,
        f"item_{item.pk}": "Labels on every effect since v3.",
        f"item_{second_item.pk}": "Log retention raised to 180 days.",
    }
    assert officer.post(_page(filing), data).status_code == 302
    order.refresh_from_db()
    assert order.status == RectificationOrder.Status.RESPONDED
    assert RectificationItem.objects.get(pk=second_item.pk).response.startswith("Log")


def test_attaching_or_removing_keeps_the_typed_text_as_a_draft(officer, filing, item):
    _attach(officer, filing, item, "labels.pdf", PDF)
    officer.post(_page(filing), {"attach": "1", "response": "Half written", f"item_{item.pk}": "x"})
    assert RectificationOrder.objects.get().response == "Half written"
    attachment = RectificationAttachment.objects.get()
    officer.post(_page(filing), {"remove": str(attachment.pk), "response": "Rewritten"})
    assert RectificationOrder.objects.get().response == "Rewritten"
    assert "Rewritten" in officer.get(_page(filing)).text


def test_sending_without_a_response_keeps_the_items_text_as_a_draft(officer, filing, item):
    response = officer.post(_page(filing), {"response": "", f"item_{item.pk}": "Item typed"})
    assert response.status_code == 400
    assert "Item typed" in officer.get(_page(filing)).text
    assert RectificationOrder.objects.get().status == RectificationOrder.Status.OPEN


def test_the_regulator_never_reads_a_draft_response(officer, filing, item, beijing_reviewer):
    data = {"attach": "1", "response": "Secret draft", f"item_{item.pk}": "Draft item text"}
    officer.post(_page(filing), data)
    regulator = Client()
    regulator.force_login(beijing_reviewer)
    page = regulator.get(reverse("review:workspace", args=[filing.pk])).text
    assert "Secret draft" not in page
    assert "Draft item text" not in page
    own = officer.get(reverse("filings:detail", args=[filing.pk])).text
    assert "Draft, not sent" in own and "Secret draft" in own


def test_a_too_large_file_is_named_with_its_item_and_the_other_files_kept(
    officer, filing, item, second_item
):
    big = PDF + b"0" * (21 * 1024 * 1024)
    response = officer.post(_page(filing), _two_items(item, second_item, "big.pdf", big))
    assert response.status_code == 413
    assert "big.pdf is not attached" in response.text
    assert "larger than 20 MB" in response.text
    assert RectificationAttachment.objects.get().original_name == "labels.pdf"
    assert RectificationOrder.objects.get().status == RectificationOrder.Status.OPEN


def test_an_empty_file_is_refused_by_name_and_the_others_in_its_input_kept(officer, filing, item):
    files = [
        SimpleUploadedFile("empty.pdf", b"", "application/pdf"),
        SimpleUploadedFile("labels.pdf", PDF, "application/pdf"),
    ]
    response = officer.post(_page(filing), {f"file_{item.pk}": files, "attach": "1"})
    assert response.status_code == 400
    assert "empty.pdf (item 1) is not attached: The file is empty." in response.text
    assert RectificationAttachment.objects.get().original_name == "labels.pdf"


def test_with_two_offices_orders_open_the_page_shows_the_one_a_response_answers(
    officer, filing, beijing_psb_reviewer
):
    """One open order per office: when both offices of a joint review conclude with a
    rectification, each orders its own (services.review._order_from). The page answered a
    500 then (two rows where it asked for one); it shows the newest, the one a response
    answers (services.open_order), and the other one once that is answered."""
    import datetime as dt

    from django.utils import timezone

    from platforms.models import Membership

    psb = Membership.objects.get(user=beijing_psb_reviewer).authority
    psb_order = RectificationOrder.objects.create(
        filing=filing,
        authority=psb,
        issued_by=beijing_psb_reviewer,
        issued_at=timezone.now(),
        due_date=timezone.localdate() + dt.timedelta(days=30),
    )
    psb_item = RectificationItem.objects.create(
        order=psb_order, number=1, text="Keep the real-name records for six months."
    )
    first = RectificationOrder.objects.exclude(pk=psb_order.pk).get(filing=filing, status="open")
    assert RectificationOrder.objects.filter(filing=filing, status="open").count() == 2

    page = officer.get(_page(filing))
    assert page.status_code == 200
    assert psb_item.text in page.text
    sent = officer.post(
        _page(filing), {"response": "Records kept.", f"item_{psb_item.pk}": "Six months."}
    )
    assert sent.status_code == 302
    psb_order.refresh_from_db()
    assert psb_order.status == RectificationOrder.Status.RESPONDED
    page = officer.get(_page(filing))
    assert page.status_code == 200
    assert first.items.get().text in page.text
