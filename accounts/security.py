"""Authentication policy: lockout, who needs a second factor, and the role the audit names.

docs/security.md describes the whole policy and how to configure it.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import backends as auth_backends
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
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


class ModelBackend(auth_backends.ModelBackend):
    """Django's. Named in AUTHENTICATION_BACKENDS under this path because every logged-in
    session stores its backend's path: pointing it back at Django's would log everyone out."""


def needs_second_factor(user: Any) -> bool:
    """Regulators and admins must verify a one-time password when REQUIRE_2FA is on."""
    if not settings.REQUIRE_2FA or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or get_actor(user).is_regulator)


def audit_role(user: Any) -> str:
    """settings.AUDIT_ROLE_RESOLVER: the role the audit trail names this user by."""
    return get_actor(user).primary_role()


def is_verified(user: User | AnonymousUser) -> bool:
    """Whether this session passed the second factor. django_otp's OTPMiddleware gives
    `request.user`, signed in or not, an `is_verified()`."""
    return bool(user.is_verified())  # type: ignore[union-attr]  # added by OTPMiddleware


def signed_in_user(request: HttpRequest) -> User:
    """The user of a page behind LoginRequiredMiddleware (every page not marked
    @login_not_required), never an AnonymousUser; 403 if it were one."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user
