"""Session lifetime, the second factor, and no-store caching for logged-in pages.

Order in settings.MIDDLEWARE: after AuthenticationMiddleware, LoginRequiredMiddleware and
django-otp's OTPMiddleware (which gives `request.user.is_verified()`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import user_has_device

from .security import is_verified, needs_second_factor

SESSION_STARTED = "_session_started"
# The language a logged-in person chose for their account (platforms.UserPreference), copied
# into the session at login and when they switch, so no request reads it from the database.
SESSION_LANGUAGE = "_preferred_language"
SESSION_SEEN = "_session_seen"
# Writing the last-seen time on every request would save the session each time; once a
# minute is precise enough for a 30-minute idle timeout.
SEEN_RESOLUTION_SECONDS = 60


def start_session_clock(request: HttpRequest) -> None:
    """Called at login (accounts.signals): the absolute lifetime counts from here."""
    now = time.time()
    request.session[SESSION_STARTED] = now
    request.session[SESSION_SEEN] = now


class SessionLifetimeMiddleware:
    """Logs a user out after SESSION_IDLE_SECONDS without a request, and
    SESSION_ABSOLUTE_SECONDS after the login, whichever comes first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(SESSION_STARTED)
            seen = request.session.get(SESSION_SEEN)
            if started is None or seen is None:
                start_session_clock(request)
            else:
                reason = self._expired(now, started, seen)
                if reason:
                    request.session_end_reason = reason  # type: ignore[attr-defined]  # read by the logout audit handler
                    logout(request)
                    messages.info(request, _("Your session has ended. Please log in again."))
                    return redirect_to_login(request.get_full_path())
                if now - seen >= SEEN_RESOLUTION_SECONDS:
                    request.session[SESSION_SEEN] = now
        return self.get_response(request)

    @staticmethod
    def _expired(now: float, started: float, seen: float) -> str:
        if now - started > settings.SESSION_ABSOLUTE_SECONDS:
            return "absolute_lifetime"
        if now - seen > settings.SESSION_IDLE_SECONDS:
            return "idle"
        return ""


# Pages a user who still owes a second factor may reach.
SECOND_FACTOR_EXEMPT = {
    "accounts:twofactor_verify",
    "accounts:twofactor_setup",
    "accounts:logout",
    "accounts:healthz",
    "set_language",
}


class TwoFactorMiddleware:
    """With REQUIRE_2FA, a regulator or admin who logged in with a password reaches nothing
    but the second-factor pages until a one-time password is verified in this session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not needs_second_factor(user) or is_verified(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_EXEMPT:
            return None
        target = (
            "accounts:twofactor_verify" if user_has_device(user) else "accounts:twofactor_setup"
        )
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class NoStoreMiddleware:
    """Pages seen by a logged-in user hold confidential data: no cache may keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class UserLanguageMiddleware:
    """A logged-in person reads pages in the language set on their account, whatever the
    browser asks for (LocaleMiddleware, before this, goes by the cookie and the browser)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.session.get(SESSION_LANGUAGE) if request.user.is_authenticated else None
        if chosen and chosen != getattr(request, "LANGUAGE_CODE", None):
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        if chosen:
            response.headers.setdefault("Content-Language", chosen)
        return response
