"""The queue's current filter as CSV or XLSX, streamed.

Rows come from `.iterator(chunk_size=...)`, so memory stays flat for 100,000 rows, and both
formats are written as they are read: CSV line by line, XLSX through `core.xlsx`, which
zips the sheet as it goes (the first bytes leave before the last row is read).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.spreadsheets import neutralise
from core.xlsx import stream_xlsx
from filings.models import Filing, OfficeReview, ReviewState, State

from .selectors import FAR_FUTURE

CHUNK = 2000


def headers() -> list[str]:
    return [
        _("Reference"),
        _("Filing number"),
        _("State"),
        _("Regime"),
        _("Operator"),
        _("Platform"),
        _("Planned feature"),
        _("Your office's review"),
        _("Assignee"),
        _("Last submitted"),
        _("Next due"),
    ]


_COLUMNS = (
    "reference",
    "filing_number",
    "state",
    "regime__short_name_zh",
    "regime__short_name_en",
    "operator__name_zh",
    "operator__name_en",
    "platform__name_zh",
    "platform__name_en",
    "planned_feature__title",
    "office_review_state",
    "office_assignee",
    "last_submitted_at",
    "next_due",
)


def for_offices(qs: QuerySet[Filing], offices: Iterable[int]) -> QuerySet[Filing]:
    """The queue's filings with the reader's office review (its state and assignee)."""
    review = OfficeReview.objects.filter(
        filing=OuterRef("pk"), authority_id__in=list(offices)
    ).order_by("authority_id")
    return qs.annotate(
        office_review_state=Subquery(review.values("state")[:1]),
        office_assignee=Subquery(review.values("assignee__username")[:1]),
    )


def rows(qs: QuerySet[Filing]) -> Iterator[list[Any]]:
    """`qs` comes from `for_offices`."""
    """Plain tuples, not model instances, with the labels translated once: 100,000 rows of
    six objects each took 17 s to stream, long enough to meet a worker timeout."""
    zh = (get_language() or "").startswith("zh")
    states = {state.value: str(state.label) for state in State}
    review_states = {state.value: str(state.label) for state in ReviewState}
    shanghai = timezone.get_current_timezone()
    for (
        reference,
        number,
        state,
        regime_zh,
        regime_en,
        operator_zh,
        operator_en,
        platform_zh,
        platform_en,
        title,
        review_state,
        assignee,
        submitted,
        next_due,
    ) in qs.values_list(*_COLUMNS).iterator(chunk_size=CHUNK):
        yield [
            reference or "",
            number or "",
            states.get(state, state),
            regime_zh if zh else regime_en,
            operator_zh if zh or not operator_en else operator_en,
            platform_zh if zh or not platform_en else platform_en,
            title,
            review_states.get(review_state, review_state or ""),
            assignee or "",
            submitted.astimezone(shanghai).replace(tzinfo=None) if submitted else None,
            None if next_due == FAR_FUTURE else next_due,
        ]


def in_language(
    language: str, stream: Callable[[QuerySet[Filing]], Iterator[Any]], qs: QuerySet[Filing]
) -> Iterator[Any]:
    """`stream(qs)` written in `language`: a streamed response is read after its view
    returned, when the active language may be another request's (or none, under ASGI)."""
    with translation.override(language):
        yield from stream(qs)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(qs: QuerySet[Filing]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # Excel reads UTF-8 (Chinese names) only with the byte-order mark
    yield writer.writerow([neutralise(h) for h in headers()])
    for row in rows(qs):
        yield writer.writerow([neutralise(_text(v)) for v in row])


def _text(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


def xlsx_stream(qs: QuerySet[Filing]) -> Iterator[bytes]:
    table = ([neutralise(v) for v in row] for row in rows(qs))
    return stream_xlsx(chain([headers()], table), sheet_name=_("Queue"))
