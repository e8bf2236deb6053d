"""The inspection pages: who reaches which page (404 for everyone else), bad input (a
message and a 4xx, nothing saved lost), and the list page's queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from inspections.models import Inspection

from .conftest import PDF, open_inspection, pdf

TODAY = timezone.localdate()

pytestmark = pytest.mark.django_db


def _form(**extra):
    data = {
        "inspected_on": dt.date.today().isoformat(),  # noqa: DTZ011 (as a browser sends it)
        "place": "ByteDance, Haidian",
        "team": "Liu Fang, reviewer",
        "findings": "Night shift understaffed.",
        "internal_notes": "Manager evasive about the log retention.",
    }
    data.update(extra)
    return data


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


# --- Opening and editing --------------------------------------------------------------------
def test_the_workspace_offers_to_record_an_inspection(as_user, concluded, beijing_reviewer):
    page = as_user(beijing_reviewer).get(reverse("review:workspace", args=[concluded.pk])).text
    assert reverse("inspections:create", args=[concluded.pk]) in page


def test_a_reviewer_opens_a_draft_with_a_file_from_the_form(
    as_user, concluded, beijing_reviewer, beijing_cac, beijing_psb
):
    client = as_user(beijing_reviewer)
    url = reverse("inspections:create", args=[concluded.pk])
    assert client.get(url).status_code == 200
    data = _form(authority=beijing_cac.pk, joint_authority=beijing_psb.pk, files=[pdf()])
    response = client.post(url, data)
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:detail", args=[inspection.pk])
    assert inspection.joint_authority == beijing_psb and inspection.files.count() == 1
    page = client.get(response["Location"]).text
    assert "Night shift understaffed." in page and "Manager evasive" in page
    assert "data-print" in page  # printable


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"inspected_on": (TODAY + dt.timedelta(days=30)).isoformat()}, "cannot be in the future"),
        ({"place": ""}, "This field is required"),
        ({"joint_authority": "shanghai"}, "offices the filing is addressed to"),
        ({"authority": "psb"}, "offices the filing is addressed to"),
        (
            {"inspected_on": (TODAY - dt.timedelta(days=400)).isoformat()},
            "before the filing was first submitted",
        ),
        ({"inspected_on": "2999-01-01"}, "Give a date between"),  # no clock runs that far
    ],
)
def test_bad_input_opens_nothing_and_keeps_what_was_typed(
    as_user, concluded, beijing_reviewer, beijing_cac, beijing_psb, shanghai_cac, extra, message
):
    ids = {"shanghai": shanghai_cac.pk, "psb": beijing_psb.pk}
    data = _form(authority=beijing_cac.pk)
    data.update({k: ids.get(v, v) for k, v in extra.items()})
    response = as_user(beijing_reviewer).post(
        reverse("inspections:create", args=[concluded.pk]), data
    )
    assert response.status_code == 400
    assert message in response.text
    assert "Night shift understaffed." in response.text
    assert not Inspection.objects.exists()


def test_a_refused_file_gives_its_reason_and_keeps_the_text(
    as_user, concluded, beijing_reviewer, beijing_cac
):
    fake = pdf("findings.pdf", b"<!doctype html><script>x</script>")
    response = as_user(beijing_reviewer).post(
        reverse("inspections:create", args=[concluded.pk]),
        _form(authority=beijing_cac.pk, files=[fake]),
    )
    assert response.status_code == 400
    assert "findings.pdf" in response.text and "Night shift understaffed." in response.text
    assert not Inspection.objects.exists()


def test_a_file_too_large_is_413_and_the_draft_is_unchanged(
    as_user, draft, beijing_reviewer, settings
):
    settings.EVIDENCE_MAX_BYTES = 10
    url = reverse("inspections:edit", args=[draft.pk])
    data = _form(place="Changed place", files=[pdf("big.pdf", PDF * 10)])
    response = as_user(beijing_reviewer).post(url, data)
    assert response.status_code == 413
    assert "Changed place" in response.text
    draft.refresh_from_db()
    assert draft.place != "Changed place" and draft.files.count() == 1


def test_an_edit_saves_and_a_bad_edit_loses_nothing(as_user, draft, beijing_reviewer):
    client = as_user(beijing_reviewer)
    url = reverse("inspections:edit", args=[draft.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(findings="First finding\nSecond finding"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.finding_lines == ["First finding", "Second finding"]
    response = client.post(url, _form(inspected_on="2999-12-31", findings="Lost?"))
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.finding_lines == ["First finding", "Second finding"]


def test_the_joint_office_edits_but_does_not_choose_who_joins(
    as_user, joint_draft, beijing_psb_reviewer, beijing_cac
):
    client = as_user(beijing_psb_reviewer)
    url = reverse("inspections:edit", args=[joint_draft.pk])
    page = client.get(url)
    assert page.status_code == 200 and "joint_authority" not in page.context["form"].fields
    response = client.post(url, _form(findings="PSB finding", joint_authority=""))
    assert response.status_code == 302
    joint_draft.refresh_from_db()
    assert joint_draft.findings == "PSB finding" and joint_draft.joint_authority is not None


def test_a_wrong_file_is_removed_from_a_draft(as_user, draft, beijing_reviewer):
    f = draft.files.get()
    response = as_user(beijing_reviewer).post(
        reverse("inspections:remove_file", args=[draft.pk, f.pk])
    )
    assert response.status_code == 302
    assert not draft.files.exists()


# --- Recording ------------------------------------------------------------------------------
def test_recording_from_the_page(as_user, draft, beijing_reviewer, douyin_officer):
    client = as_user(beijing_reviewer)
    url = reverse("inspections:record", args=[draft.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 400  # not confirmed
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert Inspection.objects.get(pk=draft.pk).is_recorded
    assert client.post(url, {"confirm": "on"}).status_code == 409
    edit = reverse("inspections:edit", args=[draft.pk])
    assert client.get(edit).status_code == 302
    response = client.post(edit, _form(findings="Rewritten"))
    assert response.status_code == 409 and "no longer changes" in response.text
    remove = reverse("inspections:remove_file", args=[draft.pk, draft.files.get().pk])
    assert client.post(remove).status_code == 409
    assert draft.files.count() == 1


def test_recording_without_findings_says_so(as_user, concluded, beijing_reviewer, beijing_cac):
    bare = open_inspection(concluded, beijing_reviewer, beijing_cac, findings="")
    response = as_user(beijing_reviewer).post(
        reverse("inspections:record", args=[bare.pk]), {"confirm": "on"}
    )
    assert response.status_code == 400
    assert "Write the findings" in response.text
    assert not Inspection.objects.get(pk=bare.pk).is_recorded


# --- Who sees what --------------------------------------------------------------------------
def test_the_officer_sees_the_recorded_inspection_on_the_filing_page(
    as_user, recorded, douyin_officer
):
    client = as_user(douyin_officer)
    page = client.get(reverse("filings:detail", args=[recorded.filing_id])).text
    assert "On-site inspections" in page
    assert "Rooms under 50 listeners" in page and "record.pdf" in page
    detail = client.get(reverse("inspections:detail", args=[recorded.pk])).text
    assert "Rooms under 50 listeners" in detail
    assert "Liu Fang" not in detail  # the team stays with the regulators
    f = recorded.files.get()
    download = client.get(reverse("inspections:file", args=[recorded.pk, f.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]
    event = AuditEvent.objects.get(action="evidence.downloaded")
    assert event.actor == douyin_officer and event.filing_id == recorded.filing_id


def test_the_internal_notes_stay_with_the_inspecting_offices(
    as_user, concluded, beijing_reviewer, beijing_cac, beijing_psb_reviewer, douyin_officer
):
    from inspections.services import record_inspection

    inspection = open_inspection(
        concluded, beijing_reviewer, beijing_cac, internal_notes="Manager evasive."
    )
    record_inspection(inspection=inspection, by=beijing_reviewer)
    url = reverse("inspections:detail", args=[inspection.pk])
    assert "Manager evasive." in as_user(beijing_reviewer).get(url).text
    other_office = as_user(beijing_psb_reviewer).get(url).text
    assert "Manager evasive." not in other_office and "Liu Fang" in other_office
    officer = as_user(douyin_officer)
    assert "Manager evasive." not in officer.get(url).text
    filing_page = officer.get(reverse("filings:detail", args=[concluded.pk])).text
    assert "Manager evasive." not in filing_page and "Liu Fang" not in filing_page


def test_a_draft_is_404_for_the_operator_and_the_other_office(
    as_user, draft, douyin_officer, beijing_psb_reviewer
):
    f = draft.files.get()
    for user in (douyin_officer, beijing_psb_reviewer):
        client = as_user(user)
        for url in (
            reverse("inspections:detail", args=[draft.pk]),
            reverse("inspections:file", args=[draft.pk, f.pk]),
            reverse("inspections:edit", args=[draft.pk]),
            reverse("inspections:record", args=[draft.pk]),
        ):
            assert client.get(url).status_code == 404, (user, url)
    page = as_user(douyin_officer).get(reverse("filings:detail", args=[draft.filing_id])).text
    assert "Rooms under 50" not in page


def test_the_other_office_reads_a_recorded_inspection_but_does_not_act_on_it(
    as_user, recorded, beijing_psb_reviewer, beijing_psb_supervisor
):
    client = as_user(beijing_psb_supervisor)
    assert client.get(reverse("inspections:detail", args=[recorded.pk])).status_code == 200
    for name in ("edit", "record", "order"):
        url = reverse(f"inspections:{name}", args=[recorded.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"confirm": "on"}).status_code == 404, name


@pytest.mark.parametrize("outsider", ["wechat_officer", "shanghai_reviewer", "admin"])
def test_outsiders_get_404_everywhere(as_user, recorded, concluded, outsider, request):
    client = as_user(request.getfixturevalue(outsider))
    f = recorded.files.get()
    urls = [
        reverse("inspections:create", args=[concluded.pk]),
        reverse("inspections:detail", args=[recorded.pk]),
        reverse("inspections:edit", args=[recorded.pk]),
        reverse("inspections:record", args=[recorded.pk]),
        reverse("inspections:order", args=[recorded.pk]),
        reverse("inspections:file", args=[recorded.pk, f.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(urls[0], _form()).status_code == 404
    assert Inspection.objects.count() == 1


def test_an_officer_cannot_open_an_inspection_of_their_own_filing(
    as_user, concluded, douyin_officer
):
    client = as_user(douyin_officer)
    url = reverse("inspections:create", args=[concluded.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("inspections:list")).status_code == 404


def test_a_draft_filing_cannot_be_inspected(as_user, people, beijing_reviewer):
    from tests.builders import filing_in_state

    draft_filing = filing_in_state("draft", **people, title="Unfiled")
    client = as_user(beijing_reviewer)
    assert client.get(reverse("inspections:create", args=[draft_filing.pk])).status_code == 404


def test_a_file_of_another_inspection_is_404_through_this_one(
    as_user, draft, under_review, beijing_reviewer, beijing_cac
):
    other = open_inspection(under_review, beijing_reviewer, beijing_cac, files=[pdf("o.pdf")])
    f = other.files.get()
    client = as_user(beijing_reviewer)
    assert client.get(reverse("inspections:file", args=[draft.pk, f.pk])).status_code == 404
    response = client.post(reverse("inspections:remove_file", args=[draft.pk, f.pk]))
    assert response.status_code == 404
    assert other.files.count() == 1


# --- The list -------------------------------------------------------------------------------
def test_the_dashboard_links_to_the_list(as_user, beijing_reviewer):
    page = as_user(beijing_reviewer).get(reverse("accounts:dashboard")).text
    assert reverse("inspections:list") in page


def test_the_list_shows_an_offices_inspections(
    as_user, draft, recorded, beijing_reviewer, beijing_psb_reviewer
):
    page = as_user(beijing_reviewer).get(reverse("inspections:list"))
    assert [i.pk for i in page.context["page"]] == [recorded.pk]
    drafts = as_user(beijing_reviewer).get(reverse("inspections:list") + "?state=draft")
    assert list(drafts.context["page"]) == []
    psb = as_user(beijing_psb_reviewer).get(reverse("inspections:list"))
    assert [i.pk for i in psb.context["page"]] == [recorded.pk]


def test_the_list_takes_as_many_queries_for_many_inspections_as_for_one(
    as_user, concluded, under_review, beijing_reviewer, beijing_cac, beijing_psb
):
    from inspections.services import record_inspection

    client = as_user(beijing_reviewer)
    url = reverse("inspections:list")
    first = open_inspection(concluded, beijing_reviewer, beijing_cac, files=[pdf()])
    record_inspection(inspection=first, by=beijing_reviewer)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n, filing in enumerate([concluded, under_review] * 3):
        open_inspection(
            filing,
            beijing_reviewer,
            beijing_cac,
            joint_authority=beijing_psb if n % 2 else None,
            files=[pdf(f"{n}.pdf", PDF + bytes([n]))],
        )
    with CaptureQueriesContext(connection) as seven:
        page = client.get(url)
    assert len(page.context["page"]) == 7
    assert len(seven) == len(one)


def test_the_upload_forms_still_check_the_csrf_token(draft, beijing_reviewer, beijing_cac):
    """The size limit goes in before the CSRF check reads the body; the check still runs."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(beijing_reviewer)
    create = reverse("inspections:create", args=[draft.filing_id])
    edit = reverse("inspections:edit", args=[draft.pk])
    assert client.post(create, _form(authority=beijing_cac.pk)).status_code == 403
    assert client.post(edit, _form(findings="Forged")).status_code == 403
    assert Inspection.objects.count() == 1
    draft.refresh_from_db()
    assert draft.findings != "Forged"


def test_a_recorded_inspection_is_on_the_filings_record_and_in_the_inbox_in_plain_words(
    recorded, douyin_officer
):
    client = Client()
    client.force_login(douyin_officer)

    page = client.get(f"/filings/{recorded.filing_id}/")
    inbox = client.get("/review/notifications/").text

    sentences = [e.sentence for e in page.context["timeline"]]
    assert "An on-site inspection of the filing was recorded." in sentences
    assert "An on-site inspection of the filing was recorded." in inbox
    assert "inspection.recorded" not in inbox
