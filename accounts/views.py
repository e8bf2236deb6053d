from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from filings.home import home_for
from filings.views import officer
from platforms.models import UserPreference
from platforms.roles import get_actor
from review import views as review

from .middleware import SESSION_LANGUAGE


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


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; for a logged-in person it is also their account's setting,
    which their notifications and e-mails follow."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        UserPreference.objects.update_or_create(user=request.user, defaults={"language": language})
        request.session[SESSION_LANGUAGE] = language
    return response
