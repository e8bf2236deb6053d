"""The inspection pages: an office's list, open and edit a draft (with its files), record it,
the (printable) inspection, order rectification from it, and the file downloads.

Every page fetches through `access`: what the user may not see is a 404. A refusal (the
state or the role does not allow it) comes back with its message and a 409; bad input with
its message next to the field and a 400 (413 for a file that is too large); nothing saved
before is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.downloads import evidence_response
from assessments.uploads import too_large_message, with_upload_size_limit
from audit.services import client_address
from filings.models import Filing, RectificationOrder
from platforms.roles import get_actor

from . import access
from .forms import InspectionForm, OrderForm, RecordForm
from .models import Inspection
from .services import (
    InspectionError,
    InspectionInputError,
    create_inspection,
    order_rectification_from,
    record_inspection,
    remove_inspection_file,
    update_inspection,
)

PER_PAGE = 50
RELATED = ("filing__planned_feature", "filing__operator", "authority", "joint_authority")


def _visible(request: HttpRequest, pk: int) -> Inspection:
    return get_object_or_404(access.visible(request.user).select_related(*RELATED), pk=pk)


def _mine(request: HttpRequest, pk: int) -> Inspection:
    """An inspection of the user's office (the pages that act on it)."""
    return get_object_or_404(access.inspecting(request.user).select_related(*RELATED), pk=pk)


def _data(request: HttpRequest) -> tuple[Any, Any]:
    post = request.method == "POST"
    return (request.POST if post else None), (request.FILES if post else None)


def _form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    template: str,
    act: Callable[[dict[str, Any]], HttpResponse],
    context: dict[str, Any],
) -> HttpResponse:
    """GET shows the form; POST acts through one service, or shows why not."""
    status = 200
    if request.method == "POST":
        status = 400
        if getattr(request, "evidence_too_large", False):
            form.is_valid()
            form.add_error("files" if "files" in form.fields else None, too_large_message())
            status = 413
        elif form.is_valid():
            try:
                return act(form.cleaned_data)
            except InspectionInputError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, str(exc))
            except InspectionError as exc:
                form.add_error(None, str(exc))
                status = 409
    return render(request, template, {"form": form, **context}, status=status)


@require_GET
def inspection_list(request: HttpRequest) -> HttpResponse:
    """The inspections of the user's offices and of the filings addressed to them."""
    if not get_actor(request.user).is_regulator:
        raise Http404
    state = request.GET.get("state", "")
    rows = (
        access.visible(request.user)
        .select_related(*RELATED, "rectification_order")
        .annotate(file_count=Count("files"))
        .order_by("-inspected_on", "-pk")
    )
    if state in Inspection.State.values:
        rows = rows.filter(state=state)
    else:
        state = ""
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "state": state, "states": Inspection.State.choices}
    return render(request, "inspections/inspection_list.html", context)


@require_http_methods(["GET", "POST"])
@with_upload_size_limit
def inspection_create(request: HttpRequest, filing_pk: int) -> HttpResponse:
    filing: Filing = get_object_or_404(
        access.inspectable_filings(request.user).select_related("planned_feature", "operator"),
        pk=filing_pk,
    )
    offices = access.inspecting_offices(request.user, filing)
    if not offices:
        raise Http404
    form = InspectionForm(*_data(request), offices=offices, joint=_addressed(filing))

    def act(d: dict[str, Any]) -> HttpResponse:
        files = d.pop("files", [])
        inspection = create_inspection(
            filing=filing,
            by=request.user,
            files=files,
            today=timezone.localdate(),
            address=client_address(request),
            **d,
        )
        messages.success(request, _("Draft inspection saved."))
        return redirect("inspections:detail", inspection.pk)

    return _form_page(
        request,
        form=form,
        template="inspections/inspection_form.html",
        act=act,
        context={"filing": filing, "inspection": None},
    )


def _addressed(filing: Filing) -> list[Any]:
    return [r.authority for r in filing.reviews.select_related("authority")]


@require_http_methods(["GET", "POST"])
@with_upload_size_limit
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _mine(request, pk)
    if inspection.is_recorded and request.method == "GET":
        messages.info(request, _("This inspection is recorded; it no longer changes."))
        return redirect("inspections:detail", inspection.pk)
    lead = access.is_lead_office(request.user, inspection)
    joint = access.joint_offices(inspection.filing, inspection.authority) if lead else None
    form = InspectionForm(
        *_data(request), joint=joint, initial=InspectionForm.initial_for(inspection)
    )

    def act(d: dict[str, Any]) -> HttpResponse:
        update_inspection(
            inspection=inspection,
            by=request.user,
            joint_authority=d.pop("joint_authority", inspection.joint_authority),
            files=d.pop("files", []),
            today=timezone.localdate(),
            address=client_address(request),
            **d,
        )
        messages.success(request, _("Inspection saved."))
        return redirect("inspections:detail", inspection.pk)

    return _form_page(
        request,
        form=form,
        template="inspections/inspection_form.html",
        act=act,
        context={
            "filing": inspection.filing,
            "inspection": inspection,
            "files": _files(inspection),
        },
    )


