"""The review queue: filters, search, keyset pagination, bulk assignment, exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.services import client_address
from filings import access
from filings.links import row_url
from filings.models import Regime
from platforms.roles import get_actor

from .. import exports, selectors, services
from ..forms import BulkAssignForm, QueueFilterForm

PAGE_SIZE = 50


def _form(request: HttpRequest, **known: Any) -> QueueFilterForm:
    if not get_actor(request.user).is_regulator:
        raise Http404
    return QueueFilterForm(request.GET, user=request.user, **known)


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    # Read once for the filter's choices, the assign form and the rows' names.
    known: dict[str, Any] = {"regimes": list(Regime.objects.all())}
    form = _form(request, **known)
    known["people"] = form.people
    known["offices"] = sorted(get_actor(request.user).authority_ids)
    if not form.is_valid():
        return render(request, "review/queue.html", {"form": form, "rows": []}, status=400)
    sort = form.cleaned_data.get("sort") or "due"
    qs = selectors.queue(request.user, form.cleaned_data)
    rows, cursor = selectors.keyset_page(qs, sort, form.cleaned_data["after"], PAGE_SIZE, **known)
    workspace_url = row_url("review:workspace")  # one reverse() a page, not one a row
    for filing in rows:
        filing.workspace_url = workspace_url(filing.pk)
    params = request.GET.copy()
    params.pop("after", None)
    narrow = params.copy()
    chosen = []
    for name in ("operator", "platform"):
        narrow.pop(name, None)
        if form.cleaned_data.get(name):
            without = params.copy()
            without.pop(name)
            chosen.append((form.fields[name].label, form.cleaned_data[name], without.urlencode()))
    context = {
        "chosen": chosen,
        "narrow_prefix": f"{narrow.urlencode()}&" if narrow else "",
        "form": form,
        "rows": rows,
        "today": timezone.localdate(),
        "far_future": selectors.FAR_FUTURE,
        "filter_query": params.urlencode(),
        "next_cursor": form.cursor(cursor) if cursor else "",
        "is_first_page": form.cleaned_data["after"] is None,
        "can_assign": access.can_assign(request.user),
        "assign_form": BulkAssignForm(user=request.user, people=form.people),
    }
    return render(request, "review/queue.html", context)


@require_POST
def bulk_assign(request: HttpRequest) -> HttpResponse:
    if not get_actor(request.user).is_regulator:
        raise Http404
    form = BulkAssignForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect("review:queue")
    done, refused = services.bulk_assign(
        filings=form.cleaned_data["filings"],
        by=request.user,
        reviewer=form.cleaned_data["reviewer"],
        address=client_address(request),
    )
    if done:
        messages.success(request, _("%(n)d filings assigned.") % {"n": len(done)})
    for filing, reason in refused:
        messages.error(request, f"{filing.reference}: {reason}")
    query = request.POST.get("query", "")
    return redirect(reverse("review:queue") + (f"?{query}" if query else ""))


@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    form = _form(request)
    if not form.is_valid():
        return render(request, "review/queue.html", {"form": form, "rows": []}, status=400)
    qs = exports.for_offices(
        selectors.queue(request.user, form.cleaned_data), get_actor(request.user).authority_ids
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    # Written after this view returns: in the language of the person who asked, held.
    language = translation.get_language()
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.in_language(language, exports.csv_stream, qs),
            content_type="text/csv; charset=utf-8",
        )
    else:
        response = StreamingHttpResponse(
            exports.in_language(language, exports.xlsx_stream, qs),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="queue-{stamp}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
