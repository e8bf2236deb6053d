"""Officer-facing pages of the filings app (the regulator's side lives in the review app)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from platforms.roles import get_actor

from ..models import Comment, Filing

# The officer's transitions and the page that confirms each one.
ACTION_URLS = {
    "submit": "filings:submit",
    "withdraw": "filings:withdraw",
    "file_change": "filings:change",
    "file_cancellation": "filings:cancel",
}


def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The filing's page. Regulators work a filing in the review workspace."""
    filing = get_object_or_404(
        Filing.objects.visible_to(request.user).select_related(
            "regime", "platform", "planned_feature", "operator", "assignee", "assessment"
        ),
        pk=pk,
    )
    if get_actor(request.user).regulator_of(filing.authority_ids):
        return redirect("review:workspace", pk=filing.pk)
    shared = filing.comments.filter(internal=False).select_related("question", "author")
    context = {
        "filing": filing,
        "deadlines": filing.deadlines.order_by("-status", "due_date"),
        "revisions": filing.revisions.order_by("-number").select_related("submitted_by"),
        "actions": filing.available_actions(request.user),
        "officer_actions": [
            (t, ACTION_URLS[t.name])
            for t in filing.available_actions(request.user)
            if t.name in ACTION_URLS
        ],
        "return_reasons": shared.filter(kind=Comment.Kind.RETURN_REASON).order_by("-created_at"),
        "requests": shared.filter(kind=Comment.Kind.INFORMATION_REQUEST).prefetch_related(
            "replies"
        ),
        "orders": filing.rectification_orders.prefetch_related(
            "items__question", "items__attachments"
        ),
    }
    return render(request, "filings/filing_detail.html", context)