def _files(inspection: Inspection) -> Any:
    return inspection.files.select_related("uploaded_by")


@require_POST
def file_remove(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    inspection = _mine(request, pk)
    get_object_or_404(inspection.files.all(), pk=file_pk)
    try:
        gone = remove_inspection_file(
            inspection=inspection, file_id=file_pk, by=request.user, address=client_address(request)
        )
    except InspectionError as exc:
        messages.error(request, str(exc))
        return render(
            request,
            "inspections/inspection_detail.html",
            _detail_context(request, inspection),
            status=409,
        )
    messages.success(request, _("%(name)s was removed.") % {"name": gone.original_name})
    return redirect("inspections:edit", inspection.pk)


@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _visible(request, pk)
    return render(
        request, "inspections/inspection_detail.html", _detail_context(request, inspection)
    )


def _detail_context(request: HttpRequest, inspection: Inspection) -> dict[str, Any]:
    user = request.user
    order = None
    if inspection.rectification_order_id is not None:
        order = (
            RectificationOrder.objects.select_related("authority")
            .prefetch_related("items")
            .get(pk=inspection.rectification_order_id)
        )
    regulator = get_actor(user).is_regulator
    # Why rectification cannot be ordered now, told to the inspecting offices (the others
    # are not offered it at all).
    inspecting = access.is_inspecting(user, inspection)
    refusal = access.order_refusal(user, inspection) if inspecting else ""
    return {
        "inspection": inspection,
        "filing": inspection.filing,
        "files": _files(inspection),
        "order": order,
        "show_team": access.reads_team(user, inspection),
        "show_notes": access.reads_internal_notes(user, inspection),
        "may_edit": access.may_edit(user, inspection),
        "may_order": inspecting and not refusal,
        "order_hint": refusal if inspection.is_recorded and order is None else "",
        "regulator": regulator,
    }


@require_http_methods(["GET", "POST"])
def inspection_record(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _mine(request, pk)
    if inspection.is_recorded and request.method == "GET":
        messages.info(request, _("This inspection is already recorded."))
        return redirect("inspections:detail", inspection.pk)

    def act(d: dict[str, Any]) -> HttpResponse:
        record_inspection(inspection=inspection, by=request.user, address=client_address(request))
        messages.success(
            request, _("Inspection recorded; the operator and the filing's offices are told.")
        )
        return redirect("inspections:detail", inspection.pk)

    return _form_page(
        request,
        form=RecordForm(request.POST if request.method == "POST" else None),
        template="inspections/inspection_record.html",
        act=act,
        context={"inspection": inspection, "filing": inspection.filing},
    )


@require_http_methods(["GET", "POST"])
def inspection_order(request: HttpRequest, pk: int) -> HttpResponse:
    """Order rectification from a recorded inspection (a supervisor of an inspecting office,
    a filing approved or concluded). When that is not possible, the page says why (409)."""
    inspection = _mine(request, pk)
    refusal = access.order_refusal(request.user, inspection)
    context = {"inspection": inspection, "filing": inspection.filing, "refusal": refusal}
    form = OrderForm(
        request.POST if request.method == "POST" else None,
        initial={"items": "\n".join(inspection.finding_lines)},
    )
    if refusal and request.method == "GET":
        return render(
            request, "inspections/inspection_order.html", {"form": form, **context}, status=409
        )

    def act(d: dict[str, Any]) -> HttpResponse:
        order_rectification_from(
            inspection=inspection,
            by=request.user,
            items=form.item_lines(),
            due_date=d["due_date"],
            address=client_address(request),
        )
        messages.success(request, _("Rectification ordered; the operator is told."))
        return redirect("inspections:detail", inspection.pk)

    return _form_page(
        request, form=form, template="inspections/inspection_order.html", act=act, context=context
    )


@require_GET
def file_download(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """A file of an inspection the user sees, as an attachment; the download is audited
    (on the filing's timeline once the inspection is recorded)."""
    inspection = _visible(request, pk)
    found = get_object_or_404(inspection.files.all(), pk=file_pk)
    filing_id = inspection.filing_id if inspection.is_recorded else None
    # evidence_response reads what Evidence and InspectionFile share: the file, its name,
    # type, size and hash.
    return evidence_response(request, found, filing_id=filing_id)  # type: ignore[arg-type]  # shares what evidence_response reads (file, name, type, size, hash)
