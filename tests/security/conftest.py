"""Two operators' worlds for the attack tests: ByteDance (A, Douyin, whose officer attacks)
and Tencent (B, WeChat, whose objects are attacked), with B's filings addressed to the
Guangdong offices. Every object an id-taking URL can name is built here for B."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.forms.models import model_to_dict

from assessments.models import Answer, Assessment, Evidence
from filings.models import Comment, Filing, Notification, State
from platforms.models import Role
from tests.builders import attach_evidence, filing_in_state
from tests.factories import MembershipFactory, UserFactory

# Every row of these apps is compared before and after an attack.
WATCHED_APPS = [
    "platforms",
    "assessments",
    "filings",
    "notices",
    "inspections",
    "dossiers",
    "audit",
    "workcalendar",
    "auth",
]


@dataclass
class World:
    """Operator B's objects, by kind."""

    draft: Filing
    submitted: Filing
    pending: Filing
    rectifying: Filing
    info_request: Comment
    draft_assessment: Assessment
    submitted_assessment: Assessment
    evidence: Evidence
    draft_evidence: Evidence
    notification: Notification
    people: dict[str, Any]


def _member(username: str, role: str, **org: Any) -> Any:
    user = UserFactory(username=username)
    MembershipFactory(user=user, role=role, **org)
    return user


@pytest.fixture
def guangdong_reviewer(guangdong_cac: Any) -> Any:
    return _member("guangdong_reviewer", Role.REVIEWER, authority=guangdong_cac)


@pytest.fixture
def guangdong_supervisor(guangdong_cac: Any) -> Any:
    return _member("guangdong_supervisor", Role.SUPERVISOR, authority=guangdong_cac)


def build_world(people: dict[str, Any]) -> World:
    """An operator's filings in the states the pages act on, with what hangs off them."""
    draft = filing_in_state(State.DRAFT, **people, title="Open voice channels")
    submitted = filing_in_state(State.UNDER_REVIEW, **people, title="Live voice co-hosting")
    pending = filing_in_state(State.PENDING_APPROVAL, **people, title="Voice rooms")
    rectifying = filing_in_state(State.RECTIFICATION_REQUIRED, **people, title="Mini-programs")
    info_request = Comment.objects.create(
        filing=submitted,
        author=people["reviewer"],
        kind=Comment.Kind.INFORMATION_REQUEST,
        body="Describe the moderation shifts.",
    )
    officer = people["officer"]
    draft_answer = Answer.objects.create(
        assessment=draft.assessment,
        question=draft.assessment.applicable_questions()[0],
        value="Draft answer",
        updated_by=officer,
    )
    draft_evidence = attach_evidence(draft_answer, officer)
    evidence = Evidence.objects.filter(answer__assessment=submitted.assessment).first()
    assert evidence is not None, "the submitted assessment should carry evidence"
    notification = Notification.objects.filter(recipient=officer).first()
    if notification is None:
        notification = Notification.objects.create(
            recipient=officer, filing=submitted, verb="test", message="For the test."
        )
    return World(
        draft=draft,
        submitted=submitted,
        pending=pending,
        rectifying=rectifying,
        info_request=info_request,
        draft_assessment=draft.assessment,
        submitted_assessment=submitted.assessment,
        evidence=evidence,
        draft_evidence=draft_evidence,
        notification=notification,
        people=people,
    )


@pytest.fixture
def world_b(
    wechat: Any,
    wechat_officer: Any,
    tencent_signatory: Any,
    guangdong_reviewer: Any,
    guangdong_supervisor: Any,
) -> World:
    """Operator B: Tencent's WeChat, filed with the Guangdong offices."""
    return build_world(
        {
            "platform": wechat,
            "officer": wechat_officer,
            "signatory": tencent_signatory,
            "reviewer": guangdong_reviewer,
            "supervisor": guangdong_supervisor,
        }
    )


@pytest.fixture
def world_a(cast: dict[str, Any]) -> World:
    """Operator A: ByteDance's Douyin, filed with the Beijing offices."""
    return build_world(cast)


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of the watched apps, field by field (sessions and lockout rows excluded)."""
    state: dict[str, list[dict[str, Any]]] = {}
    for app in WATCHED_APPS:
        for model in apps.get_app_config(app).get_models():
            rows = [model_to_dict(obj) for obj in model._base_manager.order_by("pk")]
            for row in rows:
                row.pop("last_login", None)  # logging the attacker in touches their own row
                for key, value in list(row.items()):
                    if hasattr(value, "name") and hasattr(value, "storage"):
                        row[key] = value.name
                    elif isinstance(value, list):
                        row[key] = [getattr(v, "pk", v) for v in value]
            state[model._meta.label] = rows
    return state
