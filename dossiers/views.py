"""Ask for a filing's dossier, watch it being built, download it."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from audit.services import client_address
from filings.access import readable_filings

from .models import Dossier
from .selectors import reader_of
from .services import DossierError, record_dossier_download, request_dossier


@require_POST
def request_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the dossier in the reader's language (or hand back the one already made)."""
    filing = get_object_or_404(readable_filings(request.user), pk=pk)
    languages = dict(settings.LANGUAGES)
    language = request.POST.get("language") or get_language()
    if language not in languages:
        language = settings.LANGUAGE_CODE
    try:
        dossier = request_dossier(filing=filing, by=request.user, language=language)
    except DossierError as error:  # lost access between the two reads
        raise Http404 from error
    return redirect("dossiers:status", pk=dossier.pk)


def _own(request: HttpRequest, pk: int) -> Dossier:
    """The requester's dossier, while they may still read its filing; 404 for anyone else."""
    dossier = get_object_or_404(
        Dossier.objects.select_related("filing"), pk=pk, requested_by=request.user
    )
    if reader_of(dossier.filing, request.user) is None:
        raise Http404
    return dossier


def status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress, polled by htmx (the fragment alone) until the dossier is done."""
    dossier = _own(request, pk)
    fragment = bool(request.headers.get("HX-Request"))
    template = "dossiers/_dossier_progress.html" if fragment else "dossiers/dossier_status.html"
    response = render(request, template, {"dossier": dossier})
    # One URL, two bodies: a cache must not hand the fragment to a page load.
    patch_vary_headers(response, ["HX-Request"])
    return response


def download(request: HttpRequest, pk: int) -> FileResponse:
    dossier = _own(request, pk)
    if dossier.status != Dossier.Status.DONE or not dossier.file:
        raise Http404
    record_dossier_download(dossier=dossier, by=request.user, address=client_address(request))
    # Streamed from the evidence storage like evidence: never a redirect to a bucket URL.
    stored = dossier.file.storage.open(dossier.file.name, "rb")
    response = FileResponse(
        stored, as_attachment=True, filename=dossier.download_name, content_type="application/pdf"
    )
    if not response.has_header("Content-Length"):
        response["Content-Length"] = str(dossier.size or stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
