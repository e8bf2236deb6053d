from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from filings.models import Notification
from filings.models.notifications import UNREAD_ANNOTATION


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count for the navigation bar: read with the user's row when the session's
    backend loaded it (accounts.security.ModelBackend), otherwise one query, only when a page
    shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    if hasattr(user, UNREAD_ANNOTATION):
        return {"unread_notifications": getattr(user, UNREAD_ANNOTATION) or 0}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.for_user(user).unread().count()
        )
    }
