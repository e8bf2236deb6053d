"""The demo's answers to a feature's assessment: the texts of demo/scenarios/answers.json,
filled in with what data.py says of the feature, its platform and its operator; saved with
`save_answer`, evidence attached, signed by the operator's signatory."""

from __future__ import annotations

import json
import re
import string
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assessments.models import Answer, Assessment, Evidence
from assessments.prefill import confirm_answer
from assessments.services import save_answer, sign_assessment, unsign_assessment
from filings.models import DeadlineKind, Filing

from . import steps
from .data import (
    ALGORITHM,
    EVIDENCE_NAMES,
    FEATURES,
    OPERATORS,
    PLATFORMS,
    RISK_RATINGS,
    SECURITY,
)
from .pdf import demo_pdf

if TYPE_CHECKING:
    from .builder import _Builder

ANSWERS = Path(__file__).parent / "scenarios" / "answers.json"


@cache
def assessment_of(filing: Filing) -> Assessment:
    """The filing's assessment: the services plan one with every filing of the demo."""
    if filing.assessment is None:
        raise RuntimeError(f"Filing {filing.pk} has no assessment: plan it through the services.")
    return filing.assessment


def _texts() -> dict[str, Any]:
    texts: dict[str, Any] = json.loads(ANSWERS.read_text(encoding="utf-8"))
    return texts


def fill(template: Any, context: dict[str, Any]) -> Any:
    """A text with its "{name}"s filled in; a text that is only "{name}" is the value itself
    (a number stays a number)."""
    if not isinstance(template, str):
        return template
    fields = [name for _text, name, _spec, _conv in string.Formatter().parse(template) if name]
    if fields and template == "{" + fields[0] + "}":
        return context[fields[0]]
    return template.format_map(context)


def answer_values(builder: _Builder, key: str, assessment: Assessment) -> dict[str, Any]:
    """Plausible answers to every question of the assessment's questionnaire."""
    spec = FEATURES[key]
    if assessment.template.code == ALGORITHM:
        algorithm = spec["algorithm"]
        return {
            **algorithm,
            **{code: fill(text, algorithm) for code, text in _texts()["algorithm"].items()},
        }
    context = _context(builder, key)
    values = {code: fill(text, context) for code, text in _texts()["security"].items()}
    values.update(spec.get("answers", {}))
    if "A2" in spec.get("answers", {}):
        values["A2"] = f"{context['feature_description']} {values['A2']}"
    return values


def _context(builder: _Builder, key: str) -> dict[str, Any]:
    """What the texts may name: the feature's, its platform's and its operator's facts."""
    spec = FEATURES[key]
    feature = builder.features[key].feature
    platform = builder.platforms[spec["platform"]]
    op = OPERATORS[builder._operator_key(platform)]
    pf = PLATFORMS[spec["platform"]]
    lead, position, phone = op["lead"]
    deputy, deputy_position, deputy_phone = op["deputy"]
    registered, active = pf["users"][-1]
    voice = "voice_room" in pf["tags"] or "voice" in spec["title"].lower()
    algorithm = builder.features[key].filings.get(ALGORITHM)
    algorithm_due = (
        algorithm.deadlines.filter(kind=DeadlineKind.FILING).order_by("-pk").first()
        if algorithm
        else None
    )
    return {
        "platform_en": platform.name_en,
        "platform_zh": platform.name_zh,
        "platform_description": pf["description"],
        "platform_form": platform.form,
        "where_to_download": platform.url
        or "Invitation-only; download page shared with invited users.",
        "where_to_report": platform.url or "In the app",
        "registered_users": registered,
        "monthly_active_users": active,
        "deployment": op["deploy"],
        "licences": op["licences"],
        "domain": op["domain"],
        "lead": lead,
        "lead_position": position,
        "lead_phone": phone,
        "hotline_suffix": phone[-4:],
        "deputy": deputy,
        "deputy_position": deputy_position,
        "deputy_phone": deputy_phone,
        "reviewers": pf["reviewers"],
        "verified_share": pf["verified"],
        "room_limit": pf["room_limit"],
        "identity_check": "mobile_number_and_id"
        if voice or "live" in pf["tags"]
        else "mobile_number",
        "feature_description": feature.description,
        "trigger": feature.trigger,
        "method": spec.get("method", "self"),
        "agency": spec.get("agency", ""),
        "algorithm_due": algorithm_due.due_date.isoformat() if algorithm_due else "",
        "today": builder.today.isoformat(),
    }


