"""Ids in API paths. Any path segment matches, and the view refuses one that is not a whole
number with a 400 problem (Django's `int` converter would answer an HTML 404)."""

from __future__ import annotations


class ApiIdConverter:
    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: object) -> str:
        return str(value)
