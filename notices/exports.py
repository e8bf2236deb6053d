"""The campaign board as CSV or XLSX: one row per operator, with the status, the deadline,
the working days left and the filings started from the notice (reference and state only)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from itertools import chain
from typing import Any

from django.utils.translation import gettext as _

from core.spreadsheets import neutralise
from core.xlsx import stream_xlsx

from .selectors import BoardRow


def headers() -> list[str]:
    return [
        _("Operator"),
        _("Region"),
        _("Status"),
        _("Deadline"),
        _("Working days left"),
        _("Acknowledged"),
        _("Services concerned"),
        _("Filings"),
        _("Escalated"),
    ]


def rows(board: list[BoardRow]) -> Iterator[list[Any]]:
    for row in board:
        r = row.recipient
        yield [
            r.operator.name,
            r.operator.region_code,
            row.status_label,
            row.deadline,
            row.days_left_owed,
            r.acknowledged_at,
            "; ".join(row.items),
            "; ".join(f"{f.reference} ({f.state_label})" for f in row.filings),
            r.escalated_at,
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _text(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


def csv_stream(board: list[BoardRow]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # Excel reads UTF-8 (Chinese names) only with the byte-order mark
    yield writer.writerow(headers())
    for row in rows(board):
        yield writer.writerow([neutralise(_text(v)) for v in row])


def xlsx_stream(board: list[BoardRow]) -> Iterator[bytes]:
    def local(value: Any) -> Any:
        # The XLSX writer wants naive local times (Beijing time, as the pages show).
        if isinstance(value, dt.datetime):
            from django.utils import timezone

            return timezone.localtime(value).replace(tzinfo=None)
        return value

    table = ([neutralise(local(v)) for v in row] for row in rows(board))
    return stream_xlsx(chain([headers()], table), sheet_name=_("Campaign"))
