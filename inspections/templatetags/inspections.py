"""What the filing and review pages show of inspections, as inclusion tags: the inspections
app sits above filings and review, so their views know nothing of it; their templates load
these tags (`{% load inspections %}`) and each tag asks `access` what the user may see.

- `{% filing_inspections filing %}`: the officer's filing page, the recorded inspections;
- `{% workspace_inspections filing %}`: the regulator's workspace, the inspections the user
  sees and the link to record one;
- `{% inspections_link %}`: the review dashboard's link to the office's inspections.
"""

from __future__ import annotations

from typing import Any

from django import template

from filings.models import Filing

from .. import access
from ..models import Inspection

register = template.Library()


def _user(context: Any) -> Any:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@register.inclusion_tag("inspections/_filing_inspections.html", takes_context=True)
def filing_inspections(context: Any, filing: Filing) -> dict[str, Any]:
    user = _user(context)
    if user is None:
        return {"inspections": []}
    inspections = (
        access.visible(user)
        .filter(filing=filing, state=Inspection.State.RECORDED)
        .select_related("authority", "joint_authority")
        .prefetch_related("files")
        .order_by("-inspected_on", "-pk")
    )
    return {"inspections": list(inspections)}


@register.inclusion_tag("inspections/_workspace_inspections.html", takes_context=True)
def workspace_inspections(context: Any, filing: Filing) -> dict[str, Any]:
    user = _user(context)
    if user is None:
        return {"inspections": [], "may_open": False}
    inspections = (
        access.visible(user)
        .filter(filing=filing)
        .select_related("authority", "joint_authority", "rectification_order")
        .order_by("-inspected_on", "-pk")
    )
    return {
        "filing": filing,
        "inspections": list(inspections),
        "may_open": access.may_inspect(user, filing),
    }


@register.inclusion_tag("inspections/_inspections_link.html")
def inspections_link() -> dict[str, Any]:
    return {}
