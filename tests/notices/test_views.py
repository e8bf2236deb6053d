from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from notices.models import Notice, NoticeFiling
from notices.services import default_deadline
from platforms.models import Trigger

from .conftest import issue

pytestmark = pytest.mark.django_db
# The board's queries, whatever the number of operators (session, user, notice, offices,
# recipients with their items, filings...).
BOARD_QUERIES = 11


def _form(douyin, wechat, beijing_cac, **extra):
    data = {
        "authority": beijing_cac.pk,
        "title": "Voice rooms without assessment",
        "reason": "Launched without the security assessment.",
        "legal_basis": "2018 Art. 3(5)",
        "operators": [douyin.operator_id, wechat.operator_id],
        "scope": "listed",
        "services": [douyin.pk, wechat.pk],
        "requires_assessment": "on",
        "risks_to_rectify": "Unmoderated voice rooms",
    }
    data.update(extra)
    return data


def test_a_supervisor_issues_a_notice_from_the_form(
    client, beijing_supervisor, beijing_cac, douyin, wechat
):
    client.force_login(beijing_supervisor)
    assert client.get(reverse("notices:create")).status_code == 200
    response = client.post(reverse("notices:create"), _form(douyin, wechat, beijing_cac))
    notice = Notice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("notices:detail", args=[notice.pk])
    assert notice.is_issued and notice.recipients.count() == 2


def test_the_form_refuses_bad_input_with_a_message(
    client, beijing_supervisor, beijing_cac, douyin, wechat
):
    client.force_login(beijing_supervisor)
    response = client.post(
        reverse("notices:create"), _form(douyin, wechat, beijing_cac, services=[], operators=[])
    )
    assert response.status_code == 400
    assert b"Name the services" in response.content
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    early = _form(douyin, wechat, beijing_cac, requested_deadline=tomorrow)
    response = client.post(reverse("notices:create"), early)
    assert response.status_code == 409
    assert b"cannot be earlier" in response.content
    # A date no deadline's clock runs to is refused by the form, with the dates allowed.
    response = client.post(
        reverse("notices:create"),
        _form(douyin, wechat, beijing_cac, requested_deadline="2000-01-01"),
    )
    assert response.status_code == 400
    assert b"Give a date between" in response.content
    response = client.post(
        reverse("notices:create"), _form(douyin, wechat, beijing_cac, authority="x")
    )
    assert response.status_code == 400
    assert not Notice.objects.exists()


@pytest.mark.parametrize("field", ["operators", "services", "features"])
def test_an_id_past_a_bigint_is_a_400_not_a_500(
    field, client, beijing_supervisor, beijing_cac, douyin, wechat
):
    client.force_login(beijing_supervisor)
    data = _form(douyin, wechat, beijing_cac, **{field: ["9" * 40]})
    response = client.post(reverse("notices:create"), data)
    assert response.status_code == 400
    assert "is not a valid value" in str(response.context["form"].errors[field])
    assert not Notice.objects.exists()


def test_an_officer_cannot_open_the_notice_form(client, douyin_officer):
    client.force_login(douyin_officer)
    assert client.get(reverse("notices:create")).status_code == 404


def test_the_officer_sees_the_notice_at_once_and_acknowledges_it(client, notice, douyin_officer):
    recipient = notice.recipients.get(operator__name_en="ByteDance")
    client.force_login(douyin_officer)
    home = client.get(reverse("accounts:dashboard"))
    assert notice.number in home.content.decode()
    assert notice.number in client.get(reverse("review:notifications")).content.decode()
    page = client.get(reverse("notices:received", args=[recipient.pk]))
    assert page.status_code == 200
    assert "Tencent" not in page.content.decode()  # never the list of the others
    url = reverse("notices:acknowledge", args=[recipient.pk])
    assert client.post(url, {}).status_code == 400  # the box is not ticked
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert client.post(url, {"confirm": "on"}).status_code == 409  # once only
    recipient.refresh_from_db()
    assert recipient.acknowledged_by == douyin_officer


def test_the_officer_files_from_the_notice(client, notice, douyin_officer, douyin):
    recipient = notice.recipients.get(operator__name_en="ByteDance")
    client.force_login(douyin_officer)
    url = reverse("notices:file", args=[recipient.pk])
    page = client.get(url)
    assert notice.deadline.isoformat() in page.content.decode()
    response = client.post(
        url,
        {
            "item": recipient.items.get().pk,
            "title": "Douyin voice rooms",
            "description": "Invite-only rooms",
            # a date typed into the form is ignored: the notice fixes it
            "trigger_date": "2020-01-01",
            "trigger": "launch",
        },
    )
    link = NoticeFiling.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("filings:detail", args=[link.filing_id])
    feature = link.filing.planned_feature
    assert (feature.trigger, feature.trigger_date) == (Trigger.AUTHORITY_NOTICE, notice.issued_on)


