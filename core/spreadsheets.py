"""What every CSV or XLSX export writes the same way."""

from __future__ import annotations

from typing import Any

# A spreadsheet runs a cell that starts with one of these as a formula.
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula:
    prefix it with ' so it stays text (CSV injection)."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value
