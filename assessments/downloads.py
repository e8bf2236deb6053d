"""Serving an evidence file: the one response every download view returns."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest

from audit.services import record_download

from .models import Evidence


def evidence_response(
    request: HttpRequest, evidence: Evidence, *, filing_id: int | None = None
) -> FileResponse:
    """The file as an attachment, never rendered by the browser, and the download audited.

    The caller has already fetched `evidence` through a queryset scoped to the user."""
    record_download(request, evidence, filing_id=filing_id)
    # Streamed from the evidence storage, the local disk or the shared bucket alike: never a
    # redirect to a bucket URL, which would skip the check and the audit.
    stored = evidence.file.storage.open(evidence.file.name, "rb")
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
