"""Reads of a filing as its operator's staff see it, shared by the filing page
(filings.views.detail), the API's operators' side and the regulator's workspace: what was
shared with the filer, the rectification orders with their items and files, the changes of
the filed facts."""

from __future__ import annotations

from django.db.models import Q

from core.aggregates import instances_from_json, rows_as_json

from .models import (
    Comment,
    FactChange,
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


# What the pages show of a change of the filed facts (`filings/_fact_changes.html`), with
# the filing's row: `.annotate(fact_change_rows=rows_as_json(FactChange.objects.all(),
# "filing", FACT_CHANGE_FIELDS))`, then `fact_changes_read_with(filing)`.
FACT_CHANGE_FIELDS = (
    *("id", "kind", "status", "effective_on", "description", "reasons"),
    *("recorded_at", "recorded_by__username", "filed_at", "filed_by__username"),
    *("decided_at", "decided_by__username", "revision__number"),
    *("deadline__due_date", "deadline__rule_text"),
)


def fact_changes_read_with(filing: Filing) -> list[FactChange]:
    """The filing's changes and ends of service as `services.changes.fact_changes` gives
    them (newest first, with who did what), from the rows read with the filing's row."""
    if not filing.filing_number:
        return []
    changes = instances_from_json(FactChange, getattr(filing, "fact_change_rows", None))
    return sorted(changes, key=lambda c: (c.recorded_at, c.pk), reverse=True)


# What the pages show of a rectification file (the rest is read on download).
_FILE_FIELDS = ("id", "item_id", "original_name", "sha256", "size", "content_type", "uploaded_at")


def rectification_orders(filing: Filing) -> list[RectificationOrder]:
    """The filing's rectification orders (newest first), each with its items and their
    files, in one query: read from the items (an order always has one,
    services.order_rectification refuses an empty list), each item's files with its row as
    JSON (`core.aggregates.rows_as_json`)."""
    items = list(
        RectificationItem.objects.filter(order__filing=filing)
        .select_related("order__authority")
        .annotate(
            file_rows=rows_as_json(RectificationAttachment.objects.all(), "item", _FILE_FIELDS)
        )
        .order_by("-order__issued_at", "order_id", "number")
    )
    orders: dict[int, RectificationOrder] = {}
    for item in items:
        item.files = instances_from_json(RectificationAttachment, item.file_rows)
        if item.order_id not in orders:
            orders[item.order_id] = item.order
            item.order.item_list = []
        orders[item.order_id].item_list.append(item)
    return list(orders.values())
