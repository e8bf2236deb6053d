"""The public register at /register/: no login, published fields only."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.spreadsheets import neutralise

from . import selectors

PAGE_SIZE = 50


def _search(request: HttpRequest) -> str:
    # PostgreSQL refuses a NUL in a query parameter (a 500 for ?q=%00); no name holds one.
    return (request.GET.get("q") or "").replace("\x00", "")[:100]


@login_not_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    text = _search(request)
    page = Paginator(selectors.published(text), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {**selectors.entry(f), "status_label": selectors.STATUS_LABELS[selectors.public_status(f)]}
        for f in page
    ]
    context = {"page": page, "rows": rows, "q": text, "min_text_search": selectors.MIN_TEXT_SEARCH}
    return render(request, "registry/register.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_not_required
@require_GET
def register_csv(request: HttpRequest) -> StreamingHttpResponse:
    def stream() -> Iterator[str]:
        writer = csv.writer(_Echo())
        yield "\ufeff"
        yield writer.writerow(selectors.PUBLIC_FIELDS)
        for row in selectors.entries(selectors.published(_search(request))):
            yield writer.writerow([neutralise(row[k]) for k in selectors.PUBLIC_FIELDS])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="register.csv"'
    return response


@login_not_required
@require_GET
def register_json(request: HttpRequest) -> StreamingHttpResponse:
    def stream() -> Iterator[str]:
        yield '{"entries": ['
        for i, row in enumerate(selectors.entries(selectors.published(_search(request)))):
            yield ("," if i else "") + json.dumps(row, ensure_ascii=False)
        yield "]}"

    return StreamingHttpResponse(stream(), content_type="application/json; charset=utf-8")
