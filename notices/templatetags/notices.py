"""`{% home_notices %}`: the open notices addressed to the user's operator, for the home page
(an inclusion tag, so the home view itself needs no change)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from ..selectors import open_received

register = template.Library()


@register.inclusion_tag("notices/_home_notices.html", takes_context=True)
def home_notices(context: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"rows": []}
    return {"rows": open_received(user, today=timezone.localdate())}
