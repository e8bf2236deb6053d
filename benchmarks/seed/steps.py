"""What a filing's path leaves behind: the other offices' reviews, changes of the filed
facts, proposals' items, orders and comments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from filings.models import (
    Comment,
    Conclusion,
    DeadlineKind,
    Decision,
    FactChange,
    ReviewState,
)

from .constants import (
    _MINUTE,
    S,
)
from .content import (
    _ANSWERS_TO_REQUESTS,
    _CANCELLATION_REASONS,
    _CHANGE_DESCRIPTIONS,
    _INTERNAL_NOTE,
    _ORDER_ITEMS,
    _REASSESSMENT_REASONS,
    _REQUESTS,
    _RETURN_REASONS,
)
from .helpers import _local_date
from .records import _Change, _Comment, _Decision, _Filing, _Order, _Review


class _Steps:
    """_Seeder's part that writes down what the path leaves behind: the other offices'
    reviews, changes of the filed facts, proposals' items, orders and comments."""

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
