from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from platforms.roles import get_actor

from ..models import Filing


def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The filing's page. Regulators work a filing in the review workspace."""
    filing = get_object_or_404(
        Filing.objects.visible_to(request.user).select_related(
            "regime", "platform", "planned_feature", "operator", "assignee"
        ),
        pk=pk,
    )
    if get_actor(request.user).regulator_of(filing.authority_ids):
        return redirect("review:workspace", pk=filing.pk)
    context = {
        "filing": filing,
        "deadlines": filing.deadlines.order_by("-status", "due_date"),
        "revisions": filing.revisions.order_by("-number").select_related("submitted_by"),
        "actions": filing.available_actions(request.user),
    }
    return render(request, "filings/filing_detail.html", context)
