"""The regulator's pages: dashboard, queue, filing workspace, decisions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts.selectors import home_for
from filings.models import Filing


def dashboard(request: HttpRequest) -> HttpResponse:
    """The regulator's home at /dashboard/."""
    return render(
        request,
        "accounts/dashboard.html",
        {"home": home_for(request.user), "today": timezone.localdate()},
    )


def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    filing = get_object_or_404(Filing.objects.visible_to(request.user), pk=pk)
    context = {
        "filing": filing,
        "deadlines": filing.deadlines.order_by("-status", "due_date"),
        "revisions": filing.revisions.order_by("-number").select_related("submitted_by"),
        "actions": filing.available_actions(request.user),
    }
    return render(request, "filings/filing_detail.html", context)
