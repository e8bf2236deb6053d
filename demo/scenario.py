"""Runs the demo's scenarios (demo/scenarios/stories.json): each operator's feature and its
filings, driven to their states step by step through the services.

A scenario is data: the feature it starts from (a key of data.FEATURES), what it tells
(`about`), the state each of its filings ends in (`states`, checked once the steps have run),
and its steps in order. A step names what is done (`do`) and with what:
- `filing` (or `filings`: a list, or "all" in the order the rules created them): the
  feature's filing under that regime: "security", "algorithm" or "deep_synthesis";
- `by`, `reviewer`: the username of a demo login (data.PEOPLE);
- `office`: an authority's key (data.AUTHORITIES); `question`: a question's code;
- `<name>_in_days`: the date that many days from the demo's today, passed as `<name>`;
- `note`: a comment for the reader, ignored.
The review steps are demo/steps.py's, which tests/builders.py drives the tests' filings with.
"""

from __future__ import annotations

import datetime as dt
import json
import keyword
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filings import services
from filings.models import Comment, Filing

from . import steps
from .answers import answer, assessment_of, prepare, revise
from .data import ALGORITHM, DEEP_SYNTHESIS, SECURITY

if TYPE_CHECKING:
    from .builder import _Builder

STORIES = Path(__file__).parent / "scenarios" / "stories.json"
REGIMES = {"security": SECURITY, "algorithm": ALGORITHM, "deep_synthesis": DEEP_SYNTHESIS}


# What a step may do: each is a method of _Story ("return" is `return_`).
VERBS = (
    "prepare",
    "answer",
    "launch",
    "end",
    "submit",
    "approve",
    "conclude",
    "claim",
    "assign",
    "comment",
    "answer_request",
    "propose",
    "return",
    "revise",
    "withdraw",
    "plan_again",
    "file_change",
    "accept_change",
    "refuse_change",
    "record_fact_change",
    "file_cancellation",
    "accept_cancellation",
    "backdate_review",
    "order_rectification",
    "revoke",
    "respond_to_rectification",
    "verify_rectification",
)


class ScenarioError(Exception):
    """A scenario names a step, a filing or a person the demo does not have."""


def load_stories(path: Path = STORIES) -> list[dict[str, Any]]:
    stories: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return stories


def run_story(builder: _Builder, story: dict[str, Any]) -> None:
    """Run the story's steps, then check that each filing is in the state the story says."""
    runner = _Story(builder, story["feature"])
    runner.run(story["steps"], name=story["story"])
    for name, expected in story["states"].items():
        state = Filing.objects.values_list("state", flat=True).get(pk=runner._filing(name).pk)
        if state != expected:
            raise ScenarioError(
                f"{story['story']}: the {name} filing ended {state!r}, not {expected!r}"
            )


def _method(verb: str) -> str:
    return f"{verb}_" if keyword.iskeyword(verb) else verb


