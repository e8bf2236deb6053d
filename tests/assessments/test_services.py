"""Answering the questionnaire: values checked as the officer types, a list of what is still
missing, the signatory's sign-off, and the snapshot a filing revision freezes."""

import pytest

from assessments.models import Answer, Assessment, Question, Template
from assessments.services import (
    AssessmentError,
    clean_value,
    get_or_start_assessment,
    missing_items,
    save_answer,
    sign_assessment,
    snapshot,
    snapshot_hash,
)
from audit.models import AuditEvent
from tests.builders import attach_evidence, complete_assessment
from tests.factories import PlannedFeatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def template():
    return Template.objects.get(code="cn-security-assessment", version=1)


@pytest.fixture
def face_swap(douyin):
    return PlannedFeatureFactory(
        platform=douyin, title="Face-swap effect", is_deep_synthesis=True, edits_faces=True
    )


@pytest.fixture
def voice_room(douyin):
    return PlannedFeatureFactory(platform=douyin, title="Voice rooms")


@pytest.fixture
def assessment(face_swap, template, douyin_officer):
    return get_or_start_assessment(feature=face_swap, template=template, by=douyin_officer)


def question(template, code):
    return Question.objects.get(section__template=template, code=code)


# --- Checking each answer type --------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "raw", "stored"),
    [
        ("A1", "  Douyin short-video app  ", "Douyin short-video app"),  # text
        ("A1", "   ", None),
        ("D1", "yes", True),  # yes / no
        ("D1", True, True),
        ("D1", "no", False),
        ("D1", False, False),
        ("A3", "app", "app"),  # choice
        ("A5", "1200", 1200),  # number
        ("A5", "1,200,000", 1200000),
        ("A5", 3.5, 3.5),
        ("A5", "0", 0),
        ("J5", "2026-01-15", "2026-01-15"),  # date
        ("A5", "", None),
        ("J5", None, None),
    ],
)
def test_a_good_answer_is_stored_in_its_clean_form(template, code, raw, stored):
    assert clean_value(question(template, code), raw) == stored


@pytest.mark.parametrize(
    ("code", "raw", "message"),
    [
        ("D1", "maybe", "Answer yes or no."),
        ("A3", "newspaper", "Pick one of the offered answers."),
        ("A5", "abc", "Enter a number, such as 1200."),
        ("A5", "NaN", "Enter a number, such as 1200."),
        ("A5", "Infinity", "Enter a number, such as 1200."),
        ("A5", "1e5000", "Enter a number, such as 1200."),
        ("J5", "2026-13-01", "Enter a date as YYYY-MM-DD."),
        ("J5", "15/01/2026", "Enter a date as YYYY-MM-DD."),
    ],
)
def test_a_bad_answer_is_refused_with_a_message_for_the_officer(template, code, raw, message):
    with pytest.raises(AssessmentError) as exc:
        clean_value(question(template, code), raw)

    assert str(exc.value) == message


# --- Saving answers -------------------------------------------------------------------------
def test_the_officer_saves_an_answer_as_they_type(assessment, template, douyin_officer):
    save_answer(
        assessment=assessment,
        question=question(template, "A5"),
        value="1,200",
        by=douyin_officer,
        risk_rating="low",
    )
    save_answer(
        assessment=assessment, question=question(template, "A5"), value="1300", by=douyin_officer
    )

    answer = Answer.objects.get(assessment=assessment, question__code="A5")
    assert answer.value == 1300
    assert answer.updated_by == douyin_officer
    assert assessment.answers.count() == 1


def test_a_bad_answer_is_not_saved(assessment, template, douyin_officer):
    with pytest.raises(AssessmentError, match="number"):
        save_answer(
            assessment=assessment, question=question(template, "A5"), value="abc", by=douyin_officer
        )

    assert not assessment.answers.exists()


@pytest.mark.parametrize(
    "persona", ["bytedance_signatory", "wechat_officer", "beijing_reviewer", "admin"]
)
def test_only_the_operators_officer_saves_answers(request, assessment, template, persona):
    someone = request.getfixturevalue(persona)

    with pytest.raises(AssessmentError, match="compliance officers"):
        save_answer(assessment=assessment, question=question(template, "A1"), value="x", by=someone)

    assert not assessment.answers.exists()


