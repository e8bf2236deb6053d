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
from django.db import connection
from django.http import HttpRequest

from filings.access import ESCALATED_ANNOTATION, escalated_annotation
from filings.models.notifications import UNREAD_ANNOTATION, unread_annotation
from platforms.roles import ROLES_ANNOTATION, get_actor, roles_annotation


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
    session stores its backend's path: pointing it back at Django's would log everyone out.

    The logged-in user of each request is read with what every page needs of them: their
    memberships (`get_actor`), the filings escalated to their offices (the regulator's
    scope) and their unread count (the navigation bar), as subqueries of the one query that
    reads the user, not three queries more on every page. Each reader falls back to its own
    query for a user loaded any other way (an API token, a test's fixture)."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        sql, params = _user_query()
        found = list(User._default_manager.raw(sql, [*params[:-1], pk]))
        if not found:
            return None
        user = found[0]
        return user if self.user_can_authenticate(user) else None


_USER_QUERY: dict[str, tuple[str, tuple[Any, ...]]] = {}


def _user_query() -> tuple[str, tuple[Any, ...]]:
    """The SQL of `ModelBackend.get_user`, compiled once per process and database vendor: the
    ORM spends more time compiling three correlated subqueries (6,000 Python calls) than the
    database spends running them. Its last parameter is the user's id."""
    vendor = connection.vendor
    if vendor not in _USER_QUERY:
        query = User._default_manager.annotate(
            **{
                ROLES_ANNOTATION: roles_annotation(),
                ESCALATED_ANNOTATION: escalated_annotation(),
                UNREAD_ANNOTATION: unread_annotation(),
            }
        ).filter(pk=_PK_MARK)
        sql, params = query.query.sql_with_params()
        if not params or params[-1] != _PK_MARK:  # pragma: no cover - a Django change
            raise RuntimeError("get_user's query no longer ends with the user's id")
        _USER_QUERY[vendor] = (sql, tuple(params))
    return _USER_QUERY[vendor]


_PK_MARK = -987_654_321


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
