"""The questionnaire is versioned: the shipped version is published and never changes; a new
version is a copy that an admin edits and then publishes
(docs/domain-rules.md#the-questionnaire)."""

import pytest

from assessments.models import Question, Section, Template, TemplateError
from assessments.services import (
    AssessmentError,
    copy_template_as_new_version,
    current_template,
    publish_template,
)
from tests.factories import PlannedFeatureFactory

pytestmark = pytest.mark.django_db

SECTION_CODES = list("ABCDEFGHIJ")


@pytest.fixture
def shipped():
    return Template.objects.get(code="cn-security-assessment", version=1)


@pytest.fixture
def draft_copy(shipped):
    return copy_template_as_new_version(template=shipped)


def _questions(template):
    return Question.objects.filter(section__template=template).order_by("section__order", "order")


# --- The shipped version --------------------------------------------------------------------
def test_the_shipped_security_questionnaire_is_published(shipped):
    assert shipped.status == Template.Status.PUBLISHED
    assert shipped.published_at is not None
    assert shipped.is_frozen
    assert current_template("cn-security-assessment") == shipped


def test_the_shipped_algorithm_questionnaire_is_published():
    assert current_template("cn-algorithm-filing") is not None


def test_the_shipped_questionnaire_has_sections_a_to_j_in_order(shipped):
    assert list(shipped.sections.values_list("code", flat=True)) == SECTION_CODES


def test_every_shipped_question_carries_its_legal_reference(shipped):
    questions = _questions(shipped)

    assert questions.count() > 50
    assert all(q.legal_reference.strip() for q in questions)
    assert all(s.legal_reference.strip() for s in shipped.sections.all())


def test_every_shipped_choice_question_offers_its_choices(shipped):
    for question in _questions(shipped).filter(answer_type=Question.AnswerType.CHOICE):
        question.clean()
        assert all({"value", "label_zh", "label_en"} <= set(c) for c in question.choices)


def test_only_section_i_is_limited_to_deep_synthesis_features(shipped):
    limited = shipped.sections.exclude(applies_when=Section.AppliesWhen.ALWAYS)

    assert list(limited.values_list("code", flat=True)) == ["I"]
    assert limited.get().applies_when == Section.AppliesWhen.DEEP_SYNTHESIS


@pytest.mark.parametrize(
    ("flags", "applies"),
    [
        ({"is_deep_synthesis": True}, True),
        ({"edits_faces": True}, True),
        ({"edits_voices": True}, True),
        ({"is_generative_ai": True}, True),
        ({"is_recommendation": True}, False),
        ({}, False),
    ],
)
def test_section_i_applies_to_deep_synthesis_face_voice_and_aigc_features(shipped, flags, applies):
    feature = PlannedFeatureFactory.build(**flags)
    section_i = shipped.sections.get(code="I")

    assert section_i.applies_to(feature) is applies
    assert shipped.sections.get(code="E").applies_to(feature)


# --- A published version never changes -----------------------------------------------------
def test_a_published_section_cannot_be_edited(shipped):
    section = shipped.sections.get(code="E")
    section.title_en = "Something else"

    with pytest.raises(TemplateError):
        section.save()


def test_a_published_section_cannot_be_deleted(shipped):
    section = shipped.sections.get(code="I")

    with pytest.raises(TemplateError):
        section.delete()

    assert shipped.sections.filter(code="I").exists()


def test_a_published_question_cannot_be_edited(shipped):
    question = _questions(shipped).get(code="D4")
    question.required = False

    with pytest.raises(TemplateError):
        question.save()

    assert _questions(shipped).get(code="D4").required


def test_a_published_question_cannot_be_deleted(shipped):
    question = _questions(shipped).get(code="D4")

    with pytest.raises(TemplateError):
        question.delete()


def test_a_question_cannot_be_added_to_a_published_version(shipped):
    section = shipped.sections.get(code="D")
    question = Question(
        section=section,
        code="D9",
        order=9,
        text_zh="新问题",
        text_en="New question",
        legal_reference="2018 Art. 5(3)",
        answer_type=Question.AnswerType.TEXT,
    )

    with pytest.raises(TemplateError):
        question.save()


def test_a_published_version_cannot_be_renamed(shipped):
    shipped.name_en = "Renamed"

    with pytest.raises(TemplateError):
        shipped.save()


def test_a_published_version_cannot_go_back_to_draft(shipped):
    shipped.status = Template.Status.DRAFT

    with pytest.raises(TemplateError):
        shipped.save()

    assert Template.objects.get(pk=shipped.pk).status == Template.Status.PUBLISHED


def test_a_published_version_cannot_be_deleted(shipped):
    with pytest.raises(TemplateError):
        shipped.delete()

    assert _questions(shipped).exists()


def test_a_published_version_may_be_retired(shipped):
    shipped.status = Template.Status.RETIRED
    shipped.save()

    assert Template.objects.get(pk=shipped.pk).status == Template.Status.RETIRED


# --- A new version is a copy ----------------------------------------------------------------
def test_a_copy_is_the_next_version_as_a_draft(shipped, draft_copy):
    assert draft_copy.code == shipped.code
    assert draft_copy.version == 2
    assert draft_copy.status == Template.Status.DRAFT
    assert draft_copy.published_at is None


def test_a_copy_has_the_same_sections_and_questions(shipped, draft_copy):
    fields = ("section__code", "code", "text_en", "legal_reference", "answer_type", "required")

    assert list(_questions(draft_copy).values_list(*fields)) == list(
        _questions(shipped).values_list(*fields)
    )
    assert list(draft_copy.sections.values_list("code", "applies_when")) == list(
        shipped.sections.values_list("code", "applies_when")
    )


def test_a_draft_copy_can_be_edited_while_the_original_stays(shipped, draft_copy):
    question = _questions(draft_copy).get(code="D4")
    question.text_en = "How long are logs kept (at least six months)?"
    question.save()
    _questions(draft_copy).get(code="D3").delete()

    assert _questions(draft_copy).get(code="D4").text_en.startswith("How long")
    assert not _questions(draft_copy).filter(code="D3").exists()
    assert _questions(shipped).filter(code="D3").exists()
    assert not _questions(shipped).get(code="D4").text_en.startswith("How long")


def test_the_draft_copy_is_not_offered_until_published(shipped, draft_copy):
    assert current_template("cn-security-assessment") == shipped


def test_publishing_a_copy_freezes_it_and_makes_it_current(draft_copy):
    publish_template(template=draft_copy)

    draft_copy.refresh_from_db()
    assert draft_copy.status == Template.Status.PUBLISHED
    assert draft_copy.published_at is not None
    assert current_template("cn-security-assessment") == draft_copy
    question = _questions(draft_copy).get(code="D4")
    question.text_en = "Too late"
    with pytest.raises(TemplateError):
        question.save()


def test_a_copy_of_a_copy_is_the_version_after_the_newest(shipped, draft_copy):
    assert copy_template_as_new_version(template=shipped).version == 3


def test_a_version_is_published_only_once(shipped):
    with pytest.raises(AssessmentError, match="already published"):
        publish_template(template=shipped)


def test_a_version_without_questions_cannot_be_published():
    empty = Template.objects.create(code="empty", version=1, name_zh="空", name_en="Empty")

    with pytest.raises(AssessmentError, match="without questions"):
        publish_template(template=empty)