def test_a_signed_assessment_refuses_changes(
    assessment, template, douyin_officer, bytedance_signatory
):
    complete_assessment(assessment, douyin_officer)
    sign_assessment(assessment=assessment, by=bytedance_signatory)

    with pytest.raises(AssessmentError, match="signed"):
        save_answer(
            assessment=Assessment.objects.get(pk=assessment.pk),
            question=question(template, "A1"),
            value="Changed after signing",
            by=douyin_officer,
        )

    assert Answer.objects.get(assessment=assessment, question__code="A1").value != (
        "Changed after signing"
    )


def test_a_question_from_another_questionnaire_is_refused(assessment, douyin_officer):
    other = Question.objects.filter(section__template__code="cn-algorithm-filing").first()

    with pytest.raises(AssessmentError, match="another questionnaire"):
        save_answer(assessment=assessment, question=other, value="x", by=douyin_officer)


def test_an_unknown_risk_rating_is_refused(assessment, template, douyin_officer):
    with pytest.raises(AssessmentError, match="risk rating"):
        save_answer(
            assessment=assessment,
            question=question(template, "A1"),
            value="x",
            by=douyin_officer,
            risk_rating="extreme",
        )


# --- What is still missing ------------------------------------------------------------------
def _expected_missing(assessment):
    items = []
    for q in assessment.applicable_questions().order_by("section__order", "order"):
        if q.required:
            items.append((q.code, "answer"))
        if q.evidence_required:
            items.append((q.code, "evidence"))
    return items


def test_a_new_assessment_lists_every_required_answer_and_evidence_in_order(assessment):
    missing = [(m.question.code, m.what) for m in missing_items(assessment)]

    assert missing == _expected_missing(assessment)
    assert missing[:3] == [("A1", "answer"), ("A2", "answer"), ("A3", "answer")]
    assert ("A4", "answer") not in missing  # optional
    assert ("A8", "evidence") in missing
    assert ("I2", "evidence") in missing
    assert missing[-1] == ("J6", "evidence")


def test_section_i_is_not_asked_of_a_plain_voice_room(voice_room, template, douyin_officer):
    assessment = get_or_start_assessment(feature=voice_room, template=template, by=douyin_officer)

    codes = {m.question.code for m in missing_items(assessment)}

    assert "J1" in codes
    assert not {c for c in codes if c.startswith("I")}


def test_an_answered_question_needing_evidence_still_lists_the_evidence(
    assessment, template, douyin_officer
):
    save_answer(
        assessment=assessment,
        question=question(template, "A8"),
        value="Licences attached.",
        by=douyin_officer,
    )

    missing = [(m.question.code, m.what) for m in missing_items(assessment)]

    assert ("A8", "answer") not in missing
    assert ("A8", "evidence") in missing
    assert next(m for m in missing_items(assessment) if m.question.code == "A8").message == (
        "A8 needs evidence."
    )


def test_attaching_the_evidence_clears_the_last_item(assessment, template, douyin_officer):
    complete_assessment(assessment, douyin_officer)
    answer = Answer.objects.get(assessment=assessment, question__code="J6")
    answer.evidence.all().delete()
    assert [(m.question.code, m.what) for m in missing_items(assessment)] == [("J6", "evidence")]

    attach_evidence(answer, douyin_officer)

    assert missing_items(assessment) == []


def test_a_blank_answer_counts_as_missing(assessment, template, douyin_officer):
    complete_assessment(assessment, douyin_officer)
    save_answer(
        assessment=assessment, question=question(template, "B1"), value="  ", by=douyin_officer
    )

    assert [m.message for m in missing_items(assessment)] == ["B1 needs an answer."]


# --- Signing --------------------------------------------------------------------------------
def test_the_officer_cannot_sign_the_assessment(assessment, douyin_officer):
    complete_assessment(assessment, douyin_officer)

    with pytest.raises(AssessmentError, match="Only the operator's signatory"):
        sign_assessment(assessment=assessment, by=douyin_officer)

    assert not Assessment.objects.get(pk=assessment.pk).is_signed


