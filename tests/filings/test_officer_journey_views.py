"""The officer's journey through the pages, with the test client: register, answer, upload,
sign, submit, receipt; then a return, corrections and the resubmission."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Evidence, Question
from filings import services
from filings.models import Filing, FilingRevision, State
from tests.builders import complete_assessment

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _register(client, douyin, **overrides):
    data = {
        "title": "Face-swap effect",
        "description": "Users swap their face into trending videos.",
        "trigger": "launch",
        "is_deep_synthesis": "on",
        "edits_faces": "on",
        "planned_launch_date": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
    }
    data.update(overrides)
    return client.post(reverse("filings:register_feature", args=[douyin.pk]), data)


def test_officer_registers_a_feature_and_sees_the_filings_it_needs(client, douyin, douyin_officer):
    client.force_login(douyin_officer)
    assert client.get(reverse("filings:register_feature", args=[douyin.pk])).status_code == 200
    response = _register(client, douyin)
    assert response.status_code == 302
    page = client.get(response["Location"]).text
    assert "Security assessment" in page
    assert "Deep-synthesis assessment" in page
    assert "Algorithm filing" in page
    assert "Edits faces" in page
    assert "working days left" in page


def test_a_past_launch_date_is_refused_next_to_the_field(client, douyin, douyin_officer):
    client.force_login(douyin_officer)
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = _register(client, douyin, planned_launch_date=yesterday)
    assert response.status_code == 400
    assert "in the past" in response.text
    assert "Face-swap effect" in response.text  # what was typed is kept
    assert not Filing.objects.exists()


def test_missing_fields_and_wrong_types_are_a_400_not_a_500(client, douyin, douyin_officer):
    client.force_login(douyin_officer)
    response = _register(client, douyin, title="", planned_launch_date="next tuesday")
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert "Enter a valid date." in response.text
    response = _register(client, douyin, trigger="user_growth")
    assert response.status_code == 400
    assert "Give the date of the event" in response.text


def test_the_whole_journey_from_registration_to_resubmission(
    client, douyin, douyin_officer, bytedance_signatory, beijing_reviewer
):
    client.force_login(douyin_officer)
    feature_url = _register(client, douyin)["Location"]
    filing = Filing.objects.get(regime__code="cn-security-assessment")
    assessment = filing.assessment

    # Section A: the autosave endpoint saves one answer and answers with the status line.
    a1 = Question.objects.get(section__template=assessment.template, code="A1")
    response = client.post(
        reverse("assessments:autosave", args=[assessment.pk, a1.pk]),
        {f"q{a1.pk}-value": "Douyin short video", f"q{a1.pk}-risk": "low", f"q{a1.pk}-note": ""},
    )
    assert response.status_code == 200
    assert "Saved" in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert Answer.objects.get(question=a1).value == "Douyin short video"

    # A wrong type is refused with the message and a 422; the stored answer stays.
    a5 = Question.objects.get(section__template=assessment.template, code="A5")
    client.post(
        reverse("assessments:autosave", args=[assessment.pk, a5.pk]), {f"q{a5.pk}-value": "1200"}
    )
    response = client.post(
        reverse("assessments:autosave", args=[assessment.pk, a5.pk]),
        {f"q{a5.pk}-value": "many"},
    )
    assert response.status_code == 422
    assert "Enter a number" in response.text
    assert Answer.objects.get(question=a5).value == 1200

    # Evidence on A8, through the section form (what is typed elsewhere is saved too).
    a8 = Question.objects.get(section__template=assessment.template, code="A8")
    response = client.post(
        reverse("assessments:upload_evidence", args=[assessment.pk, a8.pk]),
        {
            f"q{a8.pk}-file": SimpleUploadedFile("licence.pdf", PDF, "application/pdf"),
            f"q{a8.pk}-classification": "confidential",
            f"q{a1.pk}-value": "Douyin short video, edited",
            f"q{a1.pk}-risk": "low",
            f"q{a1.pk}-note": "",
        },
    )
    assert response.status_code == 302
    assert Evidence.objects.get(answer__question=a8).original_name == "licence.pdf"
    assert Answer.objects.get(question=a1).value == "Douyin short video, edited"

    # The check page lists what is missing, each linking to its question.
    page = client.get(reverse("assessments:check", args=[assessment.pk])).text
    section_url = reverse("assessments:section", args=[assessment.pk, "A"])
    assert f"{section_url}#q-A2" in page

    complete_assessment(assessment, douyin_officer)
    # The officer cannot sign; the signatory can.
    assert client.post(reverse("assessments:sign", args=[assessment.pk])).status_code == 409
    client.force_login(bytedance_signatory)
    assert client.post(reverse("assessments:sign", args=[assessment.pk])).status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_signed

    client.force_login(douyin_officer)
    submit_url = reverse("filings:submit", args=[filing.pk])
    assert "Submit this filing?" in client.get(submit_url).text
    response = client.post(submit_url)
    revision = FilingRevision.objects.get(filing=filing)
    assert response["Location"] == reverse("filings:receipt", args=[filing.pk, 1])
    receipt = client.get(response["Location"]).text
    assert revision.sha256 in receipt
    assert filing.reference in receipt
    assert "Beijing CAC" in receipt

    # The regulator returns it with a reason on A1.
    services.claim_filing(filing=filing, by=beijing_reviewer)
    services.return_filing(filing=filing, by=beijing_reviewer, reasons=[(a1, "Name the app.")])
    assert "Name the app." in client.get(reverse("filings:detail", args=[filing.pk])).text
    assert "Name the app." in client.get(section_url).text
    assert "Correct and resubmit" in client.get("/dashboard/").text

    # Reopen, correct, sign again, resubmit.
    assert client.post(reverse("assessments:reopen", args=[assessment.pk])).status_code == 302
    client.post(
        reverse("assessments:autosave", args=[assessment.pk, a1.pk]),
        {f"q{a1.pk}-value": "Douyin (抖音) app", f"q{a1.pk}-risk": "low", f"q{a1.pk}-note": ""},
    )
    client.force_login(bytedance_signatory)
    client.post(reverse("assessments:sign", args=[assessment.pk]))
    client.force_login(douyin_officer)
    assert "Resubmit" in client.get(submit_url).text
    response = client.post(submit_url)
    assert response["Location"] == reverse("filings:receipt", args=[filing.pk, 2])
    filing.refresh_from_db()
    # The reviewer who returned it goes on with the new revision.
    assert filing.state == State.UNDER_REVIEW
    assert client.get(feature_url).status_code == 200
