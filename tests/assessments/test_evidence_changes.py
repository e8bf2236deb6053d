"""A draft's evidence can be removed or replaced (#15 item 5): filed files are kept for the
regulator, a wrong upload goes, the trail says who did what, and a signed assessment or
another operator's officer changes nothing."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Assessment, Evidence
from assessments.services import missing_items, sign_assessment, unsign_assessment
from audit.models import AuditEvent
from filings.models import State
from tests.builders import complete_assessment, filing_in_state

from .conftest import PDF, png_bytes

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body>not a pdf</body></html>"


def _upload(client: Any, assessment: Assessment, question: Any, name: str, content: bytes) -> Any:
    url = reverse("assessments:upload_evidence", args=[assessment.pk, question.pk])
    data = {
        f"q{question.pk}-file": SimpleUploadedFile(name, content, "application/pdf"),
        f"q{question.pk}-classification": "confidential",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.text[:500]
    return Evidence.objects.get(answer__assessment=assessment, sha256=_sha(content))


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def remove_url(evidence: Evidence) -> str:
    return reverse(
        "assessments:remove_evidence", args=[evidence.held_by.assessment_id, evidence.pk]
    )


def replace_url(evidence: Evidence) -> str:
    return reverse(
        "assessments:replace_evidence", args=[evidence.held_by.assessment_id, evidence.pk]
    )


def _replace(client: Any, evidence: Evidence, name: str, content: bytes, **extra: Any) -> Any:
    data = {"file": SimpleUploadedFile(name, content, "application/pdf"), **extra}
    data.setdefault("classification", "public")
    return client.post(replace_url(evidence), data)


def _stored(evidence: Evidence) -> bool:
    return evidence.file.storage.exists(evidence.file.name)


@pytest.fixture
def officer(client: Any, douyin_officer: Any) -> Any:
    client.force_login(douyin_officer)
    return client


@pytest.fixture
def draft_file(officer: Any, assessment: Assessment, question: Any) -> Evidence:
    """A file uploaded to A8 of the draft, never filed."""
    return _upload(officer, assessment, question("A8"), "licence.pdf", PDF)


@pytest.fixture
def returned(cast: dict[str, Any]) -> Any:
    """A filing returned to the filer, its assessment reopened: a draft again, whose files
    revision 1 names."""
    filing = filing_in_state(State.RETURNED, **cast)
    unsign_assessment(assessment=filing.assessment, by=cast["officer"])
    return filing


# --- Removing -----------------------------------------------------------------------------
def test_officer_sees_what_removing_a_draft_file_does_before_doing_it(officer, draft_file):
    page = officer.get(remove_url(draft_file))
    assert page.status_code == 200
    assert "licence.pdf" in page.text
    assert draft_file.sha256 in page.text
    assert "deleted" in page.text
    assert 'name="csrfmiddlewaretoken"' in page.text
    assert Evidence.objects.filter(pk=draft_file.pk).exists()


def test_removing_a_file_no_revision_names_deletes_it_and_the_trail_says_who_and_what(
    officer, draft_file, douyin_officer, django_capture_on_commit_callbacks
):
    stored = draft_file.file.name
    storage = draft_file.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(remove_url(draft_file))
    assert response.status_code == 302
    assert response["Location"].endswith("#q-A8")
    assert not Evidence.objects.filter(pk=draft_file.pk).exists()
    assert not storage.exists(stored)
    event = AuditEvent.objects.get(action="evidence.removed")
    assert event.actor == douyin_officer
    assert event.object_id == str(draft_file.pk)
    assert event.data["name"] == "licence.pdf"
    assert event.data["sha256"] == _sha(PDF)
    assert event.data["question"] == "A8"
    assert event.data["kept"] is False
    section = officer.get(response["Location"])
    assert "is removed from A8 and deleted" in section.text
    assert reverse("assessments:download_evidence", args=[draft_file.pk]) not in section.text


def test_removing_a_file_a_filed_revision_names_keeps_it_for_the_regulator(
    returned, douyin_officer, beijing_reviewer, django_capture_on_commit_callbacks
):
    from django.test import Client

    officer = Client()
    officer.force_login(douyin_officer)
    assessment = returned.assessment
    filed = Evidence.objects.filter(answer__assessment=assessment).first()
    answer, stored = filed.answer, filed.file.name
    assert "kept" in officer.get(remove_url(filed)).text

    with django_capture_on_commit_callbacks(execute=True):
        assert officer.post(remove_url(filed)).status_code == 302

    filed.refresh_from_db()
    assert filed.is_detached
    assert filed.detached_from == answer
    assert filed.detached_by == douyin_officer
    assert filed.file.storage.exists(stored)
    # No current list counts it: the next check asks for evidence again.
    assert not answer.evidence.filter(pk=filed.pk).exists()
    assert any(
        m.question == answer.question and m.what == "evidence" for m in missing_items(assessment)
    )
    assert AuditEvent.objects.get(action="evidence.removed").data["kept"] is True
    # The regulator still downloads the file revision 1 names.
    regulator = Client()
    regulator.force_login(beijing_reviewer)
    download = regulator.get(reverse("review:evidence", args=[returned.pk, filed.sha256]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # And so does the operator's officer, from the record.
    mine = officer.get(reverse("assessments:download_evidence", args=[filed.pk]))
    assert mine.status_code == 200


def test_a_library_copy_keeps_the_stored_object_when_its_source_is_removed(
    officer, assessment, question, draft_file, django_capture_on_commit_callbacks
):
    from assessments.evidence import attach_from_library

    copy = attach_from_library(
        assessment=assessment,
        question=question("B4"),
        source_id=draft_file.pk,
        classification="confidential",
        by=draft_file.uploaded_by,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert officer.post(remove_url(draft_file)).status_code == 302
    assert _stored(copy), "another row still names the stored object"
    with django_capture_on_commit_callbacks(execute=True):
        assert officer.post(remove_url(copy)).status_code == 302
    assert not copy.file.storage.exists(copy.file.name)


# --- Replacing ------------------------------------------------------------------------------
def test_replacing_puts_the_new_upload_in_place_and_the_trail_names_both_files(
    officer, draft_file, douyin_officer, django_capture_on_commit_callbacks
):
    answer = draft_file.answer
    page = officer.get(replace_url(draft_file))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = _replace(officer, draft_file, "licence-2026.png", png_bytes())
    assert response.status_code == 302
    new = answer.evidence.get()
    assert new.original_name == "licence-2026.png"
    assert new.content_type == "image/png"
    assert new.sha256 == _sha(png_bytes())
    assert new.classification == "public"
    assert not Evidence.objects.filter(pk=draft_file.pk).exists()
    event = AuditEvent.objects.get(action="evidence.replaced")
    assert event.actor == douyin_officer
    assert event.object_id == str(new.pk)
    assert event.data["sha256"] == new.sha256
    assert event.data["replaced"] == {
        "id": draft_file.pk,
        "name": "licence.pdf",
        "sha256": _sha(PDF),
        "size": len(PDF),
        "kept": False,
    }


def test_replacing_a_filed_file_keeps_the_old_one_detached(returned, douyin_officer):
    from django.test import Client

    officer = Client()
    officer.force_login(douyin_officer)
    filed = Evidence.objects.filter(answer__assessment=returned.assessment).first()
    answer = filed.answer
    assert _replace(officer, filed, "new.pdf", PDF + b"% v2\n").status_code == 302
    filed.refresh_from_db()
    assert filed.detached_from == answer and _stored(filed)
    assert [e.original_name for e in answer.evidence.all()] == ["new.pdf"]
    assert AuditEvent.objects.get(action="evidence.replaced").data["replaced"]["kept"] is True


@pytest.mark.parametrize(
    ("data", "status", "said"),
    [
        ({"file": None}, 400, "required"),
        ({"content": HTML, "name": "report.pdf"}, 400, "HTML"),
        ({"content": b""}, 400, "empty"),
        ({"content": PDF}, 400, "same"),
        ({"classification": "secret"}, 400, "valid choice"),
    ],
)
def test_a_refused_replacement_says_why_and_changes_nothing(
    officer, draft_file, data, status, said
):
    before = list(Evidence.objects.values_list("pk", "sha256"))
    if "file" in data:
        response = officer.post(replace_url(draft_file), {"classification": "public"})
    else:
        response = _replace(
            officer,
            draft_file,
            data.get("name", "new.pdf"),
            data.get("content", PDF + b"% other\n"),
            **({"classification": data["classification"]} if "classification" in data else {}),
        )
    assert response.status_code == status
    assert said in response.text
    assert list(Evidence.objects.values_list("pk", "sha256")) == before
    assert not AuditEvent.objects.filter(action="evidence.replaced").exists()


def test_a_replacement_past_the_size_limit_is_refused_with_413(officer, draft_file, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    response = _replace(officer, draft_file, "big.pdf", PDF + b"0" * 2048)
    assert response.status_code == 413
    assert "larger than" in response.text
    assert Evidence.objects.get().pk == draft_file.pk


# --- After sign-off or submission -----------------------------------------------------------
def test_after_sign_off_removing_and_replacing_are_refused_and_nothing_changes(
    officer, assessment, draft_file, douyin_officer, bytedance_signatory
):
    complete_assessment(assessment, douyin_officer)
    sign_assessment(assessment=assessment, by=bytedance_signatory)
    page = officer.get(remove_url(draft_file))
    assert "signed" in page.text
    assert "Remove the file" not in page.text
    before = list(Evidence.objects.values_list("pk", "answer_id", "sha256"))

    removed = officer.post(remove_url(draft_file))
    replaced = _replace(officer, draft_file, "new.pdf", PDF + b"% v2\n")

    for response in (removed, replaced):
        assert response.status_code == 409
        assert "signed" in response.text
    assert list(Evidence.objects.values_list("pk", "answer_id", "sha256")) == before
    assert not AuditEvent.objects.filter(action__in=["evidence.removed", "evidence.replaced"])


def test_a_submitted_filings_files_cannot_be_removed(cast, client, douyin_officer):
    filing = filing_in_state(State.SUBMITTED, **cast)
    filed = Evidence.objects.filter(answer__assessment=filing.assessment).first()
    client.force_login(douyin_officer)
    assert client.post(remove_url(filed)).status_code == 409
    assert _replace(client, filed, "new.pdf", PDF + b"% v2\n").status_code == 409
    filed.refresh_from_db()
    assert not filed.is_detached


# --- Who may ----------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["wechat_officer", "beijing_reviewer", "admin"])
def test_others_get_404_and_change_nothing(client, request, who, draft_file):
    client.force_login(request.getfixturevalue(who))
    for url in (remove_url(draft_file), replace_url(draft_file)):
        assert client.get(url).status_code == 404
    assert client.post(remove_url(draft_file)).status_code == 404
    assert _replace(client, draft_file, "x.pdf", PDF + b"% x\n").status_code == 404
    assert Evidence.objects.filter(pk=draft_file.pk, answer__isnull=False).exists()


def test_a_regulator_of_the_filing_gets_404_on_the_officers_pages(
    returned, beijing_reviewer, client
):
    filed = Evidence.objects.filter(answer__assessment=returned.assessment).first()
    client.force_login(beijing_reviewer)
    assert client.get(remove_url(filed)).status_code == 404
    assert client.post(remove_url(filed)).status_code == 404
    assert client.post(replace_url(filed), {"classification": "public"}).status_code == 404


def test_the_signatory_reads_but_may_not_remove(client, bytedance_signatory, draft_file):
    client.force_login(bytedance_signatory)
    assert "compliance officers" in client.get(remove_url(draft_file)).text
    assert client.post(remove_url(draft_file)).status_code == 403
    assert Evidence.objects.filter(pk=draft_file.pk).exists()


def test_a_file_of_another_assessment_or_a_bad_id_is_404(officer, draft_file, cast):
    other = filing_in_state(State.DRAFT, **cast, title="Another feature").assessment
    wrong = reverse("assessments:remove_evidence", args=[other.pk, draft_file.pk])
    assert officer.get(wrong).status_code == 404
    assert officer.post(wrong).status_code == 404
    for bad in ("abc", "99999999999999999999999", "-1", "%C2%B2"):
        url = f"/assessments/{draft_file.held_by.assessment_id}/evidence/{bad}/remove/"
        assert officer.post(url).status_code == 404, bad
    assert Evidence.objects.filter(pk=draft_file.pk).exists()


def test_the_section_offers_replace_and_remove_only_while_editable(
    officer, assessment, draft_file, douyin_officer, bytedance_signatory
):
    section = reverse("assessments:section", args=[assessment.pk, "A"])
    page = officer.get(section).text
    assert remove_url(draft_file) in page and replace_url(draft_file) in page
    complete_assessment(assessment, douyin_officer)
    sign_assessment(assessment=assessment, by=bytedance_signatory)
    page = officer.get(section).text
    assert remove_url(draft_file) not in page and replace_url(draft_file) not in page
