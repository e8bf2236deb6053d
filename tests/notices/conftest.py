"""A campaign for the notice tests: the Beijing CAC (with the Beijing PSB) summons ByteDance
and Tencent about Douyin and WeChat."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from notices.models import Notice
from notices.services import draft_notice
from platforms.models import Role
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def beijing_psb_supervisor(beijing_psb: Any) -> Any:
    user = UserFactory(username="beijing_psb_supervisor")
    MembershipFactory(user=user, role=Role.SUPERVISOR, authority=beijing_psb)
    return user


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


def issue(
    by: Any, authority: Any, operators: list[Any], services: list[Any], **extra: Any
) -> Notice:
    fields: dict[str, Any] = {
        "title": "Voice-social services launched without assessment",
        "reason": "Voice rooms launched without the security assessment.",
        "scope": Notice.Scope.LISTED,
        "today": timezone.localdate(),
    }
    fields.update(extra)
    return draft_notice(
        by=by, authority=authority, operators=operators, services=services, **fields
    )


@pytest.fixture
def notice(
    beijing_supervisor: Any,
    beijing_cac: Any,
    douyin: Any,
    wechat: Any,
    douyin_officer: Any,
    wechat_officer: Any,
) -> Notice:
    """Issued by the Beijing CAC alone (its supervisor drafts and so signs) to two operators."""
    return issue(
        beijing_supervisor, beijing_cac, [douyin.operator, wechat.operator], [douyin, wechat]
    )
