"""Transitions and actions by the regulator (reviewers and supervisors)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Question
from platforms.models import Membership, Role
from platforms.roles import get_actor

from ..models import (
    Comment,
    DeadlineKind,
    Decision,
    Filing,
    RectificationItem,
    RectificationOrder,
    State,
)
from . import deadlines
from ._frame import _lock, _record, _required, _save, _take
from .errors import FilingError


# --- The regulator --------------------------------------------------------------------------
@transaction.atomic
def claim_filing(*, filing: Filing | int, by: Any, address: str | None = None) -> Filing:
    filing = _lock(filing)
    _take(filing, "claim", by)
    filing.assignee = by
    _save(filing, "assignee")
    _record(filing, by, "claimed", address=address)
    return filing


@transaction.atomic
def assign_filing(
    *, filing: Filing | int, by: Any, reviewer: Any, address: str | None = None
) -> Filing:
    filing = _lock(filing)
    eligible = Membership.objects.filter(
        user=reviewer,
        authority__in=filing.authorities.all(),
        role__in=[Role.REVIEWER, Role.SUPERVISOR],
        user__is_active=True,
    ).exists()
    if not eligible:
        raise FilingError(
            _("That person is not a reviewer of an authority this filing is addressed to.")
        )
    _take(filing, "assign", by)
    filing.assignee = reviewer
    _save(filing, "assignee")
    _record(filing, by, "assigned", address=address, data={"assignee": reviewer.get_username()})
    return filing


@transaction.atomic
def comment_on_filing(
    *,
    filing: Filing | int,
    by: Any,
    body: str,
    question: Question | None = None,
    internal: bool = False,
    information_request: bool = False,
    address: str | None = None,
) -> Comment:
    """A comment, or (regulators, during review) an information request to the filer."""
    filing = _lock(filing)
    actor = get_actor(by)
    # Regulators see a filing once it was submitted (never a draft).
    is_regulator = actor.regulator_of(filing.authority_ids) and filing.first_submitted_at
    if not (is_regulator or actor.has_operator_role(filing.operator_id, Role.OFFICER)):
        raise FilingError(_("Your role does not allow comments on this filing."))
    body = _required(body, _("A comment"))
    if (internal or information_request) and not is_regulator:
        raise FilingError(_("Only the regulator asks for information or writes internal notes."))
    if information_request and filing.state != State.UNDER_REVIEW:
        raise FilingError(_("Information is requested while the filing is under review."))
    if question is not None and question.section.template_id != filing.template_id:
        raise FilingError(_("That question is not in this filing's questionnaire."))
    kind = Comment.Kind.INFORMATION_REQUEST if information_request else Comment.Kind.COMMENT
    comment = Comment.objects.create(
        filing=filing,
        author=by,
        kind=kind,
        question=question,
        body=body,
        internal=internal,
        revision=filing.revisions.order_by("-number").first(),
    )
    if information_request:
        deadlines.on_information_requested(filing=filing)
    action = "information_requested" if information_request else "commented"
    _record(filing, by, action, address=address, text="" if internal else body)
    return comment


@transaction.atomic
def return_filing(
    *,
    filing: Filing | int,
    by: Any,
    reasons: Sequence[tuple[Question | None, str]],
    address: str | None = None,
) -> Filing:
    """under_review -> returned, with reasons per question; the review clock pauses."""
    filing = _lock(filing)
    reasons = [(q, (text or "").strip()) for q, text in reasons if (text or "").strip()]
    if not reasons:
        raise FilingError(_("Give at least one reason, naming the question it concerns."))
    for question, _text in reasons:
        if question is not None and question.section.template_id != filing.template_id:
            raise FilingError(_("That question is not in this filing's questionnaire."))
    _take(filing, "return_for_correction", by)
    _save(filing)
    revision = filing.revisions.order_by("-number").first()
    Comment.objects.bulk_create(
        Comment(
            filing=filing,
            author=by,
            kind=Comment.Kind.RETURN_REASON,
            question=q,
            body=text,
            revision=revision,
        )
        for q, text in reasons
    )
    deadlines.pause_deadline(
        filing=filing, kind=DeadlineKind.REVIEW, reason=_("Returned to the filer for correction")
    )
    _record(
        filing,
        by,
        "returned",
        address=address,
        text="\n".join(f"{q.code if q else '-'}: {t}" for q, t in reasons),
    )
    return filing


@transaction.atomic
def propose_decision(
    *, filing: Filing | int, by: Any, kind: str, reasons: str, address: str | None = None
) -> Decision:
    """under_review -> pending_approval: a reviewer's proposal for a supervisor."""
    filing = _lock(filing)
    if kind not in Decision.Kind.values:
        raise FilingError(_("Propose to approve or to reject."))
    reasons = _required(reasons, _("Reasons"))
    _take(filing, "propose_decision", by)
    _save(filing)
    decision = Decision.objects.create(
        filing=filing, kind=kind, reasons=reasons, proposed_by=by, proposed_at=timezone.now()
    )
    _record(filing, by, "decision_proposed", address=address, text=reasons, data={"proposal": kind})
    return decision


