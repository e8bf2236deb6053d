"""The officer's response to a rectification order, with files as evidence, and the download
of those files.

One page, three buttons: attach the chosen files (the response stays open), remove a file
attached earlier, or send the response (with any files still chosen). Attaching and removing
show the page again with what was typed, which is kept only in the form until it is sent.
A refused file answers 400 (413 when too large) with the reason next to its item.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from assessments.downloads import evidence_response
from assessments.uploads import EvidenceSizeLimitHandler, too_large_message
from audit.services import client_address
from platforms.formfields import as_id

from ..forms import RectificationResponseForm
from ..models import Filing, RectificationAttachment, RectificationOrder
from ..services import (
    FilingError,
    RectificationFileError,
    attach_rectification_files,
    remove_rectification_file,
    respond_to_rectification,
)
from .filer import _filing


@csrf_exempt
def respond_rectification(request: HttpRequest, pk: int) -> HttpResponse:
    # The size limit must be in place before anything reads the body, and the CSRF check
    # reads it: the handler goes in first and the check runs after (as for evidence).
    request.upload_handlers.insert(0, EvidenceSizeLimitHandler(request))
    return _respond_rectification(request, pk)


@csrf_protect
def _respond_rectification(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _filing(request, pk)
    order = get_object_or_404(
        filing.rectification_orders.prefetch_related("items__question"),
        status=RectificationOrder.Status.OPEN,
    )
    post = request.method == "POST"
    sending = not (post and {"attach", "remove"} & set(request.POST))
    form = RectificationResponseForm(
        request.POST if post else None,
        request.FILES if post else None,
        order=order,
        sending=sending,
    )
    status = 200
    if post:
        status = _act(request, filing, form, sending=sending)
        if status < 300 and sending:
            messages.success(request, _("Your response is sent; the supervisor verifies it."))
            return redirect("filings:detail", pk=filing.pk)
    # Each item's files are read as the page renders, after what the button did.
    context = {"filing": filing, "order": order, "form": form}
    return render(request, "filings/filing_rectification.html", context, status=status)


def _act(
    request: HttpRequest, filing: Filing, form: RectificationResponseForm, *, sending: bool
) -> int:
    """Do what the pressed button asks; the status of the page to show (200 when done)."""
    if getattr(request, "evidence_too_large", False):
        form.is_valid()
        form.add_error(None, too_large_message())
        return 413
    if not form.is_valid():
        return 400
    by, address = request.user, client_address(request)
    try:
        if sending:
            respond_to_rectification(
                filing=filing,
                by=by,
                response=form.cleaned_data["response"],
                item_responses=form.item_responses(),
                files=form.item_files(),
                address=address,
            )
        elif "remove" in request.POST:
            gone = remove_rectification_file(
                filing=filing,
                attachment_id=_int(request.POST["remove"]),
                by=by,
                address=address,
            )
            messages.success(request, _("%(name)s was removed.") % {"name": gone.original_name})
        elif not form.item_files():
            form.add_error(None, _("Choose a file to attach first."))
            return 400
        else:
            added = attach_rectification_files(
                filing=filing, by=by, files=form.item_files(), address=address
            )
            messages.success(
                request,
                ngettext("%(n)d file is attached.", "%(n)d files are attached.", len(added))
                % {"n": len(added)},
            )
    except RectificationFileError as exc:
        form.add_error(f"file_{exc.item_id}", str(exc))
        return 400
    except FilingError as exc:
        form.add_error(None, str(exc))
        return 409
    return 200


def _int(value: str) -> int:
    return as_id(value) or 0


@require_GET
def download_rectification_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """A file of one of the filing's rectification responses, for the operator's staff."""
    filing = _filing(request, pk)
    attachment = get_object_or_404(
        RectificationAttachment.objects.filter(item__order__filing=filing), pk=file_pk
    )
    # evidence_response reads what Evidence and RectificationAttachment share: the file, its
    # name, type, size and hash.
    return evidence_response(request, attachment, filing_id=filing.pk)  # type: ignore[arg-type]
