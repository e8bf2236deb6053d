from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Filing


def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filing = get_object_or_404(
        Filing.objects.visible_to(request.user).select_related(
            "regime", "platform", "planned_feature", "operator", "assignee"
        ),
        pk=pk,
    )
    context = {
        "filing": filing,
        "deadlines": filing.deadlines.order_by("-status", "due_date"),
        "revisions": filing.revisions.order_by("-number").select_related("submitted_by"),
        "actions": filing.available_actions(request.user),
    }
    return render(request, "filings/filing_detail.html", context)
