"""The public register: approved filings and what became of them, published fields only.

Everything public goes through `entries()`, which returns dictionaries holding exactly
PUBLIC_FIELDS (a whitelist): answers, evidence, comments and people never leave this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.lookups import IsNull
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from filings.models import FactChange, Filing, State
from platforms.models import Operator, PlannedFeature, Platform

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


# Feature titles and filing numbers are searched from three characters: their trigram indexes
# (registry/migrations/0001) cannot narrow a shorter text, which would read them all.
MIN_TEXT_SEARCH = 3


def published(text: str = "") -> QuerySet[Filing]:
    """Published filings, newest decision first; with `text`, those whose filing number,
    feature title, platform or operator name (zh or en) contains it, ignoring case. A text
    shorter than MIN_TEXT_SEARCH characters is looked for in the names only."""
    qs = (
        Filing.objects.filter(state__in=PUBLISHED_STATES, filing_number__isnull=False)
        .select_related("operator", "platform", "planned_feature", "regime")
        .annotate(changed=_accepted_change())
        .order_by("-decided_at", "-id")
    )
    text = text.strip()
    if text:
        qs = qs.filter(_matching(text))
    return qs


def _matching(text: str) -> Q:
    """Each table searched on its own, the filings found through their foreign keys.

    One OR across joined tables makes PostgreSQL join every filing to test it; these
    conditions are each answered by an index (a BitmapOr on filings_filing). Platforms and
    operators are few, so their ids are fetched first (two small queries) and passed as
    literals: the planner then knows how many filings match and sorts a rare name's few
    rows instead of walking the date index to find them. Feature titles are about as many
    as filings, so they stay a subquery.
    """
    names = Q(name_zh__icontains=text) | Q(name_en__icontains=text)
    match = Q(platform_id__in=_ids(Platform.objects.filter(names))) | Q(
        operator_id__in=_ids(Operator.objects.filter(names))
    )
    if len(text) >= MIN_TEXT_SEARCH:
        features = PlannedFeature.objects.filter(title__icontains=text)
        match |= Q(_InSubquery("planned_feature_id", features)) | Q(filing_number__icontains=text)
    return match


def _ids(qs: QuerySet[Any]) -> list[int]:
    return list(qs.order_by().values_list("pk", flat=True))


class _InSubquery(Func):
    """`column IN (subquery)`, which PostgreSQL is given as `column = ANY(ARRAY(subquery))`.

    Under an OR, PostgreSQL tests `IN (subquery)` on each filing in turn, reading them all;
    `ANY(ARRAY(...))` runs the subquery once, first, and the column's index answers the
    resulting list (a Bitmap Index Scan). SQLite has no ARRAY and keeps `IN`.
    """

    output_field = BooleanField()
    template = "%(column)s IN %(subquery)s"

    def __init__(self, column: str, queryset: QuerySet[Any]) -> None:
        super().__init__(F(column), Subquery(queryset.order_by().values("pk")))

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,  # Func's signature; unused, the template says it all
        template: str | None = None,
        arg_joiner: str | None = None,  # as `function`
        **extra_context: Any,
    ) -> tuple[str, list[Any]]:
        column, subquery = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        subquery_sql, subquery_params = compiler.compile(subquery)
        sql = (template or self.template) % {"column": column_sql, "subquery": subquery_sql}
        return sql, [*column_params, *subquery_params]

    def as_postgresql(
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        return self.as_sql(compiler, connection, template="%(column)s = ANY(ARRAY%(subquery)s)")


def _accepted_change() -> ExpressionWrapper[Any]:
    """Whether a change of the filed facts was accepted (a refused one changes nothing).

    A scalar subquery rather than EXISTS: PostgreSQL may plan an EXISTS as one hashed pass
    over every change, run before the first row even when fifty are wanted (it did on any
    search matching more than a few hundred filings); a scalar subquery is run for the rows
    returned only, each from the changes' filing index.
    """
    accepted = FactChange.objects.filter(
        filing=OuterRef("pk"), kind=FactChange.Kind.CHANGE, status=FactChange.Status.ACCEPTED
    )
    first = Subquery(accepted.order_by().values("pk")[:1])
    return ExpressionWrapper(Q(IsNull(first, False)), output_field=BooleanField())


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
