"""The operator's evidence library (#15 item 5): an officer attaches a file the operator
already uploaded, to any draft of its own, without uploading it again; only that operator's
files are listed or accepted."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Evidence, Question
from assessments.services import sign_assessment
from assessments.uploads import add_evidence
from audit.models import AuditEvent
from filings.models import State
from tests.builders import complete_assessment, filing_in_state, plan_feature

from .conftest import PDF, png_bytes

pytestmark = pytest.mark.django_db


def _q(assessment: Assessment, code: str) -> Question:
    return Question.objects.get(section__template=assessment.template, code=code)


def _file(assessment: Assessment, code: str, by: Any, name: str, content: bytes) -> Evidence:
    return add_evidence(
        assessment=assessment,
        question=_q(assessment, code),
        upload=SimpleUploadedFile(name, content, "application/pdf"),
        classification="confidential",
        by=by,
    )


def library_url(assessment: Assessment, code: str) -> str:
    return reverse("assessments:evidence_library", args=[assessment.pk, _q(assessment, code).pk])


@pytest.fixture
def officer(client: Any, douyin_officer: Any) -> Any:
    client.force_login(douyin_officer)
    return client


@pytest.fixture
def earlier(assessment: Assessment, douyin_officer: Any) -> Evidence:
    """The licence, uploaded to A8 of the operator's first assessment."""
    return _file(assessment, "A8", douyin_officer, "licence.pdf", PDF)


@pytest.fixture
def second(douyin: Any, douyin_officer: Any) -> Assessment:
    """Another draft of the same operator: a second feature's security assessment."""
    filings = plan_feature(douyin, douyin_officer, title="Voice clone")
    return next(f for f in filings if f.regime.code == "cn-security-assessment").assessment


@pytest.fixture
def wechat_file(wechat: Any, wechat_officer: Any) -> Evidence:
    filings = plan_feature(wechat, wechat_officer, title="Channels live")
    assessment = next(f for f in filings if f.regime.code == "cn-security-assessment").assessment
    return _file(assessment, "A8", wechat_officer, "tencent-secret.pdf", PDF + b"% tencent\n")


def test_the_library_lists_the_operators_files_with_their_origin_and_no_one_elses(
    officer, earlier, second, wechat_file
):
    page = officer.get(library_url(second, "B4"))
    assert page.status_code == 200
    assert "licence.pdf" in page.text
    assert earlier.sha256[:12] in page.text
    assert f"{timezone.localtime(earlier.uploaded_at):%Y-%m-%d %H:%M}" in page.text
    assert "Face-swap effect · A8" in page.text  # the assessment and question it came from
    assert "tencent-secret.pdf" not in page.text
    assert [e.pk for e in page.context["page"].object_list] == [earlier.pk]


