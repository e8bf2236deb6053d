"""Evidence through the API: the page's rules (sniffed type, size cap, hash, never
overwritten), refused after sign-off."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Evidence
from assessments.services import sign_assessment
from audit.models import AuditEvent
from tests.builders import complete_assessment, plan_feature

from .conftest import assert_problem

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 the moderation procedure\n"


@pytest.fixture
def draft(douyin, douyin_officer):
    return next(
        f for f in plan_feature(douyin, douyin_officer) if f.regime.code == "cn-security-assessment"
    )


def _url(filing, question=None) -> str:
    question = (
        question or filing.assessment.applicable_questions().filter(evidence_required=True).first()
    )
    return f"/api/v1/assessments/{filing.assessment_id}/answers/{question.pk}/evidence/"


def _upload(api, url, content=PDF, name="procedure.pdf", headers=None, **fields):
    data = {"file": SimpleUploadedFile(name, content), **fields}
    return api.client.post(url, data, **api._headers(headers))


def test_a_pdf_is_stored_with_its_hash(douyin_api, draft):
    response = _upload(douyin_api, _url(draft), classification="confidential")
    assert response.status_code == 201, response.content
    body = response.json()
    evidence = Evidence.objects.get()
    assert (body["sha256"], body["content_type"]) == (evidence.sha256, "application/pdf")
    assert evidence.original_name == "procedure.pdf"
    event = AuditEvent.objects.get(action="api.evidence.uploaded")
    assert event.data["token"] == douyin_api.token.pk
    assert AuditEvent.objects.filter(action="evidence.uploaded").exists()


def test_a_file_of_another_type_is_refused_whatever_its_name(douyin_api, draft):
    body = assert_problem(_upload(douyin_api, _url(draft), b"MZ\x90\x00binary", "a.pdf"), 400)
    assert body["errors"][0]["field"] == "file"
    assert_problem(_upload(douyin_api, _url(draft), b"", "empty.pdf"), 400)
    assert not Evidence.objects.exists()


def test_a_file_past_the_limit_is_413(douyin_api, draft, settings):
    settings.EVIDENCE_MAX_BYTES = 10
    assert_problem(_upload(douyin_api, _url(draft)), 413)
    assert not Evidence.objects.exists()


def test_a_json_body_or_a_missing_file_is_refused(douyin_api, draft):
    assert_problem(douyin_api.post(_url(draft), {"file": "x"}), 415)
    response = douyin_api.client.post(
        _url(draft), {"classification": "public"}, **douyin_api._headers(None)
    )
    assert_problem(response, 400)
    assert_problem(_upload(douyin_api, _url(draft), classification="secret"), 400)


def test_after_sign_off_evidence_is_refused(douyin_api, draft, bytedance_signatory):
    complete_assessment(draft.assessment, draft.created_by)
    sign_assessment(assessment=draft.assessment, by=bytedance_signatory)
    count = Evidence.objects.count()
    assert_problem(_upload(douyin_api, _url(draft)), 409)
    assert Evidence.objects.count() == count


def test_a_retried_upload_is_stored_once(douyin_api, draft):
    url = _url(draft)
    first = _upload(douyin_api, url, headers={"Idempotency-Key": "upload-1"})
    again = _upload(douyin_api, url, headers={"Idempotency-Key": "upload-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Evidence.objects.count() == 1
    other = _upload(douyin_api, url, b"%PDF-1.4 another\n", headers={"Idempotency-Key": "upload-1"})
    assert_problem(other, 422)


def test_another_operators_assessment_is_404(douyin_api, wechat, wechat_officer):
    theirs = next(
        f for f in plan_feature(wechat, wechat_officer) if f.regime.code == "cn-security-assessment"
    )
    assert_problem(_upload(douyin_api, _url(theirs)), 404)
    assert not Evidence.objects.exists()


def test_a_read_token_cannot_upload(douyin_reader, draft):
    assert_problem(_upload(douyin_reader, _url(draft)), 403)
