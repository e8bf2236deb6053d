"""The assessment pages: sections, autosave, check and sign, reopen."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Answer
from assessments.services import sign_assessment
from tests.builders import complete_assessment


def test_section_page_shows_questions_progress_and_autosave_wiring(
    client, douyin_officer, assessment
):
    client.force_login(douyin_officer)
    response = client.get(reverse("assessments:section", args=[assessment.pk, "A"]))
    assert response.status_code == 200
    page = response.text
    assert "A1 · Name, main functions and scope of the service" in page
    assert "2018 Art. 6(1)" in page
    assert 'hx-post="/assessments/' in page
    assert "input delay:800ms" in page
    assert "<progress" in page
    assert "js/autosave.js" in page
    # The Content Security Policy forbids inline script, handlers and styles.
    assert "<script>" not in page
    assert " onclick=" not in page
    assert " style=" not in page


def test_deep_synthesis_section_appears_only_for_flagged_features(
    client, douyin, douyin_officer, assessment
):
    client.force_login(douyin_officer)
    assert client.get(reverse("assessments:section", args=[assessment.pk, "I"])).status_code == 200
    from tests.builders import plan_feature

    plain = plan_feature(
        douyin, douyin_officer, title="Forum", is_deep_synthesis=False, edits_faces=False
    )
    other = plain[0].assessment
    assert client.get(reverse("assessments:section", args=[other.pk, "I"])).status_code == 404


def test_saving_a_section_without_javascript_keeps_what_was_typed_next_to_the_error(
    client, douyin_officer, assessment, question
):
    client.force_login(douyin_officer)
    a1, a5 = question("A1"), question("A5")
    response = client.post(
        reverse("assessments:section", args=[assessment.pk, "A"]),
        {
            f"q{a1.pk}-value": "Douyin",
            f"q{a1.pk}-risk": "low",
            f"q{a1.pk}-note": "",
            f"q{a5.pk}-value": "lots",
            f"q{a5.pk}-risk": "",
            f"q{a5.pk}-note": "",
        },
    )
    assert response.status_code == 400
    assert "Enter a number" in response.text
    assert 'value="lots"' in response.text
    assert Answer.objects.get(question=a1).value == "Douyin"
    assert not Answer.objects.filter(question=a5).exists()


def test_a_valid_section_save_redirects_back(client, douyin_officer, assessment, question):
    client.force_login(douyin_officer)
    a5 = question("A5")
    response = client.post(
        reverse("assessments:section", args=[assessment.pk, "A"]),
        {f"q{a5.pk}-value": "1,200,000", f"q{a5.pk}-risk": "", f"q{a5.pk}-note": ""},
    )
    assert response.status_code == 302
    assert Answer.objects.get(question=a5).value == 1200000


def test_autosave_refuses_an_unknown_choice_and_risk(client, douyin_officer, assessment, question):
    client.force_login(douyin_officer)
    a3 = question("A3")
    url = reverse("assessments:autosave", args=[assessment.pk, a3.pk])
    response = client.post(url, {f"q{a3.pk}-value": "nonsense"})
    assert response.status_code == 422
    assert "Pick one of the offered answers" in response.text
    response = client.post(url, {f"q{a3.pk}-value": "", f"q{a3.pk}-risk": "apocalyptic"})
    assert response.status_code == 422


def test_autosave_of_a_question_from_another_template_is_404(
    client, douyin_officer, douyin, assessment
):
    from assessments.models import Question

    foreign = Question.objects.exclude(section__template=assessment.template).first()
    client.force_login(douyin_officer)
    url = reverse("assessments:autosave", args=[assessment.pk, foreign.pk])
    assert client.post(url, {}).status_code == 404


def test_the_signatory_reads_but_cannot_edit(client, bytedance_signatory, assessment, question):
    client.force_login(bytedance_signatory)
    page = client.get(reverse("assessments:section", args=[assessment.pk, "A"])).text
    assert "hx-post" not in page
    a1 = question("A1")
    url = reverse("assessments:autosave", args=[assessment.pk, a1.pk])
    response = client.post(url, {f"q{a1.pk}-value": "x"})
    assert response.status_code == 422
    assert "compliance officers" in response.text


def test_check_page_links_every_missing_item_to_its_question(client, douyin_officer, assessment):
    client.force_login(douyin_officer)
    page = client.get(reverse("assessments:check", args=[assessment.pk])).text
    section_a = reverse("assessments:section", args=[assessment.pk, "A"])
    assert f'href="{section_a}#q-A1"' in page
    assert "needs evidence" in page
    assert "Sign the assessment" not in page  # the officer is not the signatory


def test_signing_an_incomplete_assessment_is_refused_with_what_is_missing(
    client, bytedance_signatory, assessment
):
    client.force_login(bytedance_signatory)
    response = client.post(reverse("assessments:sign", args=[assessment.pk]))
    assert response.status_code == 409
    assert "A1 needs an answer" in response.text
    assessment.refresh_from_db()
    assert not assessment.is_signed


def test_signatory_signs_a_complete_assessment(
    client, douyin_officer, bytedance_signatory, assessment
):
    complete_assessment(assessment, douyin_officer)
    client.force_login(bytedance_signatory)
    assert (
        "Sign the assessment" in client.get(reverse("assessments:check", args=[assessment.pk])).text
    )
    response = client.post(reverse("assessments:sign", args=[assessment.pk]))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.signed_by == bytedance_signatory


def test_reopening_asks_first_then_withdraws_the_signature(
    client, douyin_officer, bytedance_signatory, assessment
):
    complete_assessment(assessment, douyin_officer)
    sign_assessment(assessment=assessment, by=bytedance_signatory)
    client.force_login(douyin_officer)
    url = reverse("assessments:reopen", args=[assessment.pk])
    assert "Reopen the assessment for editing?" in client.get(url).text
    assessment.refresh_from_db()
    assert assessment.is_signed
    assert client.post(url).status_code == 302
    assessment.refresh_from_db()
    assert not assessment.is_signed


def test_pages_are_translated_to_chinese(client, douyin_officer, assessment):
    client.force_login(douyin_officer)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("assessments:check", args=[assessment.pk])).text
    assert "检查并签署" in page


@pytest.mark.parametrize("field", ["value", "note"])
def test_autosave_refuses_a_nul_character_with_a_message_and_keeps_the_saved_answer(
    client, douyin_officer, assessment, question, field
):
    """PostgreSQL stores no NUL in text or JSON: it was a 500 there, whatever the database."""
    client.force_login(douyin_officer)
    a1 = question("A1")
    url = reverse("assessments:autosave", args=[assessment.pk, a1.pk])
    assert client.post(url, {f"q{a1.pk}-value": "Douyin"}).status_code == 200
    typed = {f"q{a1.pk}-value": "Douyin", f"q{a1.pk}-note": "", f"q{a1.pk}-{field}": "bin\x00ary"}
    response = client.post(url, typed)
    assert response.status_code == 422
    assert "NUL character" in response.text
    answer = Answer.objects.get(question=a1)
    assert (answer.value, answer.note) == ("Douyin", "")