def test_another_operators_signatory_cannot_sign(assessment, douyin_officer, tencent_signatory):
    complete_assessment(assessment, douyin_officer)

    with pytest.raises(AssessmentError, match="Only the operator's signatory"):
        sign_assessment(assessment=assessment, by=tencent_signatory)


def test_an_incomplete_assessment_cannot_be_signed_and_says_what_is_missing(
    assessment, template, douyin_officer, bytedance_signatory
):
    complete_assessment(assessment, douyin_officer)
    for code in ("C2", "E1"):
        save_answer(
            assessment=assessment, question=question(template, code), value="", by=douyin_officer
        )
    Answer.objects.get(assessment=assessment, question__code="E1").evidence.all().delete()

    with pytest.raises(AssessmentError) as exc:
        sign_assessment(assessment=assessment, by=bytedance_signatory)

    assert str(exc.value) == (
        "The assessment is not complete: C2 needs an answer. E1 needs an answer. E1 needs evidence."
    )
    assert not Assessment.objects.get(pk=assessment.pk).is_signed


def test_the_signatory_signs_a_complete_assessment(assessment, douyin_officer, bytedance_signatory):
    complete_assessment(assessment, douyin_officer)

    signed = sign_assessment(assessment=assessment, by=bytedance_signatory)

    stored = Assessment.objects.get(pk=assessment.pk)
    assert signed.is_signed
    assert stored.signed_by == bytedance_signatory
    assert stored.signed_at is not None
    event = AuditEvent.objects.get(action="assessment.signed")
    assert event.actor == bytedance_signatory
    assert event.object_id == str(assessment.pk)


def test_an_assessment_is_signed_only_once(assessment, douyin_officer, bytedance_signatory):
    complete_assessment(assessment, douyin_officer)
    sign_assessment(assessment=assessment, by=bytedance_signatory)

    with pytest.raises(AssessmentError, match="already signed"):
        sign_assessment(assessment=assessment, by=bytedance_signatory)


# --- The snapshot a revision freezes --------------------------------------------------------
def test_the_snapshot_of_unchanged_data_hashes_the_same(assessment, douyin_officer):
    complete_assessment(assessment, douyin_officer)

    first, second = snapshot(assessment), snapshot(assessment)

    assert first == second
    assert snapshot_hash(first) == snapshot_hash(second)
    assert len(snapshot_hash(first)) == 64


def test_the_snapshot_names_the_template_version_and_evidence_hashes(assessment, douyin_officer):
    complete_assessment(assessment, douyin_officer)

    data = snapshot(assessment)

    assert data["template"] == {"code": "cn-security-assessment", "version": 1}
    assert data["answers"]["A5"]["value"] == 1200
    evidence = data["answers"]["A8"]["evidence"]
    assert len(evidence) == 1
    assert len(evidence[0]["sha256"]) == 64


def test_the_snapshot_hash_changes_when_an_answer_changes(assessment, template, douyin_officer):
    complete_assessment(assessment, douyin_officer)
    before = snapshot_hash(snapshot(assessment))

    save_answer(
        assessment=assessment, question=question(template, "A5"), value="1201", by=douyin_officer
    )

    assert snapshot_hash(snapshot(assessment)) != before


def test_the_snapshot_hash_changes_with_the_signature(
    assessment, douyin_officer, bytedance_signatory
):
    complete_assessment(assessment, douyin_officer)
    before = snapshot_hash(snapshot(assessment))

    sign_assessment(assessment=assessment, by=bytedance_signatory)

    after = snapshot(Assessment.objects.get(pk=assessment.pk))
    assert after["signed_by"] == "bytedance_signatory"
    assert snapshot_hash(after) != before


def test_the_snapshot_hash_does_not_depend_on_key_order():
    assert snapshot_hash({"a": 1, "b": {"x": 1, "y": 2}}) == snapshot_hash(
        {"b": {"y": 2, "x": 1}, "a": 1}
    )
