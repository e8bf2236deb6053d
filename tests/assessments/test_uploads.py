"""The upload rules, with real files: sniffed type, size, names, storage, download."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Evidence
from assessments.services import AssessmentError, sign_assessment
from assessments.uploads import (
    TemporaryUpload,
    add_evidence,
    safe_original_name,
    temporary_suffix,
)
from tests.builders import complete_assessment

from .conftest import PDF, docx_bytes, png_bytes, zip_bytes

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def _upload(client, assessment, question, name, content, classification="confidential", **extra):
    data = {
        f"q{question.pk}-file": SimpleUploadedFile(name, content, "application/pdf"),
        f"q{question.pk}-classification": classification,
        **extra,
    }
    url = reverse("assessments:upload_evidence", args=[assessment.pk, question.pk])
    return client.post(url, data)


@pytest.mark.parametrize(
    ("name", "content", "sniffed"),
    [
        ("licence.pdf", PDF, "application/pdf"),
        ("screenshot.png", png_bytes(), "image/png"),
        (
            "procedure.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("notes.txt", "日志保留六个月。\n".encode(), "text/plain"),
        ("notes-gbk.txt", "日志保留六个月。\n".encode("gb18030"), "text/plain"),
        ("reviewers.csv", b"shift,reviewers\nday,120\nnight,80\n", "text/csv"),
    ],
)
def test_allowed_files_are_stored_with_their_sniffed_type_hash_and_size(
    client, douyin_officer, assessment, question, name, content, sniffed
):
    client.force_login(douyin_officer)
    response = _upload(client, assessment, question("A8"), name, content)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == sniffed
    assert evidence.size == len(content)
    import hashlib

    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.original_name == name
    assert evidence.classification == "confidential"
    # Stored under a random name, never the given one.
    assert name not in evidence.file.name
    assert evidence.file.read() == content


def test_an_html_file_renamed_pdf_is_refused_with_the_reason(
    client, douyin_officer, assessment, question
):
    client.force_login(douyin_officer)
    response = _upload(client, assessment, question("A8"), "report.pdf", HTML)
    assert response.status_code == 400
    assert "HTML" in response.text
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("report.pdf", b"just some words, not a PDF", "plain text"),
        ("archive.pdf", zip_bytes(), "application/zip"),
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 200, "not accepted"),
        ("blob.bin", bytes(range(256)) * 4, "could not be recognised"),
    ],
)
def test_disguised_or_unknown_files_are_refused(
    client, douyin_officer, assessment, question, name, content, reason
):
    client.force_login(douyin_officer)
    response = _upload(client, assessment, question("A8"), name, content)
    assert response.status_code == 400
    assert reason in response.text
    assert not Evidence.objects.exists()


def test_a_21_mb_file_is_refused_while_streaming_and_typed_answers_are_kept(
    client, douyin_officer, assessment, question
):
    client.force_login(douyin_officer)
    a1 = question("A1")
    big = PDF + b"0" * (21 * 1024 * 1024)
    response = _upload(
        client,
        assessment,
        question("A8"),
        "big.pdf",
        big,
        **{
            f"q{a1.pk}-value": "Typed before the upload",
            f"q{a1.pk}-risk": "",
            f"q{a1.pk}-note": "",
        },
    )
    assert response.status_code == 413
    assert "larger than 20 MB" in response.text
    assert "Typed before the upload" in response.text
    assert not Evidence.objects.exists()
    assert assessment.answers.get(question=a1).value == "Typed before the upload"


# Past Django's in-memory limit (2.5 MB), an upload streams to a temporary file named after
# its extension: these extensions passed the file system's 255 bytes (issue #15).
LONG_EXTENSIONS = [
    "report." + "x" * 240,
    "整改报告v1." + "最终版" * 40,
    "minutes 2021.03.15 " + "约谈纪要" * 30,
]


@pytest.mark.parametrize("name", LONG_EXTENSIONS)
def test_a_big_file_with_a_long_extension_is_stored_under_its_name(
    client, douyin_officer, assessment, question, name
):
    client.force_login(douyin_officer)
    big = PDF + b"0" * (3 * 1024 * 1024)
    assert len(big) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    response = _upload(client, assessment, question("A8"), name, big)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == name
    assert evidence.size == len(big)


def test_a_temporary_upload_keeps_only_a_short_plain_extension():
    assert temporary_suffix("report.pdf") == ".pdf"
    assert temporary_suffix("report." + "x" * 250) == ""
    assert temporary_suffix("整改报告v1.最终版") == ""
    assert temporary_suffix("no extension") == ""
    upload = TemporaryUpload("整改报告v1." + "最终版" * 40, "application/pdf", 0, None)
    try:
        assert os.path.basename(upload.temporary_file_path()).endswith(".upload")
        assert upload.name.startswith("整改报告v1.")
    finally:
        upload.close()


def test_an_empty_upload_is_refused(client, douyin_officer, assessment, question):
    client.force_login(douyin_officer)
    response = _upload(client, assessment, question("A8"), "empty.pdf", b"")
    assert response.status_code == 400
    assert not Evidence.objects.exists()


def test_a_hostile_name_is_kept_only_as_data(client, douyin_officer, assessment, question):
    client.force_login(douyin_officer)
    response = _upload(client, assessment, question("A8"), "../../etc/passwd.pdf", PDF)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert "/" not in evidence.original_name
    assert ".." not in evidence.original_name
    root = os.path.realpath(settings.STORAGES["evidence"]["OPTIONS"]["location"])
    stored = os.path.realpath(evidence.file.path)
    assert stored.startswith(root + os.sep)
    assert "passwd" not in stored


def test_safe_original_name_strips_directories_and_control_characters():
    assert safe_original_name("..\\..\\windows\\evil.pdf") == "evil.pdf"
    assert safe_original_name("a\x00b\r\n.pdf") == "ab.pdf"
    assert safe_original_name("../..") == "evidence"


def test_two_uploads_with_the_same_name_never_overwrite(
    client, douyin_officer, assessment, question
):
    client.force_login(douyin_officer)
    _upload(client, assessment, question("A8"), "same.pdf", PDF)
    _upload(client, assessment, question("A8"), "same.pdf", PDF + b"% second\n")
    first, second = Evidence.objects.order_by("pk")
    assert first.file.name != second.file.name
    assert first.file.read() == PDF


def test_download_is_an_attachment_with_the_original_name_and_nosniff(
    client, douyin_officer, assessment, question
):
    client.force_login(douyin_officer)
    _upload(client, assessment, question("A8"), "许可证 licence.pdf", PDF)
    evidence = Evidence.objects.get()
    response = client.get(reverse("assessments:download_evidence", args=[evidence.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E8%AE%B8%E5%8F%AF%E8%AF%81%20licence.pdf" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_other_operators_and_regulators_cannot_download(
    client, douyin_officer, wechat_officer, assessment, question, admin
):
    client.force_login(douyin_officer)
    _upload(client, assessment, question("A8"), "licence.pdf", PDF)
    url = reverse("assessments:download_evidence", args=[Evidence.objects.get().pk])
    for outsider in (wechat_officer, admin):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_a_signed_assessment_takes_no_new_evidence(
    douyin_officer, bytedance_signatory, assessment, question
):
    complete_assessment(assessment, douyin_officer)
    sign_assessment(assessment=assessment, by=bytedance_signatory)
    with pytest.raises(AssessmentError, match="signed"):
        add_evidence(
            assessment=assessment,
            question=question("A8"),
            upload=SimpleUploadedFile("x.pdf", PDF),
            classification="public",
            by=douyin_officer,
        )


def test_the_signatory_cannot_upload(bytedance_signatory, assessment, question):
    with pytest.raises(AssessmentError, match="compliance officers"):
        add_evidence(
            assessment=assessment,
            question=question("A8"),
            upload=SimpleUploadedFile("x.pdf", PDF),
            classification="public",
            by=bytedance_signatory,
        )


def test_an_unknown_classification_is_refused(client, douyin_officer, assessment, question):
    client.force_login(douyin_officer)
    response = _upload(client, assessment, question("A8"), "x.pdf", PDF, classification="secret")
    assert response.status_code == 400
    assert not Evidence.objects.exists()
