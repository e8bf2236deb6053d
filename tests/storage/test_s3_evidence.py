"""Evidence and rectification files in an S3-compatible bucket (moto's server, see conftest):
stored under a random name through the real upload views, streamed back through the
permission-checked download views, hidden from outsiders, never overwritten, never a URL."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from botocore.response import StreamingBody
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.urls import reverse

from assessments.models import Evidence, Question
from assessments.storage import EvidenceUrlError
from filings.models import Filing, RectificationAttachment, RectificationItem, State
from tests.builders import filing_in_state, plan_feature

from .conftest import PREFIX, Bucket

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
NAME = "营业执照 licence.pdf"
STORED_NAME = re.compile(rf"^{PREFIX}/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}$")


@pytest.fixture
def assessment(douyin: Any, douyin_officer: Any) -> Any:
    filings = plan_feature(douyin, douyin_officer)
    return next(f for f in filings if f.regime.code == "cn-security-assessment").assessment


def upload(client: Any, assessment: Any, content: bytes, name: str = NAME) -> Any:
    question = Question.objects.get(section__template=assessment.template, code="A8")
    url = reverse("assessments:upload_evidence", args=[assessment.pk, question.pk])
    data = {
        f"q{question.pk}-file": SimpleUploadedFile(name, content, "application/pdf"),
        f"q{question.pk}-classification": "confidential",
    }
    return client.post(url, data)


def download(client: Any, evidence: Evidence) -> Any:
    return client.get(reverse("assessments:download_evidence", args=[evidence.pk]))


def nothing_on_local_disk(tmp_path: Path) -> bool:
    """The suite's local evidence directory (tests/conftest.py) stays empty."""
    local = tmp_path / "evidence"
    return not local.exists() or not any(p.is_file() for p in local.rglob("*"))


# --- Evidence --------------------------------------------------------------------------------
def test_uploaded_evidence_lands_in_the_bucket_under_a_random_name_with_no_trace_of_the_given_one(
    client, douyin_officer, assessment, evidence_in_s3: Bucket, tmp_path
):
    client.force_login(douyin_officer)
    assert upload(client, assessment, PDF).status_code == 302

    evidence = Evidence.objects.get()
    [key] = evidence_in_s3.keys()
    assert STORED_NAME.match(key), key
    assert key == f"{PREFIX}/{evidence.file.name}"
    assert evidence_in_s3.read(key) == PDF
    assert hashlib.sha256(evidence_in_s3.read(key)).hexdigest() == evidence.sha256
    head = evidence_in_s3.client.head_object(Bucket=evidence_in_s3.name, Key=key)
    stored_as = repr(head) + key
    assert "licence" not in stored_as
    assert "营业执照" not in stored_as
    assert head["Metadata"] == {}
    assert head["ContentType"] == "application/octet-stream"
    assert evidence.original_name == NAME  # the name is data, in the database only
    assert nothing_on_local_disk(tmp_path)


def test_objects_get_no_acl_beyond_the_private_buckets_owner(
    client, douyin_officer, assessment, evidence_in_s3: Bucket
):
    client.force_login(douyin_officer)
    upload(client, assessment, PDF)
    [key] = evidence_in_s3.keys()
    acl = evidence_in_s3.client.get_object_acl(Bucket=evidence_in_s3.name, Key=key)
    grantees = [grant["Grantee"] for grant in acl["Grants"]]
    assert [g.get("Type") for g in grantees] == ["CanonicalUser"]
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]


def test_the_officer_downloads_the_same_bytes_streamed_from_the_bucket_through_the_view(
    client, douyin_officer, assessment, evidence_in_s3: Bucket, tmp_path, monkeypatch
):
    client.force_login(douyin_officer)
    content = PDF + os.urandom(300_000)  # several of FileResponse's blocks
    upload(client, assessment, content)
    reads: list[int | None] = []
    read = StreamingBody.read
    monkeypatch.setattr(
        StreamingBody, "read", lambda body, n=None: reads.append(n) or read(body, n)
    )

    response = download(client, Evidence.objects.get())

    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == content
    # Read from the store's response body block by block as it is sent, never whole.
    assert len(reads) > 1
    assert all(n == FileResponse.block_size for n in reads)
    assert response["Content-Length"] == str(len(content))
    assert response["Content-Disposition"].startswith("attachment;")
    assert "licence.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Location" not in response
    assert nothing_on_local_disk(tmp_path)


@pytest.mark.parametrize("outsider", ["wechat_officer", "beijing_reviewer", "admin"])
def test_an_outsider_gets_404_for_evidence_in_the_bucket(
    client, douyin_officer, assessment, evidence_in_s3, outsider, request
):
    client.force_login(douyin_officer)
    upload(client, assessment, PDF)
    evidence = Evidence.objects.get()

    client.force_login(request.getfixturevalue(outsider))

    assert download(client, evidence).status_code == 404


def test_an_upload_under_the_same_given_name_never_overwrites_the_first(
    client, douyin_officer, assessment, evidence_in_s3: Bucket
):
    client.force_login(douyin_officer)
    upload(client, assessment, PDF, "same.pdf")
    upload(client, assessment, PDF + b"% second\n", "same.pdf")

    first, second = Evidence.objects.order_by("pk")
    assert first.file.name != second.file.name
    assert len(evidence_in_s3.keys()) == 2
    assert evidence_in_s3.read(f"{PREFIX}/{first.file.name}") == PDF
    assert evidence_in_s3.read(f"{PREFIX}/{second.file.name}") == PDF + b"% second\n"


