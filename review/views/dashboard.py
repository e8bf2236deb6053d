from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import figures, selectors


@never_cache
def dashboard(request: HttpRequest) -> HttpResponse:
    """The regulator's home at /dashboard/ (accounts.views.dashboard dispatches here)."""
    board = figures.dashboard(request.user)
    context = {
        "board": board,
        # Each row links to `{{ workspace_url }}{{ pk }}/`: one reverse() a page, not a row.
        "workspace_url": reverse("review:workspace", args=[0]).removesuffix("0/"),
        "soonest": board.soonest,
        "today": timezone.localdate(),
        "far_future": selectors.FAR_FUTURE,
        "chart": {"weeks": board.weeks, "backlog": board.backlog},
        "chart_labels": {
            "received": _("Received"),
            "decided": _("Decided"),
            "waiting": _("Waiting"),
        },
    }
    return render(request, "review/dashboard.html", context)