def _close_proposal(filing: Filing, by: Any, outcome: str, reasons: str = "") -> Decision:
    proposal = filing.open_proposal
    proposal.outcome = outcome
    proposal.decided_by, proposal.decided_at = by, timezone.now()
    proposal.decision_reasons = reasons
    proposal.save()
    return proposal


def filing_number(filing: Filing) -> str:
    """网信算备 + region (6) + year (4) + serial (11) + 号: 21 digits, unique by the serial."""
    year = timezone.localdate().year
    return (
        f"{filing.regime.filing_number_prefix}{filing.operator.region_code}{year}{filing.pk:011d}号"
    )


@transaction.atomic
def approve_filing(
    *, filing: Filing | int, by: Any, reasons: str = "", address: str | None = None
) -> Filing:
    """pending_approval -> approved by a supervisor who did not propose it; issues the number."""
    filing = _lock(filing)
    _take(filing, "approve", by)
    _close_proposal(filing, by, Decision.Outcome.CONFIRMED, reasons)
    filing.filing_number = filing.filing_number or filing_number(filing)
    filing.decided_at = timezone.now()
    _save(filing, "filing_number", "decided_at")
    deadlines.meet_deadline(filing=filing, kind=DeadlineKind.REVIEW)
    _record(
        filing,
        by,
        "approved",
        address=address,
        text=reasons,
        data={"filing_number": filing.filing_number},
    )
    return filing


@transaction.atomic
def reject_filing(
    *, filing: Filing | int, by: Any, reasons: str, address: str | None = None
) -> Filing:
    filing = _lock(filing)
    reasons = _required(reasons, _("Reasons"))
    _take(filing, "reject", by)
    _close_proposal(filing, by, Decision.Outcome.CONFIRMED, reasons)
    filing.decided_at = timezone.now()
    _save(filing, "decided_at")
    deadlines.cancel_deadlines(filing=filing)
    _record(filing, by, "rejected", address=address, text=reasons)
    return filing


@transaction.atomic
def send_back_proposal(
    *, filing: Filing | int, by: Any, reasons: str, address: str | None = None
) -> Filing:
    filing = _lock(filing)
    reasons = _required(reasons, _("Reasons"))
    _take(filing, "send_back", by)
    _close_proposal(filing, by, Decision.Outcome.SENT_BACK, reasons)
    _save(filing)
    _record(filing, by, "sent_back", address=address, text=reasons)
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
        filing=filing, issued_by=by, issued_at=timezone.now(), due_date=due_date
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
        data={"due_date": due_date.isoformat()},
    )
    return order


@transaction.atomic
def verify_rectification(*, filing: Filing | int, by: Any, address: str | None = None) -> Filing:
    filing = _lock(filing)
    _take(filing, "verify_rectification", by)
    order = filing.rectification_orders.get(status=RectificationOrder.Status.RESPONDED)
    order.status = RectificationOrder.Status.VERIFIED
    order.verified_by, order.verified_at = by, timezone.now()
    order.save()
    _save(filing)
    _record(filing, by, "rectification_verified", address=address)
    return filing


@transaction.atomic
def accept_change(*, filing: Filing | int, by: Any, address: str | None = None) -> Filing:
    filing = _lock(filing)
    _take(filing, "accept_change", by)
    _save(filing)
    deadlines.meet_deadline(filing=filing, kind=DeadlineKind.REVIEW)
    _record(filing, by, "change_accepted", address=address)
    return filing


@transaction.atomic
def accept_cancellation(*, filing: Filing | int, by: Any, address: str | None = None) -> Filing:
    filing = _lock(filing)
    _take(filing, "accept_cancellation", by)
    filing.decided_at = timezone.now()
    _save(filing, "decided_at")
    deadlines.cancel_deadlines(filing=filing)
    _record(filing, by, "cancellation_accepted", address=address)
    return filing


@transaction.atomic
def revoke_filing(
    *, filing: Filing | int, by: Any, reasons: str, address: str | None = None
) -> Filing:
    """A terminal decision by a supervisor; reasons required."""
    filing = _lock(filing)
    reasons = _required(reasons, _("Reasons"))
    _take(filing, "revoke", by)
    filing.decided_at = timezone.now()
    _save(filing, "decided_at")
    filing.rectification_orders.filter(
        status__in=[RectificationOrder.Status.OPEN, RectificationOrder.Status.RESPONDED]
    ).update(status=RectificationOrder.Status.CLOSED)
    deadlines.cancel_deadlines(filing=filing)
    _record(filing, by, "revoked", address=address, text=reasons)
    return filing