def test_the_storage_never_overwrites_an_object_even_when_another_host_wrote_it_a_moment_ago(
    evidence_in_s3: Bucket, monkeypatch
):
    storage = storages["evidence"]
    first = storage.save("2026/01/taken", ContentFile(b"first"))
    # Another host wrote the name between this host's existence check and its write: the
    # check saw nothing, the conditional write is refused by the store, a new name is used.
    monkeypatch.setattr(type(storage), "exists", lambda self, name: name == "2026/01/taken-x")
    second = storage.save("2026/01/taken", ContentFile(b"second"))

    assert first == "2026/01/taken"
    assert second != first
    assert evidence_in_s3.read(f"{PREFIX}/{first}") == b"first"
    assert evidence_in_s3.read(f"{PREFIX}/{second}") == b"second"


def test_the_storage_hands_out_no_url(evidence_in_s3: Bucket):
    storage = storages["evidence"]
    name = storage.save("2026/01/private", ContentFile(b"x"))
    with pytest.raises(EvidenceUrlError):
        storage.url(name)


def test_a_missing_object_is_file_not_found_and_a_stream_reopens_from_the_start(
    evidence_in_s3: Bucket,
):
    storage = storages["evidence"]
    with pytest.raises(FileNotFoundError):
        storage.open("2026/01/never-stored")
    name = storage.save("2026/01/twice", ContentFile(b"read me twice"))
    stream = storage.open(name)
    assert stream.read(4) == b"read"
    assert stream.open().read() == b"read me twice"
    stream.close()
    assert stream.closed


# --- Rectification files ---------------------------------------------------------------------
@pytest.fixture
def rectification(cast: dict[str, Any], evidence_in_s3: Bucket) -> tuple[Filing, RectificationItem]:
    """A filing under a rectification order; its assessment's evidence is in the bucket."""
    filing = filing_in_state(State.RECTIFICATION_REQUIRED, **cast)
    return filing, RectificationItem.objects.get(order__filing=filing)


def test_a_rectification_file_goes_to_the_bucket_and_back_to_the_officer_and_the_regulator(
    client, cast, rectification, evidence_in_s3: Bucket, tmp_path
):
    filing, item = rectification
    page = reverse("filings:rectification", args=[filing.pk])
    client.force_login(cast["officer"])
    before = set(evidence_in_s3.keys())
    response = client.post(
        page, {f"file_{item.pk}": SimpleUploadedFile("labels.pdf", PDF), "attach": "1"}
    )
    assert response.status_code == 200

    attachment = RectificationAttachment.objects.get()
    [key] = set(evidence_in_s3.keys()) - before
    assert key == f"{PREFIX}/{attachment.file.name}"
    assert STORED_NAME.match(key)
    assert "labels" not in key
    assert evidence_in_s3.read(key) == PDF
    officer_url = reverse("filings:rectification_file", args=[filing.pk, attachment.pk])
    assert b"".join(client.get(officer_url).streaming_content) == PDF

    data = {"response": "Labels added.", f"item_{item.pk}": "Done in v3."}
    assert client.post(page, data).status_code == 302
    client.force_login(cast["reviewer"])
    regulator_url = reverse("review:rectification_file", args=[attachment.pk])
    assert b"".join(client.get(regulator_url).streaming_content) == PDF
    assert nothing_on_local_disk(tmp_path)


def test_an_outsider_gets_404_for_a_rectification_file_in_the_bucket(
    client, cast, rectification, evidence_in_s3, wechat_officer, shanghai_reviewer
):
    filing, item = rectification
    client.force_login(cast["officer"])
    client.post(
        reverse("filings:rectification", args=[filing.pk]),
        {f"file_{item.pk}": SimpleUploadedFile("labels.pdf", PDF), "attach": "1"},
    )
    attachment = RectificationAttachment.objects.get()

    client.force_login(wechat_officer)
    url = reverse("filings:rectification_file", args=[filing.pk, attachment.pk])
    assert client.get(url).status_code == 404
    client.force_login(shanghai_reviewer)
    assert client.get(reverse("review:rectification_file", args=[attachment.pk])).status_code == 404


def test_a_removed_rectification_file_leaves_the_bucket(
    client, cast, rectification, evidence_in_s3: Bucket, django_capture_on_commit_callbacks
):
    filing, item = rectification
    page = reverse("filings:rectification", args=[filing.pk])
    client.force_login(cast["officer"])
    before = evidence_in_s3.keys()
    client.post(page, {f"file_{item.pk}": SimpleUploadedFile("wrong.pdf", PDF), "attach": "1"})
    attachment = RectificationAttachment.objects.get()
    assert evidence_in_s3.keys() == sorted([*before, f"{PREFIX}/{attachment.file.name}"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(page, {"remove": str(attachment.pk)})

    assert not RectificationAttachment.objects.exists()
    assert evidence_in_s3.keys() == before


# --- Configuration ---------------------------------------------------------------------------
def test_evidence_s3_bucket_switches_the_evidence_storage_to_the_private_bucket():
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "from django.core.files.storage import storages; e = storages['evidence']; "
        "print(json.dumps([s.STORAGES['evidence']['BACKEND'], e.bucket_name, e.endpoint_url, "
        "e.location, e.file_overwrite, e.default_acl, e.region_name]))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "EVIDENCE_S3_BUCKET": "filings-evidence",
        "EVIDENCE_S3_ENDPOINT_URL": "https://minio.internal:9000",
        "EVIDENCE_S3_PREFIX": "evidence",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '["assessments.storage.EvidenceS3Storage", "filings-evidence", '
        '"https://minio.internal:9000", "evidence", false, null, "us-east-1"]'
    )
