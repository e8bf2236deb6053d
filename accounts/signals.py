"""Audit events for logins, logouts, lockouts and admin changes (connected in apps.py)."""

from __future__ import annotations

import functools
from typing import Any

from axes.signals import user_locked_out
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry, LogEntryManager
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from audit.services import (
    actor_role,
    client_address,
    record_event,
    record_request_event,
    request_address,
)
from platforms.models import UserPreference

from .middleware import SESSION_LANGUAGE, start_session_clock

ADMIN_ACTIONS = {ADDITION: "admin.added", CHANGE: "admin.changed", DELETION: "admin.deleted"}


def _username(credentials: dict[str, Any]) -> str:
    # Only the name a client typed; Django has already masked the password.
    return str(credentials.get("username", ""))[:150]


@receiver(user_logged_in, dispatch_uid="audit_login")
def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None:
        return
    start_session_clock(request)
    chosen = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    if chosen:
        request.session[SESSION_LANGUAGE] = chosen
    record_request_event(request, action="login.succeeded", obj=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if request is None:
        return
    record_request_event(
        request,
        action="login.failed",
        object_type="auth.user",
        object_repr=_username(credentials),
        data={"username": _username(credentials)},
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def on_locked_out(
    sender: Any, request: HttpRequest | None, username: str | None = None, **kwargs: Any
) -> None:
    if request is None:
        return
    record_request_event(
        request,
        action="login.locked_out",
        object_type="auth.user",
        object_repr=str(username or "")[:150],
        data={"username": str(username or "")[:150]},
    )


@receiver(user_logged_out, dispatch_uid="audit_logout")
def on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or user is None:
        return
    reason = getattr(request, "session_end_reason", "") or "logout"
    record_event(
        action="logout",
        obj=user,
        actor=user,
        actor_role=actor_role(user),
        address=client_address(request),
        data={"reason": reason},
    )


def record_admin_entries(entries: Any) -> None:
    """One audit event per admin log entry (addition, change, deletion)."""
    if isinstance(entries, LogEntry):
        entries = [entries]
    for entry in entries or []:
        content_type = entry.content_type
        user = entry.user
        record_event(
            action=ADMIN_ACTIONS.get(entry.action_flag, "admin.logged"),
            actor=user,
            actor_role=actor_role(user) or "admin",
            address=request_address.get(),
            object_type=f"{content_type.app_label}.{content_type.model}" if content_type else "",
            object_id=entry.object_id or "",
            object_repr=entry.object_repr,
            data={"change": entry.get_change_message()},
        )


def install_admin_log_hook() -> None:
    """Wrap LogEntryManager.log_actions, the one method every ModelAdmin logs through.

    A post_save receiver on LogEntry would miss the admin's bulk deletions, which Django
    writes with bulk_create (no signals); wrapping the manager catches both.
    """
    original = LogEntryManager.log_actions
    if getattr(original, "audited", False):
        return

    @functools.wraps(original)
    def log_actions(self: LogEntryManager, *args: Any, **kwargs: Any) -> Any:
        entries = original(self, *args, **kwargs)
        record_admin_entries(entries)
        return entries

    log_actions.audited = True  # type: ignore[attr-defined]  # the marker checked above
    LogEntryManager.log_actions = log_actions  # type: ignore[method-assign]  # the patch itself
