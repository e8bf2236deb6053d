"""Writes the review pages add on top of filings.services (which alone change a filing)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from filings.models import Filing
from filings.services import FilingError, assign_filing


def bulk_assign(
    *, filings: Iterable[Filing], by: Any, reviewer: Any, address: str | None = None
) -> tuple[list[Filing], list[tuple[Filing, str]]]:
    """Assign each filing in its own transaction: one refusal does not undo the others."""
    done: list[Filing] = []
    refused: list[tuple[Filing, str]] = []
    for filing in filings:
        try:
            done.append(assign_filing(filing=filing.pk, by=by, reviewer=reviewer, address=address))
        except FilingError as exc:
            refused.append((filing, str(exc)))
    return done, refused
