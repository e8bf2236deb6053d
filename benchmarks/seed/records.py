"""The plan's records: operators, features, filings, the offices' reviews, assessments,
comments, decisions, rectification orders and changes of the filed facts, as planned in Python
before anything is loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from filings.models import (
    Comment,
    Decision,
    FactChange,
    RectificationOrder,
    ReviewState,
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
        "decision", "feature", "first_sub", "handler", "id", "last_sub", "number", "orders",
        "pauses", "pool", "regime", "review", "reviews", "revs", "staged", "state", "supervisor",
        "template", "updated",
    )  # fmt: skip
    # `handler`: the office whose review the filing's own steps are; `review`: that review;
    # `assignee`: its assigned reviewer (the plan's, for notifications: no filing column).


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
    authority: int | None = None  # the office a regulator wrote for; None: the filer
    visibility: str = Comment.Visibility.FILER
    answered: int | None = None


@dataclass(slots=True)
class _Decision:
    id: int
    filing: int
    review: int
    kind: str
    proposed_by: int
    proposed: int
    items: list[dict[str, Any]] | None = None
    due: dt.date | None = None
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
    authority: int | None = None
    status: str = RectificationOrder.Status.OPEN
    response: str = ""
    responded_by: int | None = None
    responded: int | None = None
    verified_by: int | None = None
    verified: int | None = None


@dataclass(slots=True)
class _Change:
    """A change of the filed facts or an end of service (filings.FactChange)."""

    id: int
    filing: int
    kind: str
    effective_on: dt.date
    description: str
    recorded_by: int
    recorded: int
    status: str = FactChange.Status.RECORDED
    deadline: int | None = None
    revision: int | None = None
    filed_by: int | None = None
    filed: int | None = None
    decided_by: int | None = None
    decided: int | None = None
    reasons: str = ""


@dataclass(slots=True)
class _Review:
    """One office's review of a filing (filings.OfficeReview)."""

    id: int
    filing: int
    authority: int
    stage: int
    state: str
    created: int
    updated: int
    assignee: int | None = None
    conclusion: str = ""
    decision: int | None = None
    concluded: int | None = None

    def move(self, state: str, ts: int) -> None:
        self.state, self.updated = state, ts

    def conclude(self, conclusion: str, decision: _Decision, ts: int) -> None:
        self.state, self.updated = ReviewState.CONCLUDED, ts
        self.conclusion, self.decision, self.concluded = conclusion, decision.id, ts
