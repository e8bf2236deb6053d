from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from filings.views import officer
from platforms.roles import get_actor
from review import views as review

from .selectors import home_for


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness, with no database query: the yardstick page for speed figures."""
    return JsonResponse({"status": "ok"})


def index(request: HttpRequest) -> HttpResponse:
    return redirect("accounts:dashboard")


@never_cache
def dashboard(request: HttpRequest) -> HttpResponse:
    """Each role's home: regulators the review dashboard, operator staff their filings."""
    actor = get_actor(request.user)
    if actor.is_regulator:
        return review.dashboard(request)
    if actor.is_operator_staff:
        return officer.home(request)
    return render(
        request,
        "accounts/dashboard.html",
        {"home": home_for(request.user), "today": timezone.localdate()},
    )
