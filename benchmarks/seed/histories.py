"""Planning each filing's states, its offices' reviews and the steps that led to them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from filings.models import (
    Comment,
    Conclusion,
    DeadlineKind,
    Decision,
    FactChange,
    FilingRevision,
    RectificationOrder,
    Regime,
    ReviewState,
)
from platforms.models import (
    PRE_LAUNCH_TRIGGERS,
)

from .constants import (
    _MINUTE,
    CONCLUSION_WEIGHTS,
    OPEN_STATES,
    RECORDED_CHANGE_SHARE,
    STATE_WEIGHTS,
    S,
    SeedError,
)
from .content import (
    _ANSWERS_TO_REQUESTS,
    _BY_OFFICER,
    _BY_SUPERVISOR,
    _CANCELLATION_REASONS,
    _CHANGE_DESCRIPTIONS,
    _CHANGES,
    _INTERNAL_NOTE,
    _ORDER_ITEMS,
    _REASSESSMENT_REASONS,
    _REQUESTS,
    _RETURN_REASONS,
    _RETURNS,
)
from .helpers import _local_date, _quota
from .records import _Change, _Comment, _Decision, _Feature, _Filing, _Order, _Review

# Where the filing's own steps leave its office's review.
_REVIEW_AFTER = {
    "claimed": ReviewState.UNDER_REVIEW,
    "assigned": ReviewState.UNDER_REVIEW,
    "returned": ReviewState.RETURNED,
    "resubmitted": ReviewState.UNDER_REVIEW,  # it resumes with its reviewer
    "decision_proposed": ReviewState.PENDING_APPROVAL,
    "sent_back": ReviewState.UNDER_REVIEW,
    "proposal_taken_back": ReviewState.UNDER_REVIEW,
}
# Review steps whose audit event names the office (as filings.services.review records them).
_OFFICE_VERBS = frozenset({
    *_REVIEW_AFTER, "information_requested", "commented", "approved", "rejected", "concluded",
}) - {"resubmitted"}  # fmt: skip
# The state of the filing after the decision that concludes its last review.
_DECIDED = {
    Conclusion.FILED: S.APPROVED,
    Conclusion.NOT_FILED: S.REJECTED,
    Conclusion.ACCEPTED: S.CONCLUDED,
    Conclusion.ADVICE: S.CONCLUDED,
    Conclusion.REASSESSMENT: S.REASSESSMENT_REQUIRED,
    Conclusion.RECTIFICATION: S.RECTIFICATION_REQUIRED,
}
_NUMBERED_ONLY = frozenset({S.CHANGE_PENDING, S.CANCELLATION_PENDING, S.CANCELLED, S.REVOKED})


def _numbered(regime: Regime) -> bool:
    return regime.outcome == Regime.Outcome.NUMBER


class _Histories:
    """_Seeder's part that plans states, paths, the offices' reviews and each filing's steps."""

    def _assign_states(self) -> None:
        """Each state in its share of the filings of regimes with the same outcome (a number,
        or the offices' conclusions), exactly; in the Beijing CAC's pool, at least as many
        concluded assessments as the benchmark's deep queue page needs."""
        groups: dict[tuple[bool, bool], list[_Filing]] = {}
        for f in self.filings:
            groups.setdefault((f.pool, _numbered(f.regime)), []).append(f)
        pool = groups.get((True, False), [])
        total = sum(CONCLUSION_WEIGHTS.values())
        concluded = max(
            round(len(pool) * CONCLUSION_WEIGHTS[S.CONCLUDED] / total), self.t.bench_concluded
        )
        if concluded > len(pool) - (len(CONCLUSION_WEIGHTS) - 1):
            raise SeedError(
                f"Too few assessments reach the Beijing CAC ({len(pool)}) for "
                f"{self.t.bench_concluded} concluded ones; raise the scale."
            )
        for key in ((True, True), (True, False), (False, True), (False, False)):
            group = groups.get(key, [])
            weights = STATE_WEIGHTS if key[1] else CONCLUSION_WEIGHTS
            fixed = {S.CONCLUDED: concluded} if key == (True, False) else {}
            states = _quota(len(group), fixed, self.rng, weights)
            for filing, state in zip(group, states, strict=True):
                filing.state = state

    def stage(self, regime: Regime, authority: int) -> int:
        """As Regime.stage_of, per (regime, office)."""
        key = (regime.pk, authority)
        if key not in self._stages:
            office = self.authority_by_pk[authority]
            self._stages[key] = regime.stage_of(office.kind, office.level)
        return self._stages[key]

    def _handler(self, f: _Filing) -> None:
        """The office whose review the filing's own steps are. A joint review: either office
        (the CAC more often). A staged one: the first stage's office while the filing has not
        gone further, else the last stage's (the first then forwarded it)."""
        auths = f.authorities
        stages = [self.stage(f.regime, a) for a in auths]
        f.staged = max(stages) > min(stages)
        if f.staged:
            first = auths[stages.index(min(stages))]
            last = auths[stages.index(max(stages))]
            early = f.state in (S.DRAFT, S.SUBMITTED, S.WITHDRAWN) or (
                f.state in (S.UNDER_REVIEW, S.RETURNED, S.PENDING_APPROVAL)
                and self.rng.random() < 0.5
            )
            f.handler = first if early else last
        else:
            f.handler = auths[0] if len(auths) == 1 or self.rng.random() < 0.7 else auths[1]

    def _people_of(self, authority: int) -> tuple[int, int]:
        """A reviewer and a supervisor of the office (the benchmark's two often, in theirs)."""
        rng = self.rng
        bench = authority == self.bench_authority.pk
        reviewer = (
            self.bench_reviewer
            if bench and rng.random() < 0.2
            else rng.choice(self.reviewers[authority])
        )
        supervisor = (
            self.bench_supervisor
            if bench and rng.random() < 0.5
            else rng.choice(self.supervisors[authority])
        )
        return reviewer, supervisor

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
    def _open_reviews(self, f: _Filing, ts: int) -> None:
        """At the first submission, as filings.services.office.open_reviews: one review per
        addressed office, the later stage's waiting."""
        stages = [self.stage(f.regime, a) for a in f.authorities]
        first = min(stages)
        for authority, stage in zip(f.authorities, stages, strict=True):
            state = ReviewState.SUBMITTED if stage == first else ReviewState.WAITING
            review = _Review(self.next_id("review"), f.id, authority, stage, state, ts, ts)
            self.office_reviews.append(review)
            f.reviews.append(review)
            if authority == f.handler:
                f.review = review

    def _side_review(
        self,
        f: _Filing,
        review: _Review,
        target: str,
        lo: int,
        hi: int,
        conclusion: str,
        after: str,
    ) -> None:
        """Another office's review, brought to `target` between `lo` and `hi` by its own
        reviewer and supervisor: claimed, proposed, confirmed (`after`: the filing's state
        then)."""
        if target in (ReviewState.SUBMITTED, ReviewState.WAITING):
            return
        rng = self.rng
        reviewer, supervisor = self._people_of(review.authority)
        span = max(hi - lo, 3 * _MINUTE)
        at = lo + int(span * rng.uniform(0.05, 0.3))
        verb = "claimed" if rng.random() < 0.7 else "assigned"
        actor = reviewer if verb == "claimed" else supervisor
        review.move(ReviewState.UNDER_REVIEW, at)
        review.assignee = reviewer
        self.events.append((at, f"filing.{verb}", f.id, actor, (review, reviewer, None)))
        if target == ReviewState.UNDER_REVIEW:
            return
        at += int(span * rng.uniform(0.1, 0.35))
        kind = Decision.Kind.APPROVE
        proposal = _Decision(self.next_id("decision"), f.id, review.id, kind, reviewer, at)
        self.decisions.append(proposal)
        review.move(ReviewState.PENDING_APPROVAL, at)
        self.events.append((at, "filing.decision_proposed", f.id, reviewer, (review, kind, None)))
        if target == ReviewState.PENDING_APPROVAL:
            return
        at += int(span * rng.uniform(0.05, 0.3))
        proposal.outcome = Decision.Outcome.CONFIRMED
        proposal.decided_by, proposal.decided, proposal.reasons = supervisor, at, "Agreed."
        review.conclude(conclusion, proposal, at)
        self.events.append((at, "filing.concluded", f.id, supervisor, (review, None, after)))

    def _other_offices(self, f: _Filing, lo: int, hi: int, *, decided: bool = False) -> None:
        """The other offices of the handling office's stage (a joint review), in a state that
        leaves the filing in its own: each concluded before the filing was decided, and while
        it is open each somewhere on its way."""
        rng, st = self.rng, f.state
        main = f.review
        for review in f.reviews:
            if review is main or review.stage != main.stage:
                continue
            if decided:
                target = ReviewState.CONCLUDED
            elif st == S.PENDING_APPROVAL:
                target = rng.choices(
                    [ReviewState.PENDING_APPROVAL, ReviewState.CONCLUDED], [60, 40]
                )[0]
            elif st == S.RETURNED:
                target = rng.choices(
                    [ReviewState.SUBMITTED, ReviewState.UNDER_REVIEW, ReviewState.CONCLUDED],
                    [30, 50, 20],
                )[0]
            elif st == S.UNDER_REVIEW:
                target = rng.choices(
                    [
                        ReviewState.SUBMITTED,
                        ReviewState.UNDER_REVIEW,
                        ReviewState.PENDING_APPROVAL,
                        ReviewState.CONCLUDED,
                    ],
                    [30, 40, 10, 20],
                )[0]
            else:  # submitted, or withdrawn before anyone claimed it
                target = ReviewState.SUBMITTED
            self._side_review(f, review, target, lo, hi, Conclusion.ACCEPTED, S.UNDER_REVIEW)

    def _walk(
        self, f: _Filing, steps: list[list[Any]], gaps: list[int], start: int, created: int
    ) -> None:
        """Lay the steps out in time and write down what each leaves behind."""
        rng, feature = self.rng, f.feature
        officer = feature.officer
        questions = self.questions(f.template, feature.needs_ds)
        numbered = _numbered(f.regime)
        reviewer, f.supervisor = self._people_of(f.handler)
        f.assignee = None
        f.review, f.reviews, f.decision = None, [], None
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
        confirmed: int | None = None  # when the handling office concluded
        filed: dict[str, _Change] = {}  # the change (or end) before the office, by kind
        day, ts = start, created
        for (_gap, action, extra), step_gap in zip(steps, gaps, strict=True):
            if action == "planned":
                self.events.append((created, "filing.planned", f.id, officer, None))
                continue
            day = min(day + step_gap, self.last_i)
            when = self.at(self.days.dates[day])
            before, ts = ts, when if when > ts else ts + rng.randrange(1, 20) * _MINUTE
            if action in _BY_OFFICER:
                actor = officer
            elif action in _BY_SUPERVISOR:
                actor = f.supervisor
            else:
                actor = reviewer
            note: Any = None
            state_after: str | None = None
            review = f.review
            if action == "forwarded":
                # The earlier stage's offices passed it on; the handling office's stage opens.
                for other in f.reviews:
                    if other.stage < review.stage:
                        self._side_review(
                            f, other, ReviewState.CONCLUDED, before, ts,
                            Conclusion.FORWARDED, S.UNDER_REVIEW,
                        )  # fmt: skip
                    elif other.stage == review.stage:
                        other.move(ReviewState.SUBMITTED, ts)
                continue
            if action in _REVIEW_AFTER:
                review.move(_REVIEW_AFTER[action], ts)
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
                    # A few days after the facts changed, and not before the filing's last step.
                    changed_on = _local_date(ts) - dt.timedelta(days=rng.randint(1, 8))
                    changed_on = max(changed_on, _local_date(before))
                    filed[FactChange.Kind.CHANGE] = self._filed_change(
                        f, FactChange.Kind.CHANGE, actor, ts, changed_on, revision
                    )
                f.revs.append((revision, len(f.revs) + 1, kind, ts, touched))
                touched = ()
                note = revision
                if action != "change_filed":
                    f.first_sub = f.first_sub or ts
                    f.last_sub = ts
                if action == "submitted":
                    self._open_reviews(f, ts)
                if action == "resubmitted":
                    for comment in open_reasons:
                        comment.answered = ts
                    f.pauses[-1][1] = ts
                    open_reasons = []
            elif action in ("claimed", "assigned"):
                f.assignee = review.assignee = reviewer
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
                comment.visibility = Comment.Visibility.OFFICE
            elif action == "decision_proposed":
                proposal = _Decision(self.next_id("decision"), f.id, review.id, extra, reviewer, ts)
                self._dated(proposal, questions, ts)
                self.decisions.append(proposal)
                note = extra
            elif action in ("sent_back", "proposal_taken_back") and proposal is not None:
                if action == "sent_back":
                    proposal.outcome = Decision.Outcome.SENT_BACK
                    proposal.decided_by = f.supervisor
                    proposal.reasons = "Ask for the log sample first."
                else:  # the proposer's own: nobody decided it (four eyes)
                    proposal.outcome = Decision.Outcome.TAKEN_BACK
                    proposal.reasons = "Taken back: the log sample is still missing."
                proposal.decided = ts
            elif action in ("approved", "rejected") and proposal is not None:
                # The other offices of this stage concluded first; this one decides the filing.
                self._other_offices(f, f.last_sub or ts, proposal.proposed, decided=True)
                proposal.outcome = Decision.Outcome.CONFIRMED
                proposal.decided_by, proposal.decided = f.supervisor, ts
                proposal.reasons = "Agreed."
                review.conclude(self._conclusion(f, proposal.kind), proposal, ts)
                f.decision, confirmed = proposal, ts
                state_after = _DECIDED[review.conclusion]
                f.decided = ts
                note = review.conclusion
                if state_after != S.REJECTED:
                    f.approved = ts
                if state_after == S.APPROVED:
                    f.number = (
                        f"{f.regime.filing_number_prefix}{feature.op.region}"
                        f"{_local_date(ts).year}{f.id:011d}号"
                    )
                elif state_after != S.REJECTED:
                    action = "concluded"
                if proposal.kind == Decision.Kind.RECTIFY:
                    order = self._order(f, f.supervisor, ts, proposal.due, proposal.items)
            elif action == "rectification_ordered":
                due = _local_date(ts) + dt.timedelta(days=rng.randint(15, 60))
                items = [{"text": t} for t in rng.sample(_ORDER_ITEMS, rng.randint(1, 3))]
                order = self._order(f, reviewer, ts, due, items)
                note = due.isoformat()
            elif action == "rectification_responded" and order is not None:
                order.status = RectificationOrder.Status.RESPONDED
                order.response = "Done; evidence attached to each item."
                order.responded_by, order.responded = officer, ts
            elif action == "rectification_verified" and order is not None:
                order.status = RectificationOrder.Status.VERIFIED
                order.verified_by, order.verified = f.supervisor, ts
                state_after = S.APPROVED if numbered else S.CONCLUDED
            elif action == "revoked":
                f.decided = ts
                for o in f.orders:
                    if o.status in (RectificationOrder.Status.OPEN, "responded"):
                        o.status = RectificationOrder.Status.CLOSED
            elif action == "cancellation_filed":
                ended = _local_date(ts) - dt.timedelta(days=rng.randint(0, 10))
                feature.ended_on = ended
                note = ended.isoformat()
                filed[FactChange.Kind.CANCELLATION] = self._filed_change(
                    f, FactChange.Kind.CANCELLATION, actor, ts, ended
                )
            if action in ("change_accepted", "cancellation_accepted"):
                # As filings.services.changes._decide: the filed one is accepted, no reasons.
                which = action.removesuffix("_accepted")  # the kind: change or cancellation
                change = filed.pop(which)
                change.status = FactChange.Status.ACCEPTED
                change.decided_by, change.decided = actor, ts
            if action == "cancellation_accepted":
                f.decided = ts
            if action in _OFFICE_VERBS:
                note = (review, note, state_after)
            elif state_after is not None:
                note = (None, note, state_after)
            self.events.append((ts, f"filing.{action}", f.id, actor, note))
        if f.review is not None and confirmed is None:
            # Not decided: the other offices of the stage are on their way (before the
            # filing's last step: nobody concludes while it is back with the filer).
            self._other_offices(f, f.last_sub or ts, ts)
        f.updated = max([ts, *(r.updated for r in f.reviews)])
        self._deadlines(f)
        if f.state == S.APPROVED and numbered and rng.random() < RECORDED_CHANGE_SHARE:
            self._recorded_change(f, officer, day, ts)

    def _filed_change(
        self,
        f: _Filing,
        kind: str,
        by: int,
        ts: int,
        effective_on: dt.date,
        revision: int | None = None,
    ) -> _Change:
        """As filings.services.changes.file_change and file_cancellation when nothing was
        recorded before: recorded and filed at once by the officer, with no clock to file it
        (and a change with the revision it froze)."""
        texts = _CHANGE_DESCRIPTIONS if kind == FactChange.Kind.CHANGE else _CANCELLATION_REASONS
        change = _Change(
            self.next_id("change"), f.id, kind, effective_on, self.rng.choice(texts), by, ts,
            status=FactChange.Status.FILED, revision=revision, filed_by=by, filed=ts,
        )  # fmt: skip
        self.changes.append(change)
        if revision is not None:
            self.change_of_revision[revision] = change
        else:
            self.cancellation_of[f.id] = change
        return change

    def _recorded_change(self, f: _Filing, by: int, day: int, ts: int) -> None:
        """A change the officer recorded lately and has not filed yet, as
        filings.services.changes.record_fact_change: the regime's clock to file it runs from
        the day the facts changed, so it is open and due around today (some overdue)."""
        rule = self.rule(f.regime, DeadlineKind.CHANGE, f.feature.trigger)
        if rule is None:
            return
        rng = self.rng
        day = max(day, self.last_i - rng.randint(0, 12))
        when = self.at(self.days.dates[day])
        recorded = when if when > ts else ts + rng.randrange(1, 20) * _MINUTE
        changed_on = self.days.dates[day] - dt.timedelta(days=rng.randint(0, 6))
        changed_on = max(changed_on, _local_date(ts))
        deadline = self._deadline(
            f, DeadlineKind.CHANGE, rule, changed_on, rule.amount, rule.unit, recorded
        )
        due = self.deadlines[-1][10]
        self.changes.append(
            _Change(
                self.next_id("change"), f.id, FactChange.Kind.CHANGE, changed_on,
                rng.choice(_CHANGE_DESCRIPTIONS), by, recorded, deadline=deadline,
            )
        )  # fmt: skip
        data = {"effective_on": changed_on.isoformat(), "due_date": due.isoformat()}
        self.events.append((recorded, "filing.change_recorded", f.id, by, (None, data, S.APPROVED)))

    def _dated(self, proposal: _Decision, questions: list[Any], ts: int) -> None:
        """A re-assessment or rectification proposal names what and by when."""
        rng = self.rng
        if proposal.kind == Decision.Kind.REASSESS:
            picked = rng.sample(questions, min(len(questions), rng.randint(1, 2))) or [None]
            proposal.items = [
                {"question": q.pk if q else None, "text": rng.choice(_REASSESSMENT_REASONS)}
                for q in picked
            ]
        elif proposal.kind == Decision.Kind.RECTIFY:
            proposal.items = [{"text": t} for t in rng.sample(_ORDER_ITEMS, rng.randint(1, 3))]
        else:
            return
        proposal.due = _local_date(ts) + dt.timedelta(days=rng.randint(30, 90))

    def _order(
        self, f: _Filing, by: int, ts: int, due: dt.date | None, items: list[dict[str, Any]] | None
    ) -> _Order:
        assert due is not None  # noqa: S101 (a dated proposal or an order names its date)
        order = _Order(self.next_id("order"), f.id, by, ts, due, authority=f.handler)
        self.orders.append(order)
        f.orders.append(order)
        for number, item in enumerate(items or [], 1):
            self.items.append((self.next_id("item"), order.id, number, item["text"]))
        return order

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
        if kind != Comment.Kind.ANSWER:
            comment.authority = f.handler
        self.comments.append(comment)
        return comment
