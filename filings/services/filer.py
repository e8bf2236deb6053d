"""Transitions and answers by the filer (the operator's compliance officer)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platforms.models import Role
from platforms.roles import get_actor

from ..models import (
    Comment,
    Conclusion,
    DeadlineKind,
    Filing,
    FilingRevision,
    RectificationAttachment,
    RectificationOrder,
    ReviewState,
    State,
)
from . import deadlines, office
from ._frame import _freeze_revision, _lock, _record, _required, _save, _take
from .errors import FilingError
from .rectification import ItemFiles, open_order, record_attached, store_attachments


# --- The filer ------------------------------------------------------------------------------
@transaction.atomic
def submit_filing(*, filing: Filing | int, by: Any, address: str | None = None) -> FilingRevision:
    """Freeze a revision and put it before the offices: the first submission opens each
    addressed office's review and the review clock; a resubmission after a return resumes
    every returned review (and the clock); a new assessment after a re-assessment order
    reopens the review of each office that ordered it."""
    filing = _lock(filing)
    was = filing.state
    _take(filing, "submit", by)
    kind = {
        State.RETURNED: FilingRevision.Kind.RESUBMISSION,
        State.REASSESSMENT_REQUIRED: FilingRevision.Kind.REASSESSMENT,
    }.get(was, FilingRevision.Kind.SUBMISSION)
    revision = _freeze_revision(filing, by, kind)
    now = timezone.now()
    filing.first_submitted_at = filing.first_submitted_at or now
    filing.last_submitted_at = now
    today = deadlines.local_today()
    deadlines.meet_deadline(filing=filing, kind=DeadlineKind.FILING)
    reviews = office.locked_reviews(filing)
    if was == State.RETURNED:
        for review in reviews:
            if review.state == ReviewState.RETURNED:
                review.resume()
                review.save()
        deadlines.resume_deadline(filing=filing, kind=DeadlineKind.REVIEW, on=today)
        Comment.objects.filter(
            filing=filing, kind=Comment.Kind.RETURN_REASON, answered_at__isnull=True
        ).update(answered_at=now)
    elif was == State.REASSESSMENT_REQUIRED:
        for review in reviews:
            if review.conclusion == Conclusion.REASSESSMENT:
                review.conclusion, review.decision, review.concluded_at = "", None, None
                review.resume()
                review.save()
        filing.decided_at = None
        deadlines.meet_deadline(filing=filing, kind=DeadlineKind.REASSESSMENT)
        deadlines.open_deadline_from_rule(
            filing=filing, kind=DeadlineKind.REVIEW, anchor_date=today
        )
    else:
        office.open_reviews(filing)
        deadlines.open_deadline_from_rule(
            filing=filing, kind=DeadlineKind.REVIEW, anchor_date=today
        )
    office.set_filing_state(filing, office.derive_state(filing, office.locked_reviews(filing)))
    _save(filing, "first_submitted_at", "last_submitted_at", "decided_at")
    _record(
        filing,
        by,
        {State.RETURNED: "resubmitted", State.REASSESSMENT_REQUIRED: "reassessment_submitted"}.get(
            was, "submitted"
        ),
        address=address,
        revision_hash=revision.sha256,
        data={"revision": revision.number},
    )
    return revision


@transaction.atomic
def withdraw_filing(
    *, filing: Filing | int, by: Any, reason: str = "", address: str | None = None
) -> Filing:
    """draft or submitted -> withdrawn, only before any decision (and before review began)."""
    filing = _lock(filing)
    _take(filing, "withdraw", by)
    _save(filing)
    deadlines.cancel_deadlines(filing=filing)
    _record(filing, by, "withdrawn", address=address, text=reason)
    return filing


@transaction.atomic
def answer_information_request(
    *, request: Comment, by: Any, body: str, address: str | None = None
) -> Comment:
    filing = _lock(request.filing_id)
    if not get_actor(by).has_operator_role(filing.operator_id, Role.OFFICER):
        raise FilingError(_("Only the operator's compliance officers answer the regulator."))
    if request.kind != Comment.Kind.INFORMATION_REQUEST:
        raise FilingError(_("Only an information request takes an answer."))
    body = _required(body, _("An answer"))
    now = timezone.now()
    answer = Comment.objects.create(
        filing=filing,
        author=by,
        kind=Comment.Kind.ANSWER,
        parent=request,
        question=request.question,
        body=body,
    )
    Comment.objects.filter(pk=request.pk, answered_at__isnull=True).update(answered_at=now)
    deadlines.on_information_answered(filing=filing)
    _record(filing, by, "information_answered", address=address, text=body)
    return answer


@transaction.atomic
def respond_to_rectification(
    *,
    filing: Filing | int,
    by: Any,
    response: str,
    item_responses: dict[int, str] | None = None,
    files: ItemFiles | None = None,
    address: str | None = None,
) -> RectificationOrder:
    """Send the response, with the files given now added to those attached before; from
    here on the order's files are frozen."""
    filing = _lock(filing)
    order = open_order(filing, by)
    order.response = _required(response, _("A response"))
    for item in order.items.all():
        if item_responses and item.pk in item_responses:
            item.response = item_responses[item.pk].strip()
            item.save(update_fields=["response"])
    new: list[RectificationAttachment] = []
    if files:
        # A refused file stops the sending: nothing is stored (the page attaches first).
        _done, new = store_attachments(order=order, files=files, by=by, keep_passing=False)
    order.status = RectificationOrder.Status.RESPONDED
    order.responded_by, order.responded_at = by, timezone.now()
    order.save()
    if not filing.rectification_orders.filter(status=RectificationOrder.Status.OPEN).exists():
        deadlines.meet_deadline(filing=filing, kind=DeadlineKind.RECTIFICATION)
    files_sent = RectificationAttachment.objects.filter(item__order=order).count()
    record_attached(new, by=by, address=address)
    _record(
        filing,
        by,
        "rectification_responded",
        address=address,
        text=order.response,
        data={"files": files_sent},
    )
    return order