def test_attaching_from_the_library_keeps_the_hash_and_the_stored_object(
    officer, earlier, second, douyin_officer
):
    response = officer.post(
        library_url(second, "B4"), {"source": str(earlier.pk), "classification": "public"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#q-B4")
    attached = Evidence.objects.get(answer__assessment=second)
    assert attached.answer.question.code == "B4"
    assert attached.sha256 == earlier.sha256
    assert attached.file.name == earlier.file.name  # the same stored object
    assert attached.size == earlier.size and attached.content_type == earlier.content_type
    assert attached.original_name == "licence.pdf"
    assert attached.classification == "public"
    assert attached.uploaded_by == douyin_officer
    assert attached.file.read() == PDF
    event = AuditEvent.objects.get(action="evidence.attached")
    assert event.actor == douyin_officer
    assert event.data["sha256"] == earlier.sha256
    assert event.data["from"] == {"id": earlier.pk, "assessment": earlier.answer.assessment_id}
    # The question's evidence is there for the check: B4 needs none missing any more.
    section = officer.get(reverse("assessments:section", args=[second.pk, "B"]))
    assert reverse("assessments:download_evidence", args=[attached.pk]) in section.text


def test_a_file_already_on_the_question_is_marked_and_refused(officer, earlier, assessment):
    url = library_url(assessment, "A8")
    page = officer.get(url)
    assert "already attached here" in page.text
    response = officer.post(url, {"source": str(earlier.pk), "classification": "public"})
    assert response.status_code == 400
    assert "already attached" in response.text
    assert Evidence.objects.count() == 1


def test_another_operators_file_is_404_and_attaches_nothing(officer, second, wechat_file):
    response = officer.post(
        library_url(second, "B4"), {"source": str(wechat_file.pk), "classification": "public"}
    )
    assert response.status_code == 404
    assert not Evidence.objects.filter(answer__assessment=second).exists()
    assert not AuditEvent.objects.filter(action="evidence.attached").exists()


@pytest.mark.parametrize(
    ("source", "status"),
    [
        (None, 400),
        ("", 400),
        ("abc", 400),
        ("²", 400),
        ("-1", 400),
        ("9" * 30, 400),
        ("1.5", 400),
        ("x" * 500, 400),
        ("2000000000", 404),
    ],
)
def test_a_bad_file_id_is_a_4xx_and_attaches_nothing(officer, second, earlier, source, status):
    data = {"classification": "public"}
    if source is not None:
        data["source"] = source
    response = officer.post(library_url(second, "B4"), data)
    assert response.status_code == status
    assert not Evidence.objects.filter(answer__assessment=second).exists()


def test_a_bad_classification_is_refused(officer, second, earlier):
    response = officer.post(
        library_url(second, "B4"), {"source": str(earlier.pk), "classification": "secret"}
    )
    assert response.status_code == 400
    assert not Evidence.objects.filter(answer__assessment=second).exists()


def test_the_upload_rules_of_today_apply(officer, second, earlier, settings):
    settings.EVIDENCE_MAX_BYTES = 16
    response = officer.post(
        library_url(second, "B4"), {"source": str(earlier.pk), "classification": "public"}
    )
    assert response.status_code == 400
    assert "larger than" in response.text
    assert not Evidence.objects.filter(answer__assessment=second).exists()


def test_a_signed_assessment_refuses_with_409(
    officer, earlier, second, douyin_officer, bytedance_signatory
):
    complete_assessment(second, douyin_officer)
    sign_assessment(assessment=second, by=bytedance_signatory)
    before = Evidence.objects.count()
    page = officer.get(library_url(second, "B4"))
    assert "signed" in page.text and "Attach the chosen file" not in page.text
    response = officer.post(
        library_url(second, "B4"), {"source": str(earlier.pk), "classification": "public"}
    )
    assert response.status_code == 409
    assert "signed" in response.text
    assert Evidence.objects.count() == before


@pytest.mark.parametrize("who", ["wechat_officer", "beijing_reviewer", "admin"])
def test_others_get_404(client, request, who, earlier, second):
    client.force_login(request.getfixturevalue(who))
    url = library_url(second, "B4")
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"source": str(earlier.pk), "classification": "public"}).status_code == 404
    )
    assert not Evidence.objects.filter(answer__assessment=second).exists()


def test_a_regulator_of_a_submitted_filing_gets_404(client, cast, beijing_reviewer):
    filing = filing_in_state(State.SUBMITTED, **cast)
    client.force_login(beijing_reviewer)
    assert client.get(library_url(filing.assessment, "A8")).status_code == 404


def test_a_question_id_that_is_not_one_of_the_assessments_is_404(officer, second):
    for bad in ("abc", "2000000000", "99999999999999999999999"):
        url = f"/assessments/{second.pk}/questions/{bad}/library/"
        assert officer.get(url).status_code == 404, bad


def test_the_search_finds_by_name_and_ignores_hostile_values(
    officer, earlier, second, douyin_officer
):
    _file(second, "B4", douyin_officer, "organisation-chart.png", png_bytes())
    url = library_url(second, "C1")
    names = lambda r: [e.original_name for e in r.context["page"].object_list]  # noqa: E731
    assert names(officer.get(url, {"q": "chart"})) == ["organisation-chart.png"]
    for hostile in ("\x00", "x" * 10_000, "' OR 1=1 --", "9" * 30):
        assert officer.get(url, {"q": hostile, "page": hostile}).status_code == 200


def test_the_library_runs_as_many_queries_with_many_files_as_with_one(
    officer, earlier, second, douyin_officer
):
    url = library_url(second, "B4")
    officer.get(url)
    with CaptureQueriesContext(connection) as few:
        officer.get(url)
    for n in range(8):
        _file(second, "C1", douyin_officer, f"log-{n}.txt", f"log line {n}\n".encode())
    with CaptureQueriesContext(connection) as many:
        page = officer.get(url)
    assert len(page.context["page"].object_list) == 9
    assert len(many) == len(few)


def test_the_evidence_pages_read_in_chinese(douyin_officer, earlier, second, settings):
    from django.test import Client

    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(douyin_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    library = client.get(library_url(second, "B4")).text
    assert "附加已上传的文件" in library and "附加所选文件" in library
    remove = reverse("assessments:remove_evidence", args=[earlier.answer.assessment_id, earlier.pk])
    assert "移除文件" in client.get(remove).text
    replace = reverse(
        "assessments:replace_evidence", args=[earlier.answer.assessment_id, earlier.pk]
    )
    assert "替换 licence.pdf" in client.get(replace).text
