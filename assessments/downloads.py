"""Serving an evidence file: the one response every download view returns."""

from __future__ import annotations

import logging

from django.http import FileResponse, Http404, HttpRequest

from audit.services import record_download

from .models import Evidence

logger = logging.getLogger(__name__)


def evidence_response(
    request: HttpRequest, evidence: Evidence, *, filing_id: int | None = None
) -> FileResponse:
    """The file as an attachment, never rendered by the browser, and the download audited.

    The caller has already fetched `evidence` through a queryset scoped to the user. A row
    whose stored file is gone (a database restored without its files, an emptied bucket) is
    an operator's fault, logged as an error for the administrators; the reader gets a 404,
    not a server error, and no download is recorded."""
    # Streamed from the evidence storage, the local disk or the shared bucket alike: never a
    # redirect to a bucket URL, which would skip the check and the audit.
    try:
        stored = evidence.file.storage.open(evidence.file.name, "rb")
    except FileNotFoundError:  # django-storages raises it for a missing object too
        logger.error(
            "Stored file missing: %s %s at %r",
            type(evidence).__name__,
            evidence.pk,
            evidence.file.name,
        )
        raise Http404 from None
    record_download(request, evidence, filing_id=filing_id)
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type or "application/octet-stream",
    )
    if not response.has_header("Content-Length"):
        # A stream from the bucket cannot seek for its length; the store said it.
        response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
