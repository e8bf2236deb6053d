"""The compliance officer's pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.selectors import home_for


def home(request: HttpRequest) -> HttpResponse:
    """The officer's home at /dashboard/."""
    return render(
        request,
        "accounts/dashboard.html",
        {"home": home_for(request.user), "today": timezone.localdate()},
    )