def test_another_operator_and_other_offices_get_404(
    client, notice, wechat_officer, shanghai_reviewer, douyin_officer
):
    bytedance = notice.recipients.get(operator__name_en="ByteDance")
    client.force_login(wechat_officer)
    for name in (
        "notices:received",
        "notices:acknowledge",
        "notices:file",
        "notices:received_print",
    ):
        assert client.get(reverse(name, args=[bytedance.pk])).status_code == 404, name
    for user in (wechat_officer, shanghai_reviewer, douyin_officer):
        client.force_login(user)
        for name in ("notices:detail", "notices:board", "notices:print", "notices:follow_up"):
            assert client.get(reverse(name, args=[notice.pk])).status_code == 404, (user, name)


def test_the_board_shows_each_operator_to_the_offices_and_the_national_office(
    client, notice, beijing_reviewer, cac_reviewer, douyin_officer
):
    for user in (beijing_reviewer, cac_reviewer):
        client.force_login(user)
        page = client.get(reverse("notices:board", args=[notice.pk]))
        assert page.status_code == 200
        body = page.content.decode()
        assert "ByteDance" in body and "Tencent" in body and "Notified" in body
    filtered = client.get(reverse("notices:board", args=[notice.pk]), {"status": "overdue"})
    assert "ByteDance" not in filtered.content.decode().split('id="board"')[1]
    bad = client.get(reverse("notices:board", args=[notice.pk]), {"status": "<x>", "q": "x" * 500})
    assert bad.status_code == 200


def test_board_exports(client, notice, beijing_reviewer):
    client.force_login(beijing_reviewer)
    csv = client.get(reverse("notices:board_export", args=[notice.pk, "csv"]))
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "ByteDance" in text and "Notified" in text
    xlsx = client.get(reverse("notices:board_export", args=[notice.pk, "xlsx"]))
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
    assert client.get(reverse("notices:board_export", args=[notice.pk, "pdf"])).status_code == 404


def test_the_printable_notice_in_chinese_and_english(
    client, notice, beijing_reviewer, douyin_officer
):
    client.force_login(beijing_reviewer)
    url = reverse("notices:print", args=[notice.pk])
    assert "Written notice" in client.get(url, {"lang": "en"}).content.decode()
    assert "书面通知" in client.get(url, {"lang": "zh-hans"}).content.decode()
    client.force_login(douyin_officer)
    recipient = notice.recipients.get(operator__name_en="ByteDance")
    own = client.get(reverse("notices:received_print", args=[recipient.pk])).content.decode()
    assert notice.number in own and "腾讯" not in own


def test_a_reviewers_draft_is_signed_on_its_page(
    client, beijing_reviewer, beijing_supervisor, beijing_cac, douyin
):
    draft = issue(beijing_reviewer, beijing_cac, [douyin.operator], [douyin])
    client.force_login(beijing_reviewer)
    assert (
        client.post(reverse("notices:sign", args=[draft.pk]), {"confirm": "on"}).status_code == 409
    )
    assert client.get(reverse("notices:board", args=[draft.pk])).status_code == 404  # not issued
    client.force_login(beijing_supervisor)
    assert client.get(reverse("notices:sign", args=[draft.pk])).status_code == 200
    assert (
        client.post(reverse("notices:sign", args=[draft.pk]), {"confirm": "on"}).status_code == 302
    )
    draft.refresh_from_db()
    assert draft.is_issued


