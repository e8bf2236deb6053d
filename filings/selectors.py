"""Reads of a filing as its operator's staff see it, shared by the filing page
(filings.views.detail) and the API's operators' side: what was shared with the filer, and the
rectification orders with their items and files."""

from __future__ import annotations

from django.db.models import Q

from .models import (
    Comment,
    Filing,
    RectificationAttachment,
    RectificationItem,
    RectificationOrder,
    Visibility,
)


def shared_comments(filing: Filing) -> dict[str, list[Comment]]:
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


def rectification_orders(filing: Filing) -> list[RectificationOrder]:
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
    orders: dict[int, RectificationOrder] = {}
    for item in items:
        item.files = files.get(item.pk, [])
        if item.order_id not in orders:
            orders[item.order_id] = item.order
            item.order.item_list = []
        orders[item.order_id].item_list.append(item)
    return list(orders.values())
