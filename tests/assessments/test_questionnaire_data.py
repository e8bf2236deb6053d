"""The questionnaires are data files; a published version never changes, and what a fresh
database gets (the migration's frozen copy) is what the files say."""

from __future__ import annotations

import hashlib
import importlib
import inspect
from typing import Any

import pytest

from assessments import questionnaires
from assessments.models import Question, Template

# The SHA-256 of every published version's file. A published version is what filings were
# answered against: never edit it. Copy it to the next version instead, and pin that one here
# when it is published. (cn-security-assessment v1 was re-pinned once, when each question's
# `scope` was added: metadata about whose answer it is, no question's text changed; migration
# 0004 sets the same scopes on the published rows.)
PUBLISHED = {
    ("cn-algorithm-filing", 1): "3e3b9d1f3a3c0ce50c68be43a0de251c1fe1daaf47ac01b9a6307b4d1bdda960",
    (
        "cn-security-assessment",
        1,
    ): "cc08092a16241644438370f57389e923a6415093503971cd7f07ea650f1d0f6d",
}


def _sha256(code: str, version: int) -> str:
    return hashlib.sha256(questionnaires.path(code, version).read_bytes()).hexdigest()


@pytest.mark.parametrize(("code", "version"), sorted(PUBLISHED))
def test_a_published_version_keeps_its_checksum(code, version):
    assert _sha256(code, version) == PUBLISHED[(code, version)], (
        f"{questionnaires.path(code, version).name} is a published questionnaire version and "
        f"must not change: publish a new version instead (copy it to {code}.v{version + 1}.json, "
        "edit the copy, load it with a new data migration and pin its checksum here)."
    )


def test_every_data_file_is_a_pinned_published_version():
    unpinned = set(questionnaires.published()) - set(PUBLISHED)
    assert not unpinned, f"Pin the checksum of {sorted(unpinned)} in PUBLISHED when published."
    assert set(PUBLISHED) <= set(questionnaires.published()), "A published version was deleted."


def test_loading_an_unknown_version_says_which():
    with pytest.raises(questionnaires.QuestionnaireNotFoundError, match="v99"):
        questionnaires.load("cn-security-assessment", 99)
    with pytest.raises(questionnaires.QuestionnaireNotFoundError):
        questionnaires.load("../config/settings", 1)


def test_the_chinese_texts_keep_their_full_width_punctuation():
    help_zh = questionnaires.load("cn-security-assessment", 1)["sections"][0]["questions"][0][
        "help_zh"
    ]
    # Full-width brackets, enumeration commas and full stop, as official Chinese is written.
    assert help_zh.startswith(
        "说明所评估的互联网信息服务\uff08应用程序\u3001网站\u3001小程序等\uff09"
    )
    assert help_zh.endswith("\u3002")


def test_the_migration_imports_no_app_code_that_can_change():
    source = inspect.getsource(
        importlib.import_module("assessments.migrations.0002_questionnaires")
    )
    for live in ("from assessments", "import assessments", "from .", "questionnaires import"):
        assert live not in source


def _rows(template: Template) -> dict[str, Any]:
    """A template as stored, in the shape of its data file."""
    return {
        "code": template.code,
        "version": template.version,
        "name_zh": template.name_zh,
        "name_en": template.name_en,
        "sections": [
            {
                "code": s.code,
                "title_zh": s.title_zh,
                "title_en": s.title_en,
                "legal_reference": s.legal_reference,
                "applies_when": s.applies_when,
                "questions": [
                    {
                        "code": q.code,
                        "text_zh": q.text_zh,
                        "text_en": q.text_en,
                        "help_zh": q.help_zh,
                        "help_en": q.help_en,
                        "legal_reference": q.legal_reference,
                        "answer_type": q.answer_type,
                        "choices": q.choices,
                        "required": q.required,
                        "evidence_required": q.evidence_required,
                        "scope": q.scope,
                    }
                    for q in Question.objects.filter(section=s).order_by("order")
                ],
            }
            for s in template.sections.order_by("order")
        ],
    }


def _from_file(code: str, version: int) -> dict[str, Any]:
    """The data file, with the default scope written out ("feature" unless it says)."""
    data = questionnaires.load(code, version)
    for section in data["sections"]:
        for question in section["questions"]:
            question.setdefault("scope", Question.Scope.FEATURE)
    return data


def _stored_as_published(code: str, version: int) -> dict[str, Any]:
    template = Template.objects.get(code=code, version=version)
    assert template.status == Template.Status.PUBLISHED
    return _rows(template)


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "version"), sorted(PUBLISHED))
def test_a_fresh_database_gets_what_the_data_file_says(code, version):
    """The test database is built by the migrations: their frozen copies."""
    assert _stored_as_published(code, version) == _from_file(code, version)


@pytest.mark.parametrize(("code", "version"), sorted(PUBLISHED))
def test_reloading_after_a_flush_gives_what_the_data_file_says(transactional_db, code, version):
    """Transactional tests flush the tables; `reference_data` loads the files through the
    live loader (tests/conftest.py)."""
    assert _stored_as_published(code, version) == _from_file(code, version)


@pytest.mark.django_db
def test_the_operator_wide_questions_are_the_companys_not_the_features():
    operator_wide = Question.objects.filter(
        section__template__code="cn-security-assessment", scope=Question.Scope.OPERATOR
    )
    assert sorted(operator_wide.values_list("code", flat=True)) == sorted(
        ["B1", "B4", "B5", "D4", "G3", "G4", "G5", "H1", "H2", "H3", "H4"]
    )
    assert not Question.objects.filter(
        section__template__code="cn-algorithm-filing", scope=Question.Scope.OPERATOR
    ).exists()
