"""Officer-facing pages of the filings app (the regulator's side lives in the review app)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django_fsm import Transition, has_transition_perm

from .. import access, activity
from ..models import (
    Comment,
    Deadline,
    DeadlineKind,
    Filing,
    OfficeReview,
    RectificationAttachment,
    RectificationItem,
    Visibility,
)
from ..services.changes import RECORDABLE_STATES
from .filer import OFFICER_ACTIONS

# The officer's transitions and the page that confirms each one (the officer's action table).
ACTION_URLS = {a.transition: f"filings:{a.slug}" for a in OFFICER_ACTIONS.values() if a.transition}


def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The filing's page. Regulators work a filing in the review workspace."""
    filing = get_object_or_404(
        access.visible_filings(request.user)
        .select_related("regime", "platform", "planned_feature", "operator")
        .prefetch_related(
            Prefetch(
                "reviews",
                OfficeReview.objects.select_related("authority", "decision").order_by(
                    "stage", "authority_id"
                ),
            ),
        ),
        pk=pk,
    )
    # A submitted filing's offices are its reviews' (one query for both); a draft has none yet.
    reviews = list(filing.reviews.all())
    addressed = [r.authority for r in reviews] or list(filing.authorities.all())
    if access.reviews_filing(request.user, filing, offices=[a.pk for a in addressed]):
        return redirect("review:workspace", pk=filing.pk)
    context = {
        "filing": filing,
        "addressed": addressed,
        "reviews": reviews,
        "stages": len({r.stage for r in reviews}) > 1,
        **_comments(filing),
        "orders": _rectification_orders(filing),
        "deadlines": _deadlines(filing),
        "revisions": filing.revisions.order_by("-number")
        .select_related("submitted_by")
        .defer("snapshot"),
        "officer_actions": _officer_actions(filing, request.user),
        "timeline": activity.timeline(filing, offices=None),
        "recordable": access.can_record_change(request.user, filing, RECORDABLE_STATES),
    }
    return render(request, "filings/filing_detail.html", context)


def _officer_actions(filing: Filing, user: Any) -> list[tuple[Transition, str]]:
    """What `filing.available_actions(user)` offers of the officer's transitions, asked of
    these alone: asking all of them runs the regulators' guards, which query."""
    # In django-fsm's order, as available_actions lists them.
    names = dict.fromkeys(
        t.name for t in filing.get_all_state_transitions() if t.name in ACTION_URLS
    )
    offered = []
    for name in names:
        method = getattr(filing, name)
        if has_transition_perm(method, user):
            offered.append((method._django_fsm.get_transition(filing.state), ACTION_URLS[name]))
    return offered


def _comments(filing: Filing) -> dict[str, list[Comment]]:
    """The regulator's reasons for return (newest first) and information requests (oldest
    first) shared with the filer, each request with its replies: one query, on the filing's
    comments (a reply is written on its request's filing: services.filer)."""
    kinds = [Comment.Kind.RETURN_REASON, Comment.Kind.INFORMATION_REQUEST, Comment.Kind.COMMENT]
    to_filer = Visibility.FILER
    rows = list(
        Comment.objects.filter(filing=filing)
        .filter(
            Q(visibility=to_filer, kind__in=kinds)
            | Q(parent__visibility=to_filer, parent__kind=Comment.Kind.INFORMATION_REQUEST)
        )
        .select_related("question__section", "authority")
        .order_by("created_at", "pk")
    )

    def shared(kind: str) -> list[Comment]:
        return [
            c
            for c in rows
            if c.filing_id == filing.pk and c.visibility == to_filer and c.kind == kind
        ]

    requests = shared(Comment.Kind.INFORMATION_REQUEST)
    for r in requests:
        r.thread = [c for c in rows if c.parent_id == r.pk]
    return {
        "return_reasons": shared(Comment.Kind.RETURN_REASON)[::-1],
        "requests": requests,
        # What a regulator wrote to the filer outside a request (the comment form says the
        # filer reads it), and the filer's own comments.
        "shared_comments": [c for c in shared(Comment.Kind.COMMENT) if c.parent_id is None],
    }


def _rectification_orders(filing: Filing) -> list[Any]:
    """The filing's rectification orders (newest first), each with its items and their
    files. Read from the items: an order always has one (services.order_rectification
    refuses an empty list), and it saves the page a query."""
    items = list(
        RectificationItem.objects.filter(order__filing=filing)
        .select_related("order__authority")
        .order_by("-order__issued_at", "order_id", "number")
    )
    files: dict[int, list[RectificationAttachment]] = {}
    if items:
        for attachment in RectificationAttachment.objects.filter(item__in=items):
            files.setdefault(attachment.item_id, []).append(attachment)
    orders: dict[int, Any] = {}
    for item in items:
        item.files = files.get(item.pk, [])
        if item.order_id not in orders:
            orders[item.order_id] = item.order
            item.order.item_list = []
        orders[item.order_id].item_list.append(item)
    return list(orders.values())


def _deadlines(filing: Filing) -> list[Deadline]:
    kinds = {value: str(label) for value, label in DeadlineKind.choices}
    rows = list(filing.deadlines.select_related("rule").order_by("-status", "due_date"))
    for d in rows:
        d.kind_label = kinds.get(d.kind, d.kind)
    return rows
