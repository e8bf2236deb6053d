"""Cursor pagination: `next` and `previous` are opaque links; an offset is never exposed, so
a page costs the same wherever it is."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    ordering = "-pk"  # newest first, and unique: a stable order to page through
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_cursor_message = _("The cursor is not one this API gave out.")

    def decode_cursor(self, request: Any) -> Any:
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound as exc:
            # A cursor the client mangled is bad input (400), not a missing page.
            raise exceptions.ValidationError({"cursor": [str(exc.detail)]}) from exc
        # The lists are ordered by id: a position is an id, or the database is asked to
        # compare an id with text (a 500), or with a number past 64 bits.
        position = cursor.position if cursor is not None else None
        if position is not None and not (
            position.isascii() and position.isdigit() and int(position) < 2**63
        ):
            raise exceptions.ValidationError({"cursor": [str(self.invalid_cursor_message)]})
        return cursor

    def get_page_size(self, request: Any) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not (raw.isdigit() and 0 < int(raw) <= self.max_page_size):
            raise exceptions.ValidationError({"page_size": [_("A whole number from 1 to 200.")]})
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """The page size's bounds in the schema, as get_page_size enforces them."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters


def encode_keyset(key: Any, pk: int) -> str:
    """The regulators' queue's cursor: the (sort key, id) after which the next page starts
    (review.selectors.keyset_page, the page's own keyset)."""
    value = key.isoformat() if isinstance(key, dt.date | dt.datetime) else key
    return base64.urlsafe_b64encode(json.dumps([value, pk]).encode()).decode()


def decode_keyset(raw: str, key_type: type[dt.date]) -> tuple[Any, int]:
    """`key_type`: `date` or `datetime` (a subclass), whose `fromisoformat` reads the key."""
    try:
        value, pk = json.loads(base64.urlsafe_b64decode(raw.encode()))
        if not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk < 2**63:
            raise ValueError
        return key_type.fromisoformat(value), pk
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise exceptions.ValidationError({"cursor": [str(Cursor.invalid_cursor_message)]}) from exc