class _Story:
    def __init__(self, builder: _Builder, feature: str) -> None:
        self.b = builder
        self.key = feature
        self.request: Comment | None = None  # the last comment, for `answer_request`

    def run(self, story_steps: list[dict[str, Any]], *, name: str) -> None:
        for number, step in enumerate(story_steps, start=1):
            args = {k: v for k, v in step.items() if k not in ("do", "note")}
            if step.get("do") not in VERBS:
                raise ScenarioError(f"{name}, step {number}: unknown step {step.get('do')!r}")
            verb: Callable[..., None] = getattr(self, _method(step["do"]))
            if "filings" in args:
                names = args.pop("filings")
                filings = list(self._filings.values()) if names == "all" else names
                for filing in filings:
                    verb(filing=self._filing(filing), **self._resolve(args))
            else:
                if "filing" in args:
                    args["filing"] = self._filing(args["filing"])
                verb(**self._resolve(args))

    # --- What a step's words mean ----------------------------------------------------------
    @property
    def _filings(self) -> dict[str, Filing]:
        return self.b.features[self.key].filings

    def _filing(self, name: str | Filing) -> Filing:
        if isinstance(name, Filing):
            return name
        return self._filings[REGIMES[name]]

    def _resolve(self, args: dict[str, Any]) -> dict[str, Any]:
        resolved: dict[str, Any] = {}
        for key, value in args.items():
            if key.endswith("_in_days"):
                resolved[key.removesuffix("_in_days")] = self.b.today + dt.timedelta(days=value)
            elif key in ("by", "reviewer"):
                resolved[key] = self.b.users[value]
            else:
                resolved[key] = value
        return resolved

    # --- The steps ---------------------------------------------------------------------------
    def prepare(self) -> None:
        prepare(self.b, self.key)

    def answer(self, *, filing: Filing, only: list[str]) -> None:
        answer(self.b, self.key, assessment_of(filing), only=set(only))

    def launch(self, *, on: dt.date | None = None) -> None:
        self.b._launch(self.key, on=on)

    def end(self, *, on: dt.date) -> None:
        self.b._end(self.key, on)

    def submit(self, *, filing: Filing) -> None:
        self.b._submit(filing)

    def approve(self, *, filing: Filing, reasons: str) -> None:
        self.b._approve(filing, reasons)

    def conclude(self, *, filing: Filing, office: str, **decision: Any) -> None:
        self.b._conclude(filing, office, **decision)

    def claim(self, *, filing: Filing, by: Any) -> None:
        services.claim_filing(filing=filing, by=by)

    def assign(self, *, filing: Filing, by: Any, reviewer: Any) -> None:
        services.assign_filing(filing=filing, by=by, reviewer=reviewer)

    def comment(self, *, filing: Filing, question: str | None = None, **fields: Any) -> None:
        self.request = services.comment_on_filing(
            filing=filing, question=self.b._q(filing, question) if question else None, **fields
        )

    def answer_request(self, *, by: Any, body: str) -> None:
        if self.request is None:
            raise ScenarioError("answer_request: no comment to answer before it")
        services.answer_information_request(request=self.request, by=by, body=body)

    def propose(self, *, filing: Filing, by: Any, kind: str, reasons: str) -> None:
        services.propose_decision(filing=filing, by=by, kind=kind, reasons=reasons)

    def return_(self, *, filing: Filing, by: Any, reasons: list[list[str]]) -> None:
        per_question = [(self.b._q(filing, code), text) for code, text in reasons]
        steps.return_for_correction(filing, by=by, reasons=per_question)

    def revise(self, *, filing: Filing, answers: dict[str, Any]) -> None:
        revise(self.b, filing, answers)

    def withdraw(self, *, filing: Filing, by: Any, reason: str) -> None:
        services.withdraw_filing(filing=filing, by=by, reason=reason)

    def plan_again(self, *, replaces: str, by: Any) -> None:
        """The withdrawn filing's feature is planned again: a new filing takes its place."""
        feature = self.b.features[self.key].feature
        (again,) = services.plan_filings(feature=feature, by=by, today=self.b.today)
        self._filings[REGIMES[replaces]] = again.filing

    def file_change(self, *, filing: Filing, **fields: Any) -> None:
        steps.file_change(filing, **fields)

    def accept_change(self, *, filing: Filing, by: Any, reasons: str) -> None:
        services.accept_change(filing=filing, by=by, reasons=reasons)

    def refuse_change(self, *, filing: Filing, by: Any, reasons: str) -> None:
        services.refuse_change(filing=filing, by=by, reasons=reasons)

    def record_fact_change(self, *, filing: Filing, **fields: Any) -> None:
        services.record_fact_change(filing=filing, **fields)

    def file_cancellation(self, *, filing: Filing, **fields: Any) -> None:
        steps.file_cancellation(filing, **fields)

    def accept_cancellation(self, *, filing: Filing, by: Any) -> None:
        steps.accept_cancellation(filing, by=by)

    def backdate_review(self, *, filing: Filing, working_days_ago: int) -> None:
        self.b._backdate_review(filing, working_days_ago=working_days_ago)

    def order_rectification(self, *, filing: Filing, **fields: Any) -> None:
        steps.order_rectification(filing, **fields)

    def revoke(self, *, filing: Filing, by: Any, reasons: str) -> None:
        steps.revoke(filing, by=by, reasons=reasons)

    def verify_rectification(self, *, filing: Filing, by: Any) -> None:
        steps.verify_rectification(filing, by=by)

    def respond_to_rectification(
        self, *, filing: Filing, by: Any, response: str, each_item: str
    ) -> None:
        order = filing.rectification_orders.get()
        services.respond_to_rectification(
            filing=filing,
            by=by,
            response=response,
            item_responses={item.pk: each_item for item in order.items.all()},
        )
