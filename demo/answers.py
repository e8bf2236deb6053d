"""The demo's answers to a feature's assessment: the texts of demo/scenarios/answers.json,
filled in with what data.py says of the feature, its platform and its operator."""

from __future__ import annotations

import json
import string
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assessments.models import Assessment
from filings.models import DeadlineKind

from .data import ALGORITHM, FEATURES, OPERATORS, PLATFORMS

if TYPE_CHECKING:
    from .builder import _Builder

ANSWERS = Path(__file__).parent / "scenarios" / "answers.json"


@cache
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