def test_meeting_and_minutes(client, notice, beijing_reviewer):
    client.force_login(beijing_reviewer)
    url = reverse("notices:meeting", args=[notice.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"meeting_place": "x"}).status_code == 400
    upload = reverse("notices:minutes_upload", args=[notice.pk])
    pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes\n", "application/pdf")
    assert client.post(upload, {"file": pdf}).status_code == 409  # no meeting yet
    response = client.post(
        url,
        {
            "meeting_at": "2021-03-18T10:00",
            "meeting_place": "Beijing CAC",
            "meeting_attendees": "x",
        },
    )
    assert response.status_code == 302
    html = SimpleUploadedFile("minutes.pdf", b"<html><script>x</script></html>", "application/pdf")
    assert client.post(upload, {"file": html}).status_code == 400
    pdf.seek(0)
    assert client.post(upload, {"file": pdf}).status_code == 302
    minutes = notice.minutes.get()
    download = client.get(reverse("notices:minutes_download", args=[notice.pk, minutes.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 minutes\n"
    assert AuditEvent.objects.filter(action="evidence.downloaded").exists()


@pytest.mark.parametrize("name", ["minutes." + "x" * 240, "约谈纪要v1." + "最终版" * 40])
def test_big_minutes_with_a_long_extension_are_attached_under_their_name(
    client, notice, beijing_reviewer, name
):
    # Past Django's in-memory limit: a temporary file named after the extension (issue #15).
    from django.conf import settings

    from notices.models import NoticeMinutes

    client.force_login(beijing_reviewer)
    meeting = {"meeting_at": "2021-03-18T10:00", "meeting_place": "Beijing CAC"}
    client.post(reverse("notices:meeting", args=[notice.pk]), {**meeting, "meeting_attendees": "x"})
    big = b"%PDF-1.4 minutes\n" + b"0" * (3 * 1024 * 1024)
    assert len(big) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    upload = SimpleUploadedFile(name, big, "application/pdf")
    response = client.post(reverse("notices:minutes_upload", args=[notice.pk]), {"file": upload})
    assert response.status_code == 302
    minutes = NoticeMinutes.objects.get()
    assert (minutes.original_name, minutes.size) == (name, len(big))


def test_minutes_past_the_size_limit_are_refused_while_they_stream_in(
    client, notice, beijing_reviewer, settings
):
    """Skipped by the upload handler once past EVIDENCE_MAX_BYTES (never written to disk
    whole, as for evidence): 413 with the limit named, not "this field is required"."""
    from notices.models import NoticeMinutes

    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(beijing_reviewer)
    meeting = {"meeting_at": "2021-03-18T10:00", "meeting_place": "Beijing CAC"}
    client.post(reverse("notices:meeting", args=[notice.pk]), {**meeting, "meeting_attendees": "x"})
    big = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes\n" + b"0" * 4096, "application/pdf")
    response = client.post(reverse("notices:minutes_upload", args=[notice.pk]), {"file": big})
    assert response.status_code == 413
    assert "larger than" in response.text
    assert "This field is required" not in response.text
    assert not NoticeMinutes.objects.exists()


def test_the_minutes_upload_still_checks_the_csrf_token(notice, beijing_reviewer):
    from django.test import Client

    from notices.models import NoticeMinutes

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(beijing_reviewer)
    pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes\n", "application/pdf")
    response = browser.post(reverse("notices:minutes_upload", args=[notice.pk]), {"file": pdf})
    assert response.status_code == 403
    assert not NoticeMinutes.objects.exists()


def test_follow_up_from_the_board(client, notice, beijing_supervisor, monkeypatch):
    from notices.views import _common

    client.force_login(beijing_supervisor)
    monkeypatch.setattr(_common, "today", lambda: notice.deadline + dt.timedelta(days=3))
    from notices.views import office

    monkeypatch.setattr(office, "today", lambda: notice.deadline + dt.timedelta(days=3))
    board = client.get(reverse("notices:board", args=[notice.pk])).content.decode()
    assert "Follow-up notice to 2 overdue operators" in board
    response = client.post(reverse("notices:follow_up", args=[notice.pk]), {"reason": ""})
    assert response.status_code == 302
    follow_up = Notice.objects.get(kind=Notice.Kind.FOLLOW_UP)
    assert follow_up.recipients.count() == 2
    assert follow_up.deadline == default_deadline(follow_up.issued_on)


def test_the_list_page(client, notice, beijing_reviewer, douyin_officer, shanghai_reviewer):
    client.force_login(beijing_reviewer)
    assert notice.number in client.get(reverse("notices:list")).content.decode()
    client.force_login(douyin_officer)
    assert notice.number in client.get(reverse("notices:list")).content.decode()
    client.force_login(shanghai_reviewer)
    assert notice.number not in client.get(reverse("notices:list")).content.decode()


def test_the_board_takes_the_same_queries_for_two_operators_or_five(
    client, notice, beijing_reviewer, beijing_supervisor, django_assert_max_num_queries
):
    from tests.factories import OperatorFactory, PlatformFactory

    client.force_login(beijing_reviewer)
    url = reverse("notices:board", args=[notice.pk])
    client.get(url)  # warm the session and the calendar
    with django_assert_max_num_queries(BOARD_QUERIES):
        client.get(url)
    operators = [OperatorFactory(name_en=f"Operator {n}") for n in range(3)]
    bigger = issue(
        beijing_supervisor,
        notice.offices.get().authority,
        operators,
        [PlatformFactory(operator=o) for o in operators],
    )
    big_url = reverse("notices:board", args=[bigger.pk])
    client.get(big_url)
    with django_assert_max_num_queries(BOARD_QUERIES):
        client.get(big_url)


def test_the_operator_never_reads_who_else_attended(
    client, notice, beijing_reviewer, douyin_officer
):
    from notices.services import record_meeting

    record_meeting(
        notice=notice,
        by=beijing_reviewer,
        meeting_at=dt.datetime(2021, 3, 18, 10, tzinfo=dt.UTC),
        place="Beijing CAC",
        attendees="Security leads of ByteDance and Tencent",
    )
    recipient = notice.recipients.get(operator__name_en="ByteDance")
    client.force_login(douyin_officer)
    for name in ("notices:received", "notices:received_print"):
        body = client.get(reverse(name, args=[recipient.pk])).content.decode()
        assert "Beijing CAC" in body and "Tencent" not in body, name