def answer(
    builder: _Builder, key: str, assessment: Assessment, *, only: set[str] | None = None
) -> None:
    """Answer the applicable questions (or `only` these) and attach the evidence needed."""
    spec = FEATURES[key]
    platform = builder.platforms[spec["platform"]]
    officer = builder._officer(platform)
    values = answer_values(builder, key, assessment)
    for question in assessment.applicable_questions().order_by("section__order", "order"):
        if only is not None and question.code not in only:
            continue
        rating = RISK_RATINGS.get(question.code, Answer.Rating.NONE)
        if question.code == "J1" and values.get("J3") in {"medium", "high"}:
            rating = Answer.Rating.MEDIUM
        saved = save_answer(
            assessment=assessment,
            question=question,
            value=values.get(question.code),
            by=officer,
            risk_rating=rating,
        )
        if saved.needs_confirmation:  # pre-filled from the operator's last accepted one
            saved = confirm_answer(assessment=assessment, question=question, by=officer)
        if question.evidence_required and not saved.evidence.exists():
            attach(builder, saved, key, officer)
    if only is None and assessment.template.code == SECURITY:
        method = values["A10"]
        assessment.method = method
        assessment.agency_name = values["A11"] if method == "third_party" else ""
        assessment.residual_risk = values["J3"]
        assessment.conclusion = f"{values['J1']} {values['J2']}"
        assessment.save(
            update_fields=["method", "agency_name", "residual_risk", "conclusion", "updated_at"]
        )


def attach(builder: _Builder, answer: Answer, key: str, by: Any) -> Evidence:
    code = answer.question.code
    name, classification = EVIDENCE_NAMES.get(
        code, ("supporting-document.pdf", Evidence.Classification.CONFIDENTIAL)
    )
    platform = builder.platforms[FEATURES[key]["platform"]]
    # The PDF's built-in font has no Chinese: the title's Chinese name is left out.
    title = re.sub(r"\s*\([^)]*[^\x00-\x7f][^)]*\)", "", FEATURES[key]["title"])
    content = demo_pdf(
        f"{platform.operator.name_en}",
        f"{platform.name_en}: {title}",
        f"Question {code}: {name.removesuffix('.pdf').replace('-', ' ')}",
        "Demo evidence: not a real document.",
    )
    return steps.attach_evidence(
        answer,
        by=by,
        content=content,
        name=name,
        classification=classification,
        stored=builder.files,
    )


def prepare(builder: _Builder, key: str) -> None:
    """Answer and sign every assessment of the feature (the security and deep-synthesis
    filings share one: both use the security questionnaire)."""
    item = builder.features[key]
    platform = item.feature.platform
    done: set[int] = set()
    for filing in item.filings.values():
        assessment = assessment_of(filing)
        if assessment.pk in done:
            continue
        done.add(assessment.pk)
        answer(builder, key, assessment)
        sign_assessment(assessment=assessment, by=builder._signatory(platform))


def revise(builder: _Builder, filing: Filing, answers: dict[str, Any]) -> None:
    """Reopen the signed assessment, change some answers, and have it signed again."""
    platform = filing.platform
    officer, signatory = builder._officer(platform), builder._signatory(platform)
    assessment = Assessment.objects.get(pk=assessment_of(filing).pk)
    unsign_assessment(assessment=assessment, by=officer)
    for code, value in answers.items():
        question = builder._question(assessment.template_id, code)
        previous = Answer.objects.get(assessment=assessment, question=question)
        save_answer(
            assessment=assessment,
            question=question,
            value=value,
            by=officer,
            risk_rating=previous.risk_rating,
        )
    sign_assessment(assessment=assessment, by=signatory)
