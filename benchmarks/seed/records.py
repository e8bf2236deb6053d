"""The plan's records: operators, features, filings, assessments, comments, decisions and
rectification orders, as planned in Python before anything is loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from filings.models import (
    Decision,
    RectificationOrder,
)


# --- The plan -------------------------------------------------------------------------------
class _Op:
    __slots__ = (
        "beijing", "city", "domain", "id", "name_en", "name_zh", "officers", "platforms", "region",
        "signatory", "weight",
    )  # fmt: skip


class _Feature:
    __slots__ = (
        "assessments", "created", "ended_on", "filings", "flags", "id", "launched_on", "needs_ds",
        "officer", "op", "planned_launch", "platform", "status", "title", "trigger", "trigger_date",
    )  # fmt: skip


class _Filing:
    __slots__ = (
        "approved", "assessment", "assignee", "authorities", "changed", "created", "decided",
        "feature", "first_sub", "handler", "id", "last_sub", "number", "orders", "pauses", "pool",
        "regime", "revs", "state", "supervisor", "template", "updated",
    )  # fmt: skip


class _Assessment:
    __slots__ = ("answers", "feature", "filings", "id", "method", "primary", "signed", "template")


@dataclass(slots=True)
class _Comment:
    id: int
    filing: int
    author: int
    kind: str
    question: int | None
    parent: int | None
    revision: int | None
    body: str
    created: int
    internal: bool = False
    answered: int | None = None


@dataclass(slots=True)
class _Decision:
    id: int
    filing: int
    kind: str
    proposed_by: int
    proposed: int
    outcome: str = Decision.Outcome.PENDING
    decided_by: int | None = None
    decided: int | None = None
    reasons: str = ""


@dataclass(slots=True)
class _Order:
    id: int
    filing: int
    issued_by: int
    issued: int
    due: dt.date
    status: str = RectificationOrder.Status.OPEN
    response: str = ""
    responded_by: int | None = None
    responded: int | None = None
    verified_by: int | None = None
    verified: int | None = None
