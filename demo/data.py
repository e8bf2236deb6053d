"""The demo's reference data (demo/scenarios/reference.json): who regulates, who is
regulated, who logs in, what they plan. Loaded once, with every value that names a choice of
a model (an authority's kind and level, a role, an evidence classification, a risk rating)
checked against the model's choices, so a typing error in the file stops the demo's seeding
with its place instead of building odd data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assessments.models import Answer, Evidence
from platforms.models import Authority, Role
from platforms.validators import uscc_check_character

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 (published on the login page in demo mode)
# The demo exists when this login does (the command then does nothing).
MARKER_USERNAME = "douyin_officer"

SECURITY = "cn-security-assessment"
ALGORITHM = "cn-algorithm-filing"
DEEP_SYNTHESIS = "cn-deep-synthesis-assessment"

REFERENCE = Path(__file__).parent / "scenarios" / "reference.json"


class DemoDataError(Exception):
    """A value of the demo's data files that the models do not allow."""


def uscc(region: str, org: str) -> str:
    """A valid unified social credit code for a made-up organisation."""
    body = f"91{region}{org}"
    return body + uscc_check_character(body)


def choice(value: str, allowed: Any, where: str) -> str:
    """`value` if it is one of the TextChoices `allowed`, else DemoDataError naming `where`."""
    if value not in allowed.values:
        raise DemoDataError(f"{REFERENCE.name}: {where}: {value!r} is not one of {allowed.values}")
    return value


def _load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    for key, office in data["authorities"].items():
        choice(office["kind"], Authority.Kind, f"authorities.{key}.kind")
        choice(office["level"], Authority.Level, f"authorities.{key}.level")
    organisations = {*data["authorities"], *data["operators"]}
    for person in data["people"]:
        choice(person["role"], Role, f"people.{person['username']}.role")
        if person["organisation"] not in organisations:
            raise DemoDataError(
                f"{REFERENCE.name}: people.{person['username']}: no organisation "
                f"{person['organisation']!r}"
            )
    for code, evidence in data["evidence_names"].items():
        choice(evidence["classification"], Evidence.Classification, f"evidence_names.{code}")
    for code, rating in data["risk_ratings"].items():
        choice(rating, Answer.Rating, f"risk_ratings.{code}")
    for key, platform in data["platforms"].items():
        if platform["operator"] not in data["operators"]:
            raise DemoDataError(f"{REFERENCE.name}: platforms.{key}: no operator")
    for key, feature in data["features"].items():
        if feature["platform"] not in data["platforms"]:
            raise DemoDataError(f"{REFERENCE.name}: features.{key}: no platform")
    return data


_DATA = _load()
AUTHORITIES: dict[str, dict[str, str]] = _DATA["authorities"]
OPERATORS: dict[str, dict[str, Any]] = _DATA["operators"]
PLATFORMS: dict[str, dict[str, Any]] = _DATA["platforms"]
# (username, given name, family name, organisation key, role)
PEOPLE: list[tuple[str, str, str, str, str]] = [
    (p["username"], p["given_name"], p["family_name"], p["organisation"], p["role"])
    for p in _DATA["people"]
]
FEATURES: dict[str, dict[str, Any]] = _DATA["features"]
# Names for the evidence attached to each question that needs it.
EVIDENCE_NAMES: dict[str, tuple[str, str]] = {
    code: (e["name"], e["classification"]) for code, e in _DATA["evidence_names"].items()
}
# Answers rated above "no risk": the rest are rated "none".
RISK_RATINGS: dict[str, str] = _DATA["risk_ratings"]
