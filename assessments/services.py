"""Writes that matter for questionnaires and assessments."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record_event
from platforms.models import PlannedFeature, Role
from platforms.roles import get_actor

from . import questionnaires, signals
from .models import Answer, Assessment, Question, Section, Template


class AssessmentError(Exception):
    """An assessment action that cannot be done; the message says why."""


class AssessmentLocked(AssessmentError):
    """The action may be done by this person, but not now: what happens to the assessment
    elsewhere (its filing under review) holds it as it is. The pages answer 409."""


# --- Templates ------------------------------------------------------------------------------
def load_template(
    data: dict[str, Any],
    *,
    version: int | None = None,
    publish: bool = True,
    models: dict[str, Any] | None = None,
) -> Any:
    """Create one template version from a questionnaire's data (`assessments.questionnaires`,
    which describes the shape), unless it exists; `version` defaults to the data's.

    `models` lets a caller pass other model classes (migrations keep a frozen copy of this
    loader instead: a migration must not import code that can change).
    """
    version = version or data.get("version", 1)
    m = models or {"Template": Template, "Section": Section, "Question": Question}
    existing = m["Template"].objects.filter(code=data["code"], version=version).first()
    if existing:
        return existing
    template = m["Template"].objects.create(
        code=data["code"],
        version=version,
        name_zh=data["name_zh"],
        name_en=data["name_en"],
        status="draft",
    )
    for s_order, s in enumerate(data["sections"], start=1):
        section = m["Section"].objects.create(
            template=template,
            code=s["code"],
            order=s_order,
            title_zh=s["title_zh"],
            title_en=s["title_en"],
            legal_reference=s.get("legal_reference", ""),
            applies_when=s.get("applies_when", "always"),
        )
        m["Question"].objects.bulk_create(
            m["Question"](
                section=section,
                code=q["code"],
                order=q_order,
                text_zh=q["text_zh"],
                text_en=q["text_en"],
                help_zh=q.get("help_zh", ""),
                help_en=q.get("help_en", ""),
                legal_reference=q["legal_reference"],
                answer_type=q["answer_type"],
                choices=q.get("choices", []),
                required=q["required"],
                evidence_required=q["evidence_required"],
                scope=q.get("scope", Question.Scope.FEATURE),
            )
            for q_order, q in enumerate(s["questions"], start=1)
        )
    if publish:
        template.status = "published"
        template.published_at = timezone.now()
        template.save()
    return template


def load_published_templates() -> None:
    """Every questionnaire version shipped as a file, unless already loaded (the migrations
    load them; this puts them back where a test or a command flushed the tables)."""
    for code, version in questionnaires.published():
        load_template(questionnaires.load(code, version))


@transaction.atomic
def copy_template_as_new_version(*, template: Template) -> Template:
    """A new draft version with the same sections and questions, for the admin to edit."""
    next_version = Template.objects.filter(code=template.code).latest("version").version + 1
    copy = Template.objects.create(
        code=template.code,
        version=next_version,
        name_zh=template.name_zh,
        name_en=template.name_en,
    )
    for section in template.sections.prefetch_related("questions"):
        new_section = Section.objects.create(
            template=copy,
            code=section.code,
            order=section.order,
            title_zh=section.title_zh,
            title_en=section.title_en,
            legal_reference=section.legal_reference,
            applies_when=section.applies_when,
        )
        Question.objects.bulk_create(
            Question(
                section=new_section,
                code=q.code,
                order=q.order,
                text_zh=q.text_zh,
                text_en=q.text_en,
                help_zh=q.help_zh,
                help_en=q.help_en,
                legal_reference=q.legal_reference,
                answer_type=q.answer_type,
                choices=q.choices,
                required=q.required,
                evidence_required=q.evidence_required,
                scope=q.scope,
            )
            for q in section.questions.all()
        )
    return copy


@transaction.atomic
def publish_template(*, template: Template) -> Template:
    if template.is_frozen:
        raise AssessmentError(_("This version is already published."))
    if not Question.objects.filter(section__template=template).exists():
        raise AssessmentError(_("A template without questions cannot be published."))
    template.status = Template.Status.PUBLISHED
    template.published_at = timezone.now()
    template.save()
    return template


def current_template(code: str) -> Template | None:
    return (
        Template.objects.filter(code=code, status=Template.Status.PUBLISHED)
        .order_by("-version")
        .first()
    )


# --- Assessments ----------------------------------------------------------------------------
def get_or_start_assessment(*, feature: PlannedFeature, template: Template, by: Any) -> Assessment:
    assessment, _created = Assessment.objects.get_or_create(
        planned_feature=feature, template=template, defaults={"created_by": by}
    )
    return assessment


def _require_editor(assessment: Assessment, by: Any) -> None:
    actor = get_actor(by)
    if not actor.has_operator_role(assessment.planned_feature.platform.operator_id, Role.OFFICER):
        raise AssessmentError(_("Only the operator's compliance officers edit its assessments."))


_LARGEST_NUMBER = Decimal(10) ** 15


def clean_value(question: Question, raw: Any) -> Any:
    """The stored form of an answer, or AssessmentError with a message for the officer."""
    if raw in (None, ""):
        return None
    kind = question.answer_type
    if kind == Question.AnswerType.TEXT:
        return str(raw).strip() or None
    if kind == Question.AnswerType.YES_NO:
        if raw in (True, "yes", "true", "1", "on"):
            return True
        if raw in (False, "no", "false", "0"):
            return False
        raise AssessmentError(_("Answer yes or no."))
    if kind == Question.AnswerType.CHOICE:
        if raw not in {c["value"] for c in question.choices}:
            raise AssessmentError(_("Pick one of the offered answers."))
        return raw
    if kind == Question.AnswerType.NUMBER:
        try:
            number = Decimal(str(raw).replace(",", "").strip())
        except InvalidOperation as exc:
            raise AssessmentError(_("Enter a number, such as 1200.")) from exc
        # A bound well above any count asked for: "1e5000" would otherwise be stored as an
        # integer too long to write back out as JSON.
        if not number.is_finite() or abs(number) >= _LARGEST_NUMBER:
            raise AssessmentError(_("Enter a number, such as 1200."))
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == Question.AnswerType.DATE:
        try:
            return dt.date.fromisoformat(str(raw)).isoformat()
        except ValueError as exc:
            raise AssessmentError(_("Enter a date as YYYY-MM-DD.")) from exc
    raise AssessmentError(_("Unknown answer type."))


@transaction.atomic
def save_answer(
    *,
    assessment: Assessment,
    question: Question,
    value: Any,
    by: Any,
    risk_rating: str = "",
    note: str = "",
) -> Answer:
    # Re-read under the lock a signature takes: an answer never changes after it.
    assessment = Assessment.objects.select_for_update(no_key=True).get(pk=assessment.pk)
    _require_editor(assessment, by)
    if assessment.is_signed:
        raise AssessmentError(
            _("The assessment is signed; withdraw the signature before changing answers.")
        )
    if question.section.template_id != assessment.template_id:
        raise AssessmentError(_("This question belongs to another questionnaire."))
    if risk_rating and risk_rating not in Answer.Rating.values:
        raise AssessmentError(_("Unknown risk rating."))
    if "\x00" in f"{value}{note}":
        # PostgreSQL stores no NUL character in text or JSON: refused here with a message, not
        # a 500 at the database (a pasted binary fragment carries one).
        raise AssessmentError(
            _(
                "The text contains a NUL character, which cannot be stored: remove it and "
                "save again."
            )
        )
    given = {"value": clean_value(question, value), "risk_rating": risk_rating, "note": note}
    answer = Answer.objects.filter(assessment=assessment, question=question).first()
    if answer is None:
        return Answer.objects.create(
            assessment=assessment, question=question, updated_by=by, **given
        )
    # Changing a pre-filled answer confirms it; saving it unchanged (the whole section form
    # posts every answer) does not: only the confirm button does (assessments.prefill).
    if answer.needs_confirmation and any(getattr(answer, k) != v for k, v in given.items()):
        answer.confirmed_by, answer.confirmed_at = by, timezone.now()
    for key, v in given.items():
        setattr(answer, key, v)
    answer.updated_by = by
    answer.save()
    return answer


@dataclass(frozen=True)
class MissingItem:
    question: Question
    what: str  # "answer", "evidence" or "confirmation" (of a pre-filled answer)

    @property
    def message(self) -> str:
        if self.what == "evidence":
            return _("%(code)s needs evidence.") % {"code": self.question.code}
        if self.what == "confirmation":
            return _(
                "%(code)s was pre-filled from an earlier assessment: confirm or change it."
            ) % {"code": self.question.code}
        return _("%(code)s needs an answer.") % {"code": self.question.code}


def missing_items(assessment: Assessment) -> list[MissingItem]:
    """Every required answer or evidence still missing, and every pre-filled answer not yet
    confirmed, in questionnaire order."""
    answers = {a.question_id: a for a in assessment.answers.prefetch_related("evidence")}
    missing: list[MissingItem] = []
    for question in assessment.applicable_questions().order_by("section__order", "order"):
        answer = answers.get(question.pk)
        if question.required and (answer is None or not answer.is_answered):
            missing.append(MissingItem(question, "answer"))
        if answer is not None and answer.needs_confirmation:
            missing.append(MissingItem(question, "confirmation"))
        if question.evidence_required and (answer is None or not answer.evidence.all()):
            missing.append(MissingItem(question, "evidence"))
    return missing


def incomplete_message(missing: list[MissingItem], shown: int = 10) -> str:
    """What is missing, for an error message: the first items, then how many more."""
    items = " ".join(m.message for m in missing[:shown])
    if len(missing) > shown:
        items += " " + _("… and %(n)d more.") % {"n": len(missing) - shown}
    return _("The assessment is not complete: %(items)s") % {"items": items}


@transaction.atomic
def sign_assessment(*, assessment: Assessment, by: Any) -> Assessment:
    # no_key: the lock order of filings/services/locks.py.
    assessment = Assessment.objects.select_for_update(no_key=True).get(pk=assessment.pk)
    actor = get_actor(by)
    operator_id = assessment.planned_feature.platform.operator_id
    if not actor.has_operator_role(operator_id, Role.SIGNATORY):
        raise AssessmentError(_("Only the operator's signatory signs an assessment."))
    if assessment.is_signed:
        raise AssessmentError(_("The assessment is already signed."))
    missing = missing_items(assessment)
    if missing:
        raise AssessmentError(incomplete_message(missing))
    assessment.signed_by = by
    assessment.signed_at = timezone.now()
    assessment.signoff_requested_at = assessment.signoff_reminded_at = None
    assessment.save(
        update_fields=[
            "signed_by",
            "signed_at",
            "signoff_requested_at",
            "signoff_reminded_at",
            "updated_at",
        ]
    )
    record_event(action="assessment.signed", obj=assessment, actor=by, actor_role=Role.SIGNATORY)
    return assessment


@transaction.atomic
def unsign_assessment(*, assessment: Assessment, by: Any) -> Assessment:
    """Reopen a signed assessment for editing (after a return, or before submission)."""
    actor = get_actor(by)
    operator_id = assessment.planned_feature.platform.operator_id
    if not (
        actor.has_operator_role(operator_id, Role.SIGNATORY)
        or actor.has_operator_role(operator_id, Role.OFFICER)
    ):
        raise AssessmentError(_("Only the operator's staff reopen its assessments."))
    with transaction.atomic():
        # Locked, so that a submission freezing it (which locks it too) and this reopening
        # happen one after the other, each seeing what the other did.
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        # The apps above refuse here when they must (a filing of it under review: the
        # regulator is reading what was signed).
        signals.reopening.send(sender=Assessment, assessment=assessment, by=by)
        assessment.signed_by = None
        assessment.signed_at = None
        assessment.save(update_fields=["signed_by", "signed_at", "updated_at"])
        record_event(
            action="assessment.reopened",
            obj=assessment,
            actor=by,
            actor_role=actor.primary_role(),
        )
    return assessment


def snapshot(assessment: Assessment) -> dict[str, Any]:
    """What a filing revision freezes: answers, evidence hashes, template version, signature."""
    answers = assessment.answers.select_related("question").prefetch_related("evidence")
    return {
        "template": {"code": assessment.template.code, "version": assessment.template.version},
        "method": assessment.method,
        "agency_name": assessment.agency_name,
        "conclusion": assessment.conclusion,
        "residual_risk": assessment.residual_risk,
        "signed_by": assessment.signed_by.get_username() if assessment.signed_by else None,
        "signed_at": assessment.signed_at.isoformat() if assessment.signed_at else None,
        "answers": {
            a.question.code: {
                "value": a.value,
                "risk_rating": a.risk_rating,
                "note": a.note,
                "evidence": [
                    {
                        "name": e.original_name,
                        "sha256": e.sha256,
                        "size": e.size,
                        "type": e.content_type,
                        "classification": e.classification,
                    }
                    for e in a.evidence.all()
                ],
            }
            for a in answers
        },
    }


def snapshot_hash(data: dict[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
