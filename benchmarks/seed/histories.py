"""Planning each filing's states and the steps that led to them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from filings.models import (
    Comment,
    Decision,
    FilingRevision,
    RectificationOrder,
)
from platforms.models import (
    PRE_LAUNCH_TRIGGERS,
)

from .constants import _MINUTE, OPEN_STATES, STATE_WEIGHTS, S, SeedError
from .content import (
    _ANSWERS_TO_REQUESTS,
    _BY_OFFICER,
    _BY_SUPERVISOR,
    _CHANGES,
    _INTERNAL_NOTE,
    _ORDER_ITEMS,
    _REQUESTS,
    _RETURN_REASONS,
    _RETURNS,
)
from .helpers import _local_date, _quota
from .records import _Comment, _Decision, _Feature, _Filing, _Order


class _Histories:
    """_Seeder's part that plans states, paths and the steps of each filing."""

    def _assign_states(self) -> None:
        """Each state in its share, exactly; in the Beijing CAC's pool, at least as many
        approved filings as the benchmark's deep queue page needs."""
        pool = [f for f in self.filings if f.pool]
        rest = [f for f in self.filings if not f.pool]
        total = sum(STATE_WEIGHTS.values())
        approved = max(round(len(pool) * STATE_WEIGHTS[S.APPROVED] / total), self.t.bench_approved)
        if approved > len(pool) - (len(STATE_WEIGHTS) - 1):
            raise SeedError(
                f"Too few filings reach the Beijing CAC ({len(pool)}) for "
                f"{self.t.bench_approved} approved ones; raise the scale."
            )
        for group, fixed in ((pool, {S.APPROVED: approved}), (rest, {})):
            for filing, state in zip(group, _quota(len(group), fixed, self.rng), strict=True):
                filing.state = state

    # --- One feature's filings, step by step --------------------------------------------
    def _histories(self, feature: _Feature) -> None:
        rng = self.rng
        paths = [self._path(f) for f in feature.filings]
        lengths = [sum(step[0] for step in steps) for steps, _ in paths]
        ends = [self._last_step(f) if f.state in OPEN_STATES else None for f in feature.filings]
        if any(e is not None for e in ends):
            start = min(e - d for e, d in zip(ends, lengths, strict=True) if e is not None)
        else:
            latest = self.last_i - max(lengths)
            start = self.first_i + int(max(0, latest - self.first_i) * rng.random() ** 0.6)
        start = max(start, self.first_i)
        created = self.at(self.days.dates[start])
        feature.created = created
        self.events.append((created, "feature.registered", feature.id, feature.officer, None))
        for n, (f, (steps, elastic), length, end) in enumerate(
            zip(feature.filings, paths, lengths, ends, strict=True)
        ):
            target = end if end is not None else min(start + length, self.last_i)
            gaps = [step[0] for step in steps]
            if start + length > target:
                factor = (target - start) / length
                gaps = [int(g * factor) for g in gaps]
            elif start + length < target and elastic:
                gaps[elastic] += target - start - length
            self._walk(f, steps, gaps, start, created + (n + 1) * 1000)
        self._feature_dates(feature)

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
        and the step whose gap stretches when the filing must end later."""
        rng, st = self.rng, f.state
        steps: list[list[Any]] = [[0, "planned", None]]
        if st == S.DRAFT:
            return steps, 0
        if st == S.WITHDRAWN and rng.random() < 0.4:
            steps.append([rng.randint(2, 40), "withdrawn", None])
            return steps, 1
        steps.append([rng.randint(3, 40), "submitted", None])
        returns = 0 if st == S.WITHDRAWN else rng.choices(*_RETURNS)[0]
        if st == S.RETURNED:
            returns = max(1, returns)
        for n in range(returns):
            steps.append(self._claim())
            if rng.random() < 0.1:
                steps += self._information()
            steps.append([rng.randint(2, 8), "returned", None])
            if st == S.RETURNED and n == returns - 1:
                return steps, 1
            steps.append([rng.randint(3, 25), "resubmitted", None])
        if st in (S.SUBMITTED, S.WITHDRAWN):
            if st == S.WITHDRAWN:
                steps.append([rng.randint(1, 10), "withdrawn", None])
            return steps, 1
        steps.append(self._claim())
        if rng.random() < 0.1:
            steps.append([rng.randint(0, 3), "commented", None])
        if st == S.UNDER_REVIEW:
            if rng.random() < 0.3:
                steps.append([rng.randint(1, 8), "information_requested", None])
            return steps, 1
        if rng.random() < 0.12:
            steps += self._information()
        if rng.random() < 0.08:
            steps.append([rng.randint(2, 8), "decision_proposed", "approve"])
            steps.append([rng.randint(1, 5), "sent_back", None])
        reject = st == S.REJECTED or (st == S.PENDING_APPROVAL and rng.random() < 0.15)
        steps.append([rng.randint(2, 10), "decision_proposed", "reject" if reject else "approve"])
        if st == S.PENDING_APPROVAL:
            return steps, 1
        if st == S.REJECTED:
            steps.append([rng.randint(1, 5), "rejected", None])
            return steps, 1
        steps.append([rng.randint(1, 5), "approved", None])
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

    def _claim(self) -> list[Any]:
        action = "claimed" if self.rng.random() < 0.7 else "assigned"
        return [self.rng.randint(1, 3), action, None]

    def _information(self) -> list[list[Any]]:
        return [
            [self.rng.randint(1, 5), "information_requested", None],
            [self.rng.randint(1, 5), "information_answered", None],
        ]

    def _walk(
        self, f: _Filing, steps: list[list[Any]], gaps: list[int], start: int, created: int
    ) -> None:
        """Lay the steps out in time and write down what each leaves behind."""
        rng, feature = self.rng, f.feature
        officer = feature.officer
        questions = self.questions(f.template, feature.needs_ds)
        auths = f.authorities
        f.handler = auths[0] if len(auths) == 1 or rng.random() < 0.7 else auths[1]
        reviewers, supervisors = self.reviewers[f.handler], self.supervisors[f.handler]
        bench = f.handler == self.bench_authority.pk
        reviewer = self.bench_reviewer if bench and rng.random() < 0.2 else rng.choice(reviewers)
        f.supervisor = (
            self.bench_supervisor if bench and rng.random() < 0.5 else rng.choice(supervisors)
        )
        f.assignee = None
        f.revs, f.pauses, f.orders = [], [], []
        f.first_sub = f.last_sub = f.decided = f.approved = f.changed = None
        f.number = None
        f.created = created
        revision = None  # the latest revision's id
        open_reasons: list[_Comment] = []
        touched: tuple[str, ...] = ()
        request: _Comment | None = None
        proposal: _Decision | None = None
        order: _Order | None = None
        day, ts = start, created
        for (_gap, action, extra), step_gap in zip(steps, gaps, strict=True):
            if action == "planned":
                self.events.append((created, "filing.planned", f.id, officer, None))
                continue
            day = min(day + step_gap, self.last_i)
            when = self.at(self.days.dates[day])
            ts = when if when > ts else ts + rng.randrange(1, 20) * _MINUTE
            if action in _BY_OFFICER:
                actor = officer
            elif action in _BY_SUPERVISOR:
                actor = f.supervisor
            else:
                actor = reviewer
            note: Any = None
            if action in ("submitted", "resubmitted", "change_filed"):
                revision = self.next_id("revision")
                kind = {
                    "submitted": FilingRevision.Kind.SUBMISSION,
                    "resubmitted": FilingRevision.Kind.RESUBMISSION,
                    "change_filed": FilingRevision.Kind.CHANGE,
                }[action]
                if action == "change_filed":
                    touched = tuple(q.code for q in rng.sample(questions, min(len(questions), 2)))
                    f.changed = ts
                f.revs.append((revision, len(f.revs) + 1, kind, ts, touched))
                touched = ()
                note = revision
                if action != "change_filed":
                    f.first_sub = f.first_sub or ts
                    f.last_sub = ts
                if action == "resubmitted":
                    for comment in open_reasons:
                        comment.answered = ts
                    f.pauses[-1][1] = ts
                    open_reasons = []
            elif action in ("claimed", "assigned"):
                f.assignee = reviewer
                if action == "assigned":
                    note = reviewer
            elif action == "returned":
                picked = rng.sample(questions, min(len(questions), rng.randint(1, 2))) or [None]
                for q in picked:
                    comment = self._comment(
                        f, reviewer, Comment.Kind.RETURN_REASON, q and q.pk, None, revision, ts
                    )
                    open_reasons.append(comment)
                touched = tuple(q.code for q in picked if q is not None)
                f.pauses.append([ts, None])
            elif action == "information_requested":
                q = rng.choice(questions) if questions else None
                request = self._comment(
                    f, reviewer, Comment.Kind.INFORMATION_REQUEST, q and q.pk, None, revision, ts
                )
            elif action == "information_answered" and request is not None:
                request.answered = ts
                self._comment(
                    f, officer, Comment.Kind.ANSWER, request.question, request.id, None, ts
                )
            elif action == "commented":
                comment = self._comment(f, reviewer, Comment.Kind.COMMENT, None, None, revision, ts)
                comment.internal = True
            elif action == "decision_proposed":
                proposal = _Decision(self.next_id("decision"), f.id, extra, reviewer, ts)
                self.decisions.append(proposal)
                note = extra
            elif action in ("approved", "rejected", "sent_back") and proposal is not None:
                sent_back = action == "sent_back"
                proposal.outcome = (
                    Decision.Outcome.SENT_BACK if sent_back else Decision.Outcome.CONFIRMED
                )
                proposal.decided_by, proposal.decided = f.supervisor, ts
                proposal.reasons = "Ask for the log sample first." if sent_back else "Agreed."
                if action == "approved":
                    f.approved = f.decided = ts
                    f.number = (
                        f"{f.regime.filing_number_prefix}{feature.op.region}"
                        f"{_local_date(ts).year}{f.id:011d}号"
                    )
                elif action == "rejected":
                    f.decided = ts
            elif action == "rectification_ordered":
                due = _local_date(ts) + dt.timedelta(days=rng.randint(15, 60))
                order = _Order(self.next_id("order"), f.id, reviewer, ts, due)
                self.orders.append(order)
                f.orders.append(order)
                for number, text in enumerate(rng.sample(_ORDER_ITEMS, rng.randint(1, 3)), 1):
                    self.items.append((self.next_id("item"), order.id, number, text))
                note = due.isoformat()
            elif action == "rectification_responded" and order is not None:
                order.status = RectificationOrder.Status.RESPONDED
                order.response = "Done; evidence attached to each item."
                order.responded_by, order.responded = officer, ts
            elif action == "rectification_verified" and order is not None:
                order.status = RectificationOrder.Status.VERIFIED
                order.verified_by, order.verified = f.supervisor, ts
            elif action == "revoked":
                f.decided = ts
                for o in f.orders:
                    if o.status in (RectificationOrder.Status.OPEN, "responded"):
                        o.status = RectificationOrder.Status.CLOSED
            elif action == "cancellation_filed":
                ended = _local_date(ts) - dt.timedelta(days=rng.randint(0, 10))
                feature.ended_on = ended
                note = ended.isoformat()
            elif action == "cancellation_accepted":
                f.decided = ts
            self.events.append((ts, f"filing.{action}", f.id, actor, note))
        f.updated = ts
        self._deadlines(f)

    def _comment(
        self,
        f: _Filing,
        author: int,
        kind: str,
        question: int | None,
        parent: int | None,
        revision: int | None,
        ts: int,
    ) -> _Comment:
        bodies = {
            Comment.Kind.RETURN_REASON: _RETURN_REASONS,
            Comment.Kind.INFORMATION_REQUEST: _REQUESTS,
            Comment.Kind.ANSWER: _ANSWERS_TO_REQUESTS,
        }
        body = self.rng.choice(bodies.get(kind, [_INTERNAL_NOTE]))
        comment = _Comment(
            self.next_id("comment"), f.id, author, kind, question, parent, revision, body, ts
        )
        self.comments.append(comment)
        return comment
