"""The public register: approved filings and what became of them, published fields only.

Everything public goes through `entries()`, which returns dictionaries holding exactly
PUBLIC_FIELDS (a whitelist): answers, evidence, comments and people never leave this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from filings.models import Filing, FilingRevision, State

PUBLIC_FIELDS = (
    "filing_number",
    "operator",
    "platform",
    "name",
    "regime",
    "date",
    "status",
)
STATUS_LABELS = {
    "approved": _("Approved"),
    "changed": _("Approved, changed"),
    "cancelled": _("Cancelled"),
    "revoked": _("Revoked"),
}
# Pending changes, cancellations and rectifications are the authority's business: publicly
# the filing stays approved until the outcome is decided.
_STILL_APPROVED = [
    State.APPROVED,
    State.RECTIFICATION_REQUIRED,
    State.CHANGE_PENDING,
    State.CANCELLATION_PENDING,
]
PUBLISHED_STATES = [*_STILL_APPROVED, State.CANCELLED, State.REVOKED]


def published(text: str = "") -> QuerySet[Filing]:
    accepted_change = FilingRevision.objects.filter(
        filing=OuterRef("pk"), kind=FilingRevision.Kind.CHANGE
    ).exclude(filing__state=State.CHANGE_PENDING)
    qs = (
        Filing.objects.filter(state__in=PUBLISHED_STATES, filing_number__isnull=False)
        .select_related("operator", "platform", "planned_feature", "regime")
        .annotate(changed=Exists(accepted_change))
        .order_by("-decided_at", "-id")
    )
    text = text.strip()
    if text:
        qs = qs.filter(
            Q(filing_number__icontains=text)
            | Q(planned_feature__title__icontains=text)
            | Q(platform__name_zh__icontains=text)
            | Q(platform__name_en__icontains=text)
            | Q(operator__name_zh__icontains=text)
            | Q(operator__name_en__icontains=text)
        )
    return qs


def public_status(filing: Filing) -> str:
    if filing.state in (State.CANCELLED, State.REVOKED):
        return str(filing.state)
    return "changed" if getattr(filing, "changed", False) else "approved"


def entry(filing: Filing) -> dict[str, Any]:
    decided = timezone.localtime(filing.decided_at).date() if filing.decided_at else None
    return {
        "filing_number": filing.filing_number,
        "operator": filing.operator.name_zh,
        "platform": filing.platform.name_zh,
        "name": filing.planned_feature.title,
        "regime": filing.regime.name_zh,
        "date": decided.isoformat() if decided else "",
        "status": public_status(filing),
    }


def entries(qs: QuerySet[Filing], *, chunk_size: int = 2000) -> Iterator[dict[str, Any]]:
    for filing in qs.iterator(chunk_size=chunk_size):
        yield entry(filing)
