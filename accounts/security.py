"""Authentication policy: lockout, who needs a second factor, and the role the audit names.

README.md, "Security", describes the whole policy and how to configure it.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import backends as auth_backends
from django.http import HttpRequest

from platforms.roles import get_actor


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that come through a request.

    Axes refuses `authenticate()` without a request; code that checks a password without one
    (a management command, the demo seeding's own check) is not reachable by a guessing
    client, so it is let through to the next backend instead of raising.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


# The request whose user is being loaded (accounts.middleware.AuthenticationMiddleware).
loading_for: ContextVar[HttpRequest | None] = ContextVar("loading_user_for", default=None)


class ModelBackend(auth_backends.ModelBackend):
    """Django's, with the session's user read through filings.pagecache.derived while a
    request is being served: the same row until any write commits (the users table is
    watched, so a deactivation, a password or a name change is seen by the next request),
    instead of a query on every request. Elsewhere (no request), plain Django."""

    def get_user(self, user_id: Any) -> Any:
        request = loading_for.get()
        if request is None:
            return super().get_user(user_id)
        from filings import pagecache

        found = pagecache.derived(
            request, f"user:{user_id}", lambda: super(ModelBackend, self).get_user(user_id) or False
        )
        return found or None


def needs_second_factor(user: Any) -> bool:
    """Regulators and admins must verify a one-time password when REQUIRE_2FA is on."""
    if not settings.REQUIRE_2FA or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or get_actor(user).is_regulator)


def audit_role(user: Any) -> str:
    """settings.AUDIT_ROLE_RESOLVER: the role the audit trail names this user by."""
    return get_actor(user).primary_role()
