from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from filings.links import row_url

from .. import figures, selectors


@never_cache
def dashboard(request: HttpRequest) -> HttpResponse:
    """The regulator's home at /dashboard/ (accounts.views.dashboard dispatches here)."""
    board = figures.dashboard(request.user)
    workspace_url = row_url("review:workspace")  # one reverse() a page, not one a row
    for filing in board.soonest:
        filing.workspace_url = workspace_url(filing.pk)
    context = {
        "board": board,
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
