"""The paths of the filings' steps: who claims each, what each office proposes and
concludes, the requests on the way."""

from __future__ import annotations

from typing import Any

from filings.models import (
    Conclusion,
    Decision,
    Regime,
)
from platforms.models import (
    PRE_LAUNCH_TRIGGERS,
)

from .constants import (
    S,
)
from .content import (
    _CHANGES,
    _RETURNS,
)
from .helpers import _numbered
from .records import _Filing


class _Paths:
    """_Seeder's part that plans the path of a filing's steps: who claims it, what each office
    proposes and concludes, the requests on the way."""

    def _last_step(self, f: _Filing) -> int:
        """When a filing that waits on someone took its last step: recently, so its clock
        runs out around today (a draft's is counted from its feature's dates)."""
        rng = self.rng
        if f.state == S.DRAFT:
            event = f.feature.trigger not in PRE_LAUNCH_TRIGGERS
            wait = rng.randint(2, 25) if event else rng.randint(5, 90)
        elif rng.random() < 0.2:
            wait = rng.randint(15, 45)  # the backlog: these are overdue
        else:
            wait = rng.randint(0, 10)
        return self.last_i - wait

    def _path(self, f: _Filing) -> tuple[list[list[Any]], int]:
        """The steps that led to the filing's state: [gap in working days, action, extra],
        and the step whose gap stretches when the filing must end later. The steps are those
        of the handling office's review (`_handler`); the other offices' are planned in
        `_walk` around them."""
        rng, st = self.rng, f.state
        self._handler(f)
        numbered = _numbered(f.regime)
        steps: list[list[Any]] = [[0, "planned", None]]
        if st == S.DRAFT:
            return steps, 0
        if st == S.WITHDRAWN and rng.random() < 0.4:
            steps.append([rng.randint(2, 40), "withdrawn", None])
            return steps, 1
        steps.append([rng.randint(3, 40), "submitted", None])
        if st in (S.SUBMITTED, S.WITHDRAWN):
            # Nobody claimed it yet (a claimed review goes on with its reviewer after a
            # return, and a filing under review is not withdrawn).
            if st == S.WITHDRAWN:
                steps.append([rng.randint(1, 10), "withdrawn", None])
            return steps, 1
        if f.staged and self.stage(f.regime, f.handler) > 1:
            steps.append([rng.randint(4, 15), "forwarded", None])
        steps.append(self._claim())
        returns = rng.choices(*_RETURNS)[0]
        if st == S.RETURNED:
            returns = max(1, returns)
        for n in range(returns):
            if rng.random() < 0.1:
                steps += self._information()
            steps.append([rng.randint(2, 8), "returned", None])
            if st == S.RETURNED and n == returns - 1:
                return steps, 1
            steps.append([rng.randint(3, 25), "resubmitted", None])
        if rng.random() < 0.1:
            steps.append([rng.randint(0, 3), "commented", None])
        if st == S.UNDER_REVIEW:
            if rng.random() < 0.3:
                steps.append([rng.randint(1, 8), "information_requested", None])
            return steps, 1
        if rng.random() < 0.12:
            steps += self._information()
        if rng.random() < 0.08:
            steps.append([rng.randint(2, 8), "decision_proposed", Decision.Kind.APPROVE])
            back = "proposal_taken_back" if rng.random() < 0.3 else "sent_back"
            steps.append([rng.randint(1, 5), back, None])
        kind = self._proposal(f)
        steps.append([rng.randint(2, 10), "decision_proposed", kind])
        if st == S.PENDING_APPROVAL:
            return steps, 1
        steps.append([rng.randint(1, 5), "rejected" if kind == "reject" else "approved", None])
        if st in (S.REJECTED, S.REASSESSMENT_REQUIRED):
            return steps, 1
        if st == S.RECTIFICATION_REQUIRED and not numbered:
            # The office concluded with a rectification order (its items and date).
            if rng.random() < 0.3:
                steps.append([rng.randint(3, 15), "rectification_responded", None])
            return steps, 1
        if numbered:
            for _ in range(rng.choices(*_CHANGES)[0]):
                steps.append([rng.randint(40, 400), "change_filed", None])
                steps.append([rng.randint(3, 25), "change_accepted", None])
        if rng.random() < 0.08:
            steps.append([rng.randint(30, 300), "rectification_ordered", None])
            steps.append([rng.randint(5, 20), "rectification_responded", None])
            steps.append([rng.randint(2, 10), "rectification_verified", None])
        gap, elastic = rng.randint(20, 300), len(steps)
        if st == S.RECTIFICATION_REQUIRED:
            steps.append([gap, "rectification_ordered", None])
            if rng.random() < 0.3:
                steps.append([rng.randint(3, 15), "rectification_responded", None])
        elif st == S.CHANGE_PENDING:
            steps.append([gap, "change_filed", None])
        elif st == S.CANCELLATION_PENDING:
            steps.append([gap, "cancellation_filed", None])
        elif st == S.CANCELLED:
            steps.append([gap, "cancellation_filed", None])
            steps.append([rng.randint(3, 20), "cancellation_accepted", None])
        elif st == S.REVOKED:
            if rng.random() < 0.5:
                steps.append([gap, "rectification_ordered", None])
                gap = rng.randint(5, 40)
            steps.append([gap, "revoked", None])
        return steps, elastic

    def _proposal(self, f: _Filing) -> str:
        """What the handling office proposes last (filings.outcomes: by the regime's outcome
        and the review's stage)."""
        st, rng = f.state, self.rng
        if _numbered(f.regime):
            last = not f.staged or self.stage(f.regime, f.handler) > 1
            reject = st == S.REJECTED or (last and st == S.PENDING_APPROVAL and rng.random() < 0.15)
            return Decision.Kind.REJECT if reject else Decision.Kind.APPROVE
        if f.regime.outcome != Regime.Outcome.CONCLUSION:
            return Decision.Kind.APPROVE
        if st == S.REASSESSMENT_REQUIRED:
            return Decision.Kind.REASSESS
        if st == S.RECTIFICATION_REQUIRED:
            return Decision.Kind.RECTIFY
        if st == S.PENDING_APPROVAL:
            roll = rng.random()
            if roll < 0.08:
                return Decision.Kind.REASSESS
            if roll < 0.16:
                return Decision.Kind.RECTIFY
        return Decision.Kind.APPROVE

    def _conclusion(self, f: _Filing, kind: str) -> str:
        """What the handling office's confirmed proposal concludes (filings.outcomes)."""
        if _numbered(f.regime):
            if f.staged and self.stage(f.regime, f.handler) == 1:
                return Conclusion.FORWARDED
            return Conclusion.NOT_FILED if kind == Decision.Kind.REJECT else Conclusion.FILED
        return {
            Decision.Kind.REASSESS: Conclusion.REASSESSMENT,
            Decision.Kind.RECTIFY: Conclusion.RECTIFICATION,
            Decision.Kind.ADVISE: Conclusion.ADVICE,
        }.get(kind, Conclusion.ACCEPTED)

    def _claim(self) -> list[Any]:
        action = "claimed" if self.rng.random() < 0.7 else "assigned"
        return [self.rng.randint(1, 3), action, None]

    def _information(self) -> list[list[Any]]:
        return [
            [self.rng.randint(1, 5), "information_requested", None],
            [self.rng.randint(1, 5), "information_answered", None],
        ]

    # --- The offices' reviews ---------------------------------------------------------------
