"""Inspections of Douyin's filings, which go to the Beijing CAC and the Beijing PSB: the
Beijing offices inspect (alone or jointly); the Shanghai CAC and Tencent's officer are the
outsiders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from filings.models import Filing, State
from inspections.models import Inspection
from inspections.services import create_inspection, record_inspection
from platforms.models import Role
from tests.builders import filing_in_state
from tests.factories import MembershipFactory, UserFactory

PDF = b"%PDF-1.4 inspection record\n"


def pdf(name: str = "record.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


@pytest.fixture
def beijing_psb_supervisor(beijing_psb: Any) -> Any:
    user = UserFactory(username="beijing_psb_supervisor")
    MembershipFactory(user=user, role=Role.SUPERVISOR, authority=beijing_psb)
    return user


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def people(cast: dict[str, Any], beijing_psb_reviewer: Any, beijing_psb_supervisor: Any) -> Any:
    """The cast, with the Beijing PSB's own reviewer and supervisor acting for their office."""
    return cast


@pytest.fixture
def concluded(people: dict[str, Any]) -> Filing:
    """Douyin's security assessment, accepted by both Beijing offices."""
    return filing_in_state(State.CONCLUDED, **people, title="Voice chat rooms")


@pytest.fixture
def under_review(people: dict[str, Any]) -> Filing:
    return filing_in_state(State.UNDER_REVIEW, **people, title="Live co-hosting")


def open_inspection(filing: Filing, by: Any, authority: Any, **fields: Any) -> Inspection:
    values: dict[str, Any] = {
        "inspected_on": timezone.localdate(),
        "place": "ByteDance, Beijing, Haidian",
        "team": "Liu Fang, reviewer\nGao Yong, public security",
        "findings": "Rooms under 50 listeners are not moderated in real time.\n"
        "Night shift has two reviewers for 40,000 rooms.",
        "today": timezone.localdate(),
    }
    values.update(fields)
    return create_inspection(filing=filing, by=by, authority=authority, **values)


@pytest.fixture
def draft(concluded: Filing, beijing_reviewer: Any, beijing_cac: Any) -> Inspection:
    """The Beijing CAC's own draft (not joint)."""
    return open_inspection(concluded, beijing_reviewer, beijing_cac, files=[pdf()])


@pytest.fixture
def recorded(draft: Inspection, beijing_reviewer: Any) -> Inspection:
    return record_inspection(inspection=draft, by=beijing_reviewer)


@pytest.fixture
def joint_draft(
    concluded: Filing, beijing_reviewer: Any, beijing_cac: Any, beijing_psb: Any
) -> Inspection:
    return open_inspection(concluded, beijing_reviewer, beijing_cac, joint_authority=beijing_psb)
