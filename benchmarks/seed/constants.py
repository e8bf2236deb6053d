"""The seed's fixed settings: the benchmark's logins, the years, the states' shares, the
sizes at a scale (Targets) and what a seed reports (SeedReport).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from filings import models as filing_models
from filings.models import (
    State,
)

from .actors import AUTHORITIES

BENCH_PASSWORD = "bench-password-123"  # noqa: S105 (a published benchmark login)
BENCH_REVIEWER = "bench_reviewer"
BENCH_SUPERVISOR = "bench_supervisor"
BENCH_OFFICER = "bench_officer"
BENCH_SIGNATORY = "bench_signatory"
BENCH_ADMIN = "bench_admin"
BENCH_USERS = (BENCH_REVIEWER, BENCH_SUPERVISOR, BENCH_OFFICER, BENCH_SIGNATORY, BENCH_ADMIN)
BENCH_AUTHORITY = "beijing_cac"
DEFAULT_SEED = 2026
YEARS = 10

S = State
NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_SHANGHAI = 8 * 3600  # China has kept UTC+8, without daylight saving, since 1991
_SECOND = 1_000_000  # timestamps are integer microseconds since the epoch, in UTC
_MINUTE = 60 * _SECOND
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR

# States whose filing waits on someone now: their last step is recent. (A re-assessment
# order waits on the operator's new assessment.)
OPEN_STATES = frozenset(State) - {
    S.APPROVED, S.CONCLUDED, S.REJECTED, S.CANCELLED, S.REVOKED, S.WITHDRAWN,
}  # fmt: skip
NUMBERED = frozenset(filing_models.NUMBERED_STATES)
# Share of the filings in each state, for a regime whose outcome is a filing number (the
# algorithm filing): filed, changed, cancelled, revoked or not filed.
STATE_WEIGHTS = {
    S.APPROVED: 600,
    S.CANCELLED: 70,
    S.REVOKED: 12,
    S.REJECTED: 40,
    S.WITHDRAWN: 30,
    S.RECTIFICATION_REQUIRED: 12,
    S.CHANGE_PENDING: 12,
    S.CANCELLATION_PENDING: 6,
    S.DRAFT: 50,
    S.SUBMITTED: 40,
    S.UNDER_REVIEW: 70,
    S.RETURNED: 20,
    S.PENDING_APPROVAL: 18,
}
# The same for a regime whose offices each write a conclusion (the 2018 and deep-synthesis
# assessments): no number, so no change, cancellation or revocation and no rejection; what
# was approved, changed, cancelled or revoked above is concluded here, and an office that
# finds the assessment wanting orders a re-assessment or a rectification (the Beijing CAC's
# concluded share is raised to what the benchmark needs, see _assign_states).
CONCLUSION_WEIGHTS = {
    S.CONCLUDED: 700,
    S.REASSESSMENT_REQUIRED: 25,
    S.RECTIFICATION_REQUIRED: 27,
    S.WITHDRAWN: 30,
    S.DRAFT: 50,
    S.SUBMITTED: 40,
    S.UNDER_REVIEW: 70,
    S.RETURNED: 20,
    S.PENDING_APPROVAL: 18,
}
BEIJING_FEATURE_SHARE = 0.8  # of the features (big platforms are Beijing companies)
BEIJING_OPERATOR_SHARE = 0.35
MET_DEADLINE_SHARE = 0.35
# Of the filed algorithm filings (approved), those with a change recorded lately and not filed
# yet: its clock to file it is open, due around today.
RECORDED_CHANGE_SHARE = 0.03


class SeedError(RuntimeError):
    """The seeder cannot run here, or the schema changed in a way it must be taught."""


# --- Sizes ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Targets:
    scale: float
    operators: int
    platforms: int
    filings: int
    regulators: int
    audit_events: int
    notifications: int
    bench_platforms: int
    bench_features: int
    bench_concluded: int  # concluded filings in bench_reviewer's queue, at least

    @classmethod
    def at(cls, scale: float) -> Targets:
        if not 0 < scale <= 10:
            raise SeedError("The scale is a number above 0 and at most 10.")

        def n(full: int, least: int = 1) -> int:
            return max(least, round(full * scale))

        operators = n(1_000, 12)
        bench_platforms = n(40, 2)
        return cls(
            scale=scale,
            operators=operators,
            platforms=max(n(5_000), operators + bench_platforms),
            filings=n(300_000, 60),
            regulators=max(n(200), 2 * len(AUTHORITIES) + 2),
            audit_events=n(2_000_000, 100),
            notifications=n(1_000_000, 50),
            bench_platforms=bench_platforms,
            bench_features=n(750, 3),
            bench_concluded=math.ceil(113_000 * scale),  # 110,000 and a margin
        )


@dataclass
class SeedReport:
    scale: float
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    total_seconds: float = 0.0
