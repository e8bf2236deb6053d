"""Planning each filing's states and its offices' reviews, and walking its steps (their paths:
`paths`; what they leave behind: `steps`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from filings.models import (
    Comment,
    Conclusion,
    Decision,
    FactChange,
    FilingRevision,
    RectificationOrder,
    Regime,
    ReviewState,
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
    _BY_OFFICER,
    _BY_SUPERVISOR,
    _ORDER_ITEMS,
)
from .helpers import _local_date, _numbered, _quota
from .records import _Change, _Comment, _Decision, _Feature, _Filing, _Order

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
