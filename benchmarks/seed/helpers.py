"""Small pure helpers: text for COPY, timestamps and dates in Shanghai, the working-day
calendar, weighted picks and quotas, and the formats of generated values.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence
from typing import Any

from assessments.models import Answer
from filings.models import Regime
from platforms.validators import USCC_ALPHABET
from workcalendar import calendar

from .constants import _EPOCH, _EPOCH_ORDINAL, _ESCAPES, _SECOND, _SHANGHAI, NULL
from .content import _CORRECTIONS
from .records import _Filing


# --- Text for COPY --------------------------------------------------------------------------
def _text(value: str) -> str:
    return value.translate(_ESCAPES)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False).translate(_ESCAPES)


def _iso(us: int) -> str:
    return (_EPOCH + dt.timedelta(microseconds=us)).isoformat()


def _opt(value: Any) -> str:
    if value is None:
        return NULL
    return str(value)


def _opt_iso(us: int | None) -> str:
    return NULL if us is None else _iso(us)


def _bool(value: bool) -> str:
    return "t" if value else "f"


def _copy_text(value: Any) -> str:
    """Any default value, as COPY's text format writes it."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return _bool(value)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        return _json(value)
    return _text(str(value))


def _local_date(us: int) -> dt.date:
    return dt.date.fromordinal(_EPOCH_ORDINAL + (us // _SECOND + _SHANGHAI) // 86400)


def _midnight(day: dt.date) -> int:
    """Midnight in Shanghai at the start of `day`, as UTC microseconds."""
    return ((day.toordinal() - _EPOCH_ORDINAL) * 86400 - _SHANGHAI) * _SECOND


# --- The working-day calendar ---------------------------------------------------------------
class WorkingDays:
    """The project's calendar (workcalendar.calendar) over the seeded years, as consecutive
    indices: adding or counting working days is arithmetic, not a scan per call."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.first = first
        self.dates: list[dt.date] = []
        self._upto: list[int] = []  # working days on or before each calendar day
        day = first
        while day <= last:
            if calendar.is_working_day(day):
                self.dates.append(day)
            self._upto.append(len(self.dates))
            day += dt.timedelta(days=1)
        self._official: dict[int, bool] = {}

    def index(self, day: dt.date) -> int:
        """The index of the last working day on or before `day`."""
        return self._upto[(day - self.first).days] - 1

    def add(self, anchor: dt.date, amount: int) -> tuple[dt.date, bool]:
        """As calendar.add_working_days: (due date, provisional)."""
        due = (
            anchor
            if amount == 0
            else self.dates[self._upto[(anchor - self.first).days] + amount - 1]
        )
        return due, self._provisional(anchor, due)

    def between(self, start: dt.date, end: dt.date) -> int:
        """As calendar.working_days_between, for end >= start."""
        return self._upto[(end - self.first).days] - self._upto[(start - self.first).days]

    def _provisional(self, start: dt.date, end: dt.date) -> bool:
        for year in range(start.year, end.year + 1):
            if year not in self._official:
                self._official[year] = calendar.is_official_year(year)
            if not self._official[year]:
                return True
        return False


# --- Small pure helpers ---------------------------------------------------------------------
def _pick(rng: random.Random, weighted: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _quota(n: int, fixed: dict[str, int], rng: random.Random, weights: dict[str, int]) -> list[str]:
    """n states in `weights`' shares (largest remainders), each at least once when there is
    room, `fixed` counts as given; shuffled."""
    others = [s for s in weights if s not in fixed]
    room = n - sum(fixed.values())
    base = dict.fromkeys(others, 1 if room >= len(others) else 0)
    room -= sum(base.values())
    total = sum(weights[s] for s in others)
    exact = {s: room * weights[s] / total for s in others}
    counts = {s: base[s] + int(exact[s]) for s in others}
    left = n - sum(fixed.values()) - sum(counts.values())
    for s in sorted(others, key=lambda s: exact[s] - int(exact[s]), reverse=True)[:left]:
        counts[s] += 1
    counts.update(fixed)
    states = [s for s in weights for _ in range(counts.get(s, 0))]
    rng.shuffle(states)
    return states


def _base31(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, digit = divmod(number, len(USCC_ALPHABET))
        digits.append(USCC_ALPHABET[digit])
    return "".join(reversed(digits))


def _value(base: str, answer_id: int, version: int) -> str:
    """An answer as it read after `version` corrections."""
    return base + "".join(_CORRECTIONS[(answer_id + k) % len(_CORRECTIONS)] for k in range(version))


def _risk(risk: str, version: int) -> str:
    return Answer.Rating.LOW if version and risk == "medium" else str(risk)


def _recipients(verb: str, f: _Filing, everyone: list[int], supervisors: list[int]) -> list[int]:
    """Who hears of a step: filings.services.outbox.RECIPIENTS, on the plan."""
    op = f.feature.op
    officers, staff = op.officers, [*op.officers, op.signatory]
    handling = [f.assignee] if f.assignee else everyone
    if verb == "submitted":
        return everyone
    if verb in ("resubmitted", "reassessment_submitted", "withdrawn", "sent_back",
                "information_answered", "rectification_responded"):  # fmt: skip
        return handling
    if verb in ("claimed", "returned", "information_requested", "rectification_verified",
                "change_accepted", "cancellation_accepted"):  # fmt: skip
        return officers
    if verb == "assigned":
        return [*handling, *officers]
    if verb == "decision_proposed":
        return supervisors
    if verb in ("approved", "rejected", "concluded"):
        return [*staff, *handling]
    if verb in ("rectification_ordered", "revoked"):
        return staff
    if verb in ("change_filed", "cancellation_filed"):
        return list(dict.fromkeys([*handling, *supervisors]))
    return []


def _numbered(regime: Regime) -> bool:
    """Whether the regime's filings end in a number (else in the offices' conclusions)."""
    return regime.outcome == Regime.Outcome.NUMBER
