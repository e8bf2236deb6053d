"""The regulator's decisions on a filing: an office's proposal and its supervisor's
confirmation or sending back (four eyes), and what follows a decision (rectification and
its verification, revocation). The review steps before them and the helpers they share are in
`review`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Question
from platforms.models import Role
from platforms.roles import get_actor

from .. import access, outcomes
from ..models import (
    Conclusion,
    DeadlineKind,
    Decision,
    FactChange,
    Filing,
    OfficeReview,
    RectificationItem,
    RectificationOrder,
    State,
)
from . import deadlines, office
from ._frame import _lock, _record, _required, _save, _take
from .errors import FilingError
from .review import Office, _office_data, _settle, _take_review

# "F3: the room limit is not stated" ties a re-assessment reason to question F3 (a Chinese
# full-width colon, U+FF1A, too).
_QUESTION_PREFIX = re.compile(r"^\s*([A-Za-z]{1,3}\d{1,3}[a-z]?)\s*[:\uff1a]\s*(.+)$", re.S)


def _items(filing: Filing, kind: str, lines: Sequence[str]) -> list[dict[str, Any]]:
    """The proposal's items. A re-assessment's reasons are per question: a line that starts
    with a question's code and a colon names that question of the filing's questionnaire
    (the officer's page links it); any other line concerns the assessment as a whole."""
    if kind != Decision.Kind.REASSESS:
        return [{"text": text} for text in lines]
    found = [_QUESTION_PREFIX.match(line) for line in lines]
    codes = {m.group(1).upper() for m in found if m}
    known = (
        dict(
            Question.objects.filter(
                section__template_id=filing.template_id, code__in=codes
            ).values_list("code", "pk")
        )
        if codes
        else {}
    )
    items: list[dict[str, Any]] = []
    for line, match in zip(lines, found, strict=True):
        code = match.group(1).upper() if match else ""
        if match and code in known:
            items.append({"question": known[code], "code": code, "text": match.group(2).strip()})
        else:
            items.append({"text": line})
    return items


@transaction.atomic
def propose_decision(
    *,
    filing: Filing | int,
    by: Any,
    kind: str,
    reasons: str,
    items: Sequence[str] = (),
    due_date: dt.date | None = None,
    office_id: Office = None,
    address: str | None = None,
) -> Decision:
    """The office's review -> pending approval: a proposed conclusion for a second supervisor
    of the office (or of the supervising office, when the office has no other)."""
    filing = _lock(filing)
    review = office.review_for(filing, by, office=office_id)
    if kind not in outcomes.proposals(review):
        choices = ", ".join(str(label) for _kind, label in outcomes.proposal_choices(review))
        raise FilingError(_("Propose one of: %(choices)s.") % {"choices": choices})
    reasons = _required(reasons, _("Reasons"))
    items = [i.strip() for i in items if i and i.strip()]
    if kind in outcomes.DATED:
        if due_date is None or due_date <= deadlines.local_today():
            raise FilingError(_("Give a date after today by which the operator must act."))
        if kind == Decision.Kind.RECTIFY and not items:
            raise FilingError(_("List at least one item to rectify."))
    else:
        due_date, items = None, []
    _take_review(review, "propose", by)
    escalated_to = office.escalation_for(review, by)
    review.save()
    decision = Decision.objects.create(
        filing=filing,
        review=review,
        kind=kind,
        reasons=reasons,
        items=_items(filing, kind, items),
        due_date=due_date,
        proposed_by=by,
        proposed_at=timezone.now(),
        escalated_to=escalated_to,
    )
    _settle(filing)
    data = _office_data(review, proposal=kind)
    if escalated_to is not None:
        data["escalated_to"] = escalated_to.pk
    _record(filing, by, "decision_proposed", address=address, text=reasons, data=data)
    return decision


def _open_proposal(review: OfficeReview) -> Decision:
    """The proposal a confirmation or a send-back acts on: their transitions' permissions
    (is_second_pair_of_eyes, may_take_back) let nobody take them without one."""
    proposal = review.open_proposal
    assert proposal is not None  # noqa: S101 (see above; _take_review ran first)
    return proposal


def _close_proposal(review: OfficeReview, by: Any, outcome: str, reasons: str = "") -> Decision:
    proposal = _open_proposal(review)
    proposal.outcome = outcome
    proposal.decided_at = timezone.now()
    # The proposer taking their own proposal back decides nothing (four eyes).
    proposal.decided_by = None if outcome == Decision.Outcome.TAKEN_BACK else by
    proposal.decision_reasons = reasons
    proposal.save()
    return proposal


def _confirm(
    filing: Filing, by: Any, *, negative: bool, reasons: str, office_id: Office, address: Any
) -> Filing:
    review = office.review_for(filing, by, office=office_id)
    proposal = review.open_proposal
    if proposal is not None and (proposal.kind == Decision.Kind.REJECT) != negative:
        raise FilingError(
            _(
                "The reviewer proposed another decision. To decide otherwise, send the "
                "proposal back to review with your reasons."
            )
        )
    _take_review(review, "confirm", by)
    decision = _close_proposal(review, by, Decision.Outcome.CONFIRMED, reasons)
    review.conclusion = outcomes.conclusion_for(review, decision.kind) or Conclusion.ACCEPTED
    review.decision = decision
    review.concluded_at = timezone.now()
    review.save()
    _order_from(filing, review, decision, by)
    _settle(filing)
    action = {
        State.APPROVED: "approved",
        State.REJECTED: "rejected",
    }.get(filing.state, "concluded")
    text = "\n".join(t for t in (decision.reasons, reasons) if t)
    data = _office_data(
        review,
        conclusion=review.conclusion,
        filing_number=filing.filing_number,
        due_date=decision.due_date.isoformat() if decision.due_date else None,
        filing_state=filing.state,
    )
    _record(filing, by, action, address=address, text=text, data=data)
    return filing


def _order_from(filing: Filing, review: OfficeReview, decision: Decision, by: Any) -> None:
    """A conclusion that orders something gives the operator a dated obligation."""
    if decision.kind == Decision.Kind.REASSESS:
        _dated_deadline(
            filing,
            DeadlineKind.REASSESSMENT,
            decision.due_date,
            _("set by the re-assessment order"),
        )
    elif decision.kind == Decision.Kind.RECTIFY:
        assert decision.due_date is not None  # noqa: S101 (propose_decision requires it)
        order = RectificationOrder.objects.create(
            filing=filing,
            authority=review.authority,
            issued_by=by,
            issued_at=timezone.now(),
            due_date=decision.due_date,
        )
        RectificationItem.objects.bulk_create(
            RectificationItem(order=order, number=n, text=item["text"])
            for n, item in enumerate(decision.items, 1)
        )
        _dated_deadline(
            filing,
            DeadlineKind.RECTIFICATION,
            decision.due_date,
            _("set by the rectification order"),
        )


def _dated_deadline(filing: Filing, kind: str, due: dt.date | None, text: str) -> None:
    """Open (or bring forward) the operator's clock to `due`: two offices ordering the same
    kind of thing by different dates leave the earlier date."""
    assert due is not None  # noqa: S101 (propose_decision requires it for dated proposals)
    current = filing.deadlines.filter(kind=kind, status="open").first()
    if current is not None and current.due_date <= due:
        return
    today = deadlines.local_today()
    deadlines.open_deadline(
        filing=filing,
        kind=kind,
        anchor_date=today,
        amount=(due - today).days,
        unit="calendar_days",
        rule_text=text,
    )


@transaction.atomic
def approve_filing(
    *,
    filing: Filing | int,
    by: Any,
    reasons: str = "",
    office_id: Office = None,
    address: str | None = None,
) -> Filing:
    """Confirm the office's proposal (a supervisor who did not make it): the office's
    conclusion. Once every office has concluded, the filing is decided: an algorithm
    filing gets its number and its register entry; an assessment its offices' conclusions."""
    filing = _lock(filing)
    return _confirm(
        filing, by, negative=False, reasons=reasons, office_id=office_id, address=address
    )


@transaction.atomic
def reject_filing(
    *,
    filing: Filing | int,
    by: Any,
    reasons: str,
    office_id: Office = None,
    address: str | None = None,
) -> Filing:
    """Confirm a proposal not to file (reasons required)."""
    filing = _lock(filing)
    reasons = _required(reasons, _("Reasons"))
    return _confirm(
        filing, by, negative=True, reasons=reasons, office_id=office_id, address=address
    )


@transaction.atomic
def send_back_proposal(
    *,
    filing: Filing | int,
    by: Any,
    reasons: str,
    office_id: Office = None,
    address: str | None = None,
) -> Filing:
    """A second supervisor sends the proposal back to review, or the proposer takes it back;
    reasons required either way."""
    filing = _lock(filing)
    reasons = _required(reasons, _("Reasons"))
    review = office.review_for(filing, by, office=office_id)
    _take_review(review, "send_back", by)
    own = _open_proposal(review).proposed_by_id == by.pk
    outcome = Decision.Outcome.TAKEN_BACK if own else Decision.Outcome.SENT_BACK
    _close_proposal(review, by, outcome, reasons)
    review.save()
    _settle(filing)
    _record(
        filing,
        by,
        "proposal_taken_back" if own else "sent_back",
        address=address,
        text=reasons,
        data=_office_data(review),
    )
    return filing


@transaction.atomic
def order_rectification(
    *,
    filing: Filing | int,
    by: Any,
    items: Sequence[str],
    due_date: dt.date,
    address: str | None = None,
) -> RectificationOrder:
    filing = _lock(filing)
    items = [i.strip() for i in items if i and i.strip()]
    if not items:
        raise FilingError(_("List at least one item to rectify."))
    today = deadlines.local_today()
    if due_date <= today:
        raise FilingError(_("The due date must be after today."))
    _take(filing, "order_rectification", by)
    _save(filing)
    order = RectificationOrder.objects.create(
        filing=filing,
        authority_id=access.acting_office(filing, by),
        issued_by=by,
        issued_at=timezone.now(),
        due_date=due_date,
    )
    RectificationItem.objects.bulk_create(
        RectificationItem(order=order, number=n, text=text) for n, text in enumerate(items, 1)
    )
    deadlines.open_deadline(
        filing=filing,
        kind=DeadlineKind.RECTIFICATION,
        anchor_date=today,
        amount=(due_date - today).days,
        unit="calendar_days",
        rule_text=_("set by the rectification order"),
    )
    _record(
        filing,
        by,
        "rectification_ordered",
        address=address,
        text="\n".join(items),
        data={"due_date": due_date.isoformat(), "office": order.authority_id},
    )
    return order


@transaction.atomic
def verify_rectification(*, filing: Filing | int, by: Any, address: str | None = None) -> Filing:
    """A supervisor of the ordering office verifies the response; the filing is back where the
    order found it once no other office's order is still open."""
    filing = _lock(filing)
    actor = get_actor(by)
    responded = filing.rectification_orders.filter(status=RectificationOrder.Status.RESPONDED)
    order = next(
        (
            o
            for o in responded
            if o.authority_id is None or actor.has_authority_role({o.authority_id}, Role.SUPERVISOR)
        ),
        None,
    )
    if order is None:
        _take(filing, "verify_rectification", by)  # says why: no response, or not your order
        raise FilingError(_("Your office has no rectification response to verify here."))
    others = (
        filing.rectification_orders.filter(
            status__in=[RectificationOrder.Status.OPEN, RectificationOrder.Status.RESPONDED]
        )
        .exclude(pk=order.pk)
        .exists()
    )
    if not others:
        _take(filing, "verify_rectification", by)  # while the order still reads "responded"
    order.status = RectificationOrder.Status.VERIFIED
    order.verified_by, order.verified_at = by, timezone.now()
    order.save()
    if not others:
        _save(filing)
    _record(
        filing, by, "rectification_verified", address=address, data={"office": order.authority_id}
    )
    return filing


@transaction.atomic
def revoke_filing(
    *, filing: Filing | int, by: Any, reasons: str, address: str | None = None
) -> Filing:
    """A terminal decision by a supervisor of the deciding office; reasons required."""
    filing = _lock(filing)
    reasons = _required(reasons, _("Reasons"))
    _take(filing, "revoke", by)
    filing.decided_at = timezone.now()
    _save(filing, "decided_at")
    filing.rectification_orders.filter(
        status__in=[RectificationOrder.Status.OPEN, RectificationOrder.Status.RESPONDED]
    ).update(status=RectificationOrder.Status.CLOSED)
    FactChange.objects.filter(
        filing=filing, status__in=[FactChange.Status.RECORDED, FactChange.Status.FILED]
    ).update(status=FactChange.Status.LAPSED)
    deadlines.cancel_deadlines(filing=filing)
    _record(filing, by, "revoked", address=address, text=reasons)
    return filing
