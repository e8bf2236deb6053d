"""The officer's response to a rectification order, with files as evidence, and the download
of those files.

One page, three buttons: attach the chosen files (the response stays open), remove a file
attached earlier, or send the response (with any files still chosen). Every button keeps
what was typed as the order's draft (shown again on the next visit, never to the regulator
before it is sent) and attaches every chosen file that passes. A refused file is named with
its item, next to that item (400, or 413 when too large), and stops only the sending: a file
input cannot be refilled, so refusing the good files with the bad made the officer choose
them again without being told.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from assessments.downloads import evidence_response
from assessments.uploads import limit_evidence_size, safe_original_name, too_large_message
from audit.services import client_address
from platforms.formfields import as_id

from ..forms import RectificationResponseForm
from ..models import Filing, RectificationAttachment, RectificationOrder
from ..services import (
    Attached,
    FilingError,
    attach_rectification_files,
    remove_rectification_file,
    respond_to_rectification,
)
from .filer import _filing


@csrf_exempt
def respond_rectification(request: HttpRequest, pk: int) -> HttpResponse:
    # The size limit must be in place before anything reads the body, and the CSRF check
    # reads it: the handler goes in first and the check runs after (as for evidence).
    limit_evidence_size(request)
    return _respond_rectification(request, pk)


@csrf_protect
def _respond_rectification(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _filing(request, pk)
    # Each office of a joint review may have an order open: the newest is the one a response
    # answers (services.open_order), the next one after it.
    order = (
        filing.rectification_orders.prefetch_related("items__question")
        .filter(status=RectificationOrder.Status.OPEN)
        .first()
    )
    if order is None:
        raise Http404
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
    """Do what the pressed button asks; the status of the page to show (200 when done).

    Whatever the button, what was typed is kept as the order's draft and every file that
    passes is attached: a refused file (named, with its item) stops only the sending."""
    form.is_valid()
    by, address = request.user, client_address(request)
    response, item_responses = form.typed_response(), form.item_responses()
    files, too_large = form.item_files(), _too_large(request, form)
    try:
        if "remove" in request.POST and not sending:
            gone = remove_rectification_file(
                filing=filing,
                attachment_id=_int(request.POST["remove"]),
                by=by,
                response=response,
                item_responses=item_responses,
            )
            messages.success(request, _("%(name)s was removed.") % {"name": gone.original_name})
            return 200
        if sending and not files and not too_large and form.is_valid():
            respond_to_rectification(
                filing=filing,
                by=by,
                files=None,
                address=address,
                response=form.cleaned_data["response"],  # typed_response(), the form valid
                item_responses=item_responses,
            )
            return 200
        done = attach_rectification_files(
            filing=filing,
            by=by,
            files=files,
            address=address,
            response=response,
            item_responses=item_responses,
        )
    except FilingError as exc:
        form.add_error(None, str(exc))
        return 409
    return _after_attaching(request, filing, form, done, too_large, sending=sending)


def _after_attaching(
    request: HttpRequest,
    filing: Filing,
    form: RectificationResponseForm,
    done: Attached,
    too_large: list[str],
    *,
    sending: bool,
) -> int:
    """Say what was attached and what was not; send the response if nothing was refused."""
    if done.stored:
        n = len(done.stored)
        messages.success(
            request,
            ngettext("%(n)d file is attached.", "%(n)d files are attached.", n) % {"n": n},
        )
    for refusal in done.refused:
        form.add_error(f"file_{refusal.item_id}", str(refusal))
    if done.refused or too_large:
        form.add_error(
            None,
            _(
                "Some files are not attached: the reason is under each item. The other files "
                "are attached and what you typed is kept; the response is not sent yet."
            ),
        )
        return 413 if too_large else 400
    if not sending:
        if not done.stored:
            form.add_error(None, _("Choose a file to attach first."))
            return 400
        return 200
    if not form.is_valid():
        return 400
    try:
        respond_to_rectification(
            filing=filing,
            by=request.user,
            response=form.cleaned_data["response"],
            item_responses=form.item_responses(),
            address=client_address(request),
        )
    except FilingError as exc:
        form.add_error(None, str(exc))
        return 409
    return 200


def _too_large(request: HttpRequest, form: RectificationResponseForm) -> list[str]:
    """Name each file skipped while streaming (EvidenceSizeLimitHandler) next to its item."""
    names = []
    for field, name in getattr(request, "evidence_too_large_files", []):
        message = _("%(name)s is not attached: %(reason)s") % {
            "name": safe_original_name(name),
            "reason": too_large_message(),
        }
        form.add_error(field if field in form.fields else None, message)
        names.append(name)
    return names


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
    return evidence_response(request, attachment, filing_id=filing.pk)  # type: ignore[arg-type]  # shares what evidence_response reads (file, name, type, size, hash)
