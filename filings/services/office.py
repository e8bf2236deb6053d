"""The offices' reviews of a filing and the filing's state derived from them
(docs/domain-rules.md#joint-review).

- At the first submission each addressed office gets a review; offices of a later stage wait
  until every office of the earlier stage has concluded.
- The filing is *returned* while any office has returned it; the filer answers every office
  in one resubmission, after which every returned review goes on (with its reviewer).
- The filing is *concluded* once every office has: for a regime whose outcome is a number,
  the last stage's conclusion decides (filed or not filed); otherwise a re-assessment order
  from any office wins over a rectification order, which wins over acceptance, and the page
  says which office concluded what.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from platforms.models import Authority, Membership, Role
from platforms.roles import get_actor

from .. import access
from ..models import Conclusion, Filing, OfficeReview, Regime, ReviewState, State
from .errors import FilingError

# The filing states the reviews decide; outside them (draft, after a decision, terminal) the
# filing's own transitions rule and derivation leaves the state alone.
DERIVED_FROM_REVIEWS = frozenset(
    {State.SUBMITTED, State.UNDER_REVIEW, State.PENDING_APPROVAL, State.RETURNED}
)


def open_reviews(filing: Filing) -> list[OfficeReview]:
    """One review per addressed office, created at the first submission."""
    existing = {r.authority_id for r in filing.reviews.all()}
    authorities = [a for a in filing.authorities.all() if a.pk not in existing]
    stages = {a.pk: filing.regime.stage_of(a.kind, a.level) for a in authorities}
    first = min([*stages.values(), *(r.stage for r in filing.reviews.all())], default=1)
    created = OfficeReview.objects.bulk_create(
        OfficeReview(
            filing=filing,
            authority=a,
            stage=stages[a.pk],
            state=ReviewState.SUBMITTED if stages[a.pk] == first else ReviewState.WAITING,
        )
        for a in authorities
    )
    _forget(filing)
    return created


def _forget(filing: Filing) -> None:
    for name in ("_prefetched_objects_cache",):
        getattr(filing, name, {}).pop("reviews", None)
    filing.__dict__.pop("deciding_authority_ids", None)


def locked_reviews(filing: Filing) -> list[OfficeReview]:
    """The filing's reviews, locked (after the filing: locks.py), in a stable order."""
    reviews = list(
        OfficeReview.objects.select_for_update(of=("self",), no_key=True)
        .select_related("authority")
        .filter(filing=filing)
        .order_by("pk")
    )
    for review in reviews:
        review.filing = filing
    return reviews


def review_for(filing: Filing, by: Any, *, office: Authority | int | None = None) -> OfficeReview:
    """The review `by` acts in, locked: the review of their office, or one whose open proposal
    was escalated to their office. `office` chooses when a person belongs to several."""
    actor = get_actor(by)
    mine = [r for r in locked_reviews(filing) if access.acts_in(r, actor)]
    if office is not None:
        office_id = office.pk if isinstance(office, Authority) else office
        mine = [
            r for r in mine if r.authority_id == office_id or access.escalated_to(r) == office_id
        ]
    if not mine:
        raise FilingError(
            _(
                "Your role does not allow this action on this filing: your office does not "
                "review it."
            )
        )
    if len(mine) > 1:
        # Someone in two addressed offices: prefer the review that is theirs, not escalated.
        own = [r for r in mine if r.authority_id in actor.authority_ids]
        mine = own or mine
    return mine[0]


def escalation_for(review: OfficeReview, proposer: Any) -> Authority | None:
    """Where a proposal goes for confirmation when the office has no other active supervisor:
    the supervising office (the national office of the same kind, else the national CAC).
    None when the office has a second supervisor (the normal case)."""
    others = (
        Membership.objects.filter(
            authority_id=review.authority_id, role=Role.SUPERVISOR, user__is_active=True
        )
        .exclude(user=proposer)
        .exists()
    )
    if others:
        return None
    national = Authority.objects.filter(level=Authority.Level.NATIONAL).exclude(
        pk=review.authority_id
    )
    target = (
        national.filter(kind=review.authority.kind).first()
        or national.filter(kind=Authority.Kind.CAC).first()
    )
    has_supervisor = (
        target is not None
        and get_user_model()
        .objects.filter(
            is_active=True, memberships__authority=target, memberships__role=Role.SUPERVISOR
        )
        .exists()
    )
    if not has_supervisor:
        raise FilingError(
            _(
                "Your office has no other supervisor and there is no supervising office to "
                "confirm this proposal. Ask an admin to add a supervisor to your office."
            )
        )
    return target


def derive_state(filing: Filing, reviews: list[OfficeReview]) -> str:
    """The filing's state from its reviews (the table in this module's docstring)."""
    if any(r.state == ReviewState.RETURNED for r in reviews):
        return State.RETURNED
    if reviews and all(r.state == ReviewState.CONCLUDED for r in reviews):
        return _concluded_state(filing, reviews)
    open_ = [r for r in reviews if r.state not in (ReviewState.CONCLUDED, ReviewState.WAITING)]
    if open_ and all(r.state == ReviewState.PENDING_APPROVAL for r in open_):
        return State.PENDING_APPROVAL
    started = [r for r in reviews if r.state != ReviewState.WAITING]
    if started and all(r.state == ReviewState.SUBMITTED for r in started):
        return State.SUBMITTED
    return State.UNDER_REVIEW


def _concluded_state(filing: Filing, reviews: list[OfficeReview]) -> str:
    conclusions = {r.conclusion for r in reviews}
    if filing.regime.outcome == Regime.Outcome.NUMBER:
        last = max(r.stage for r in reviews)
        final = {r.conclusion for r in reviews if r.stage == last}
        return State.REJECTED if Conclusion.NOT_FILED in final else State.APPROVED
    if Conclusion.REASSESSMENT in conclusions:
        return State.REASSESSMENT_REQUIRED
    if Conclusion.RECTIFICATION in conclusions:
        return State.RECTIFICATION_REQUIRED
    return State.CONCLUDED


def next_stage(reviews: list[OfficeReview]) -> list[OfficeReview]:
    """Open the waiting reviews of the next stage once the current stage has concluded."""
    waiting = [r for r in reviews if r.state == ReviewState.WAITING]
    if not waiting:
        return []
    current = [r for r in reviews if r.state != ReviewState.WAITING]
    if any(r.state != ReviewState.CONCLUDED for r in current):
        return []
    nxt = min(r.stage for r in waiting)
    opened = [r for r in waiting if r.stage == nxt]
    for review in opened:
        review.open_stage()
        review.save()
    return opened


def set_filing_state(filing: Filing, state: str) -> None:
    """Write a derived state (the filing row is locked; `_save` saves it)."""
    filing.__dict__["state"] = state


def concluded_by_office(filing: Filing) -> list[dict[str, Any]]:
    """For the pages: which office concluded what, with reasons (oldest stage first)."""
    rows = []
    for review in filing.reviews.all():
        decision = review.decision
        rows.append(
            {
                "review": review,
                "authority": review.authority,
                "conclusion": review.get_conclusion_display() if review.conclusion else "",
                "reasons": decision.reasons if decision else "",
                "decision": decision,
            }
        )
    return rows
