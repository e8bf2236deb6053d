"""The operator's pages: a notice addressed to it, acknowledging receipt, filing from it and
the printable notice. Only the recipient row of the user's operator is ever reachable."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from platforms.models import Platform

from .. import access
from ..forms import AcknowledgeForm, FileFromNoticeForm
from ..selectors import recipient_row
from ..services import acknowledge_notice, start_filing_from_notice
from ._common import data, form_page, print_page, received_recipient, today


@require_GET
def received(request: HttpRequest, pk: int) -> HttpResponse:
    recipient = received_recipient(request, pk)
    context = {
        "recipient": recipient,
        "notice": recipient.notice,
        "row": recipient_row(recipient, today=today()),
        "offices": recipient.notice.offices.select_related("authority"),
        "is_officer": access.is_officer_of(request.user, recipient),
    }
    return render(request, "notices/received_detail.html", context)


@require_http_methods(["GET", "POST"])
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    recipient = received_recipient(request, pk)

    def act(d: dict[str, Any]) -> HttpResponse:
        acknowledge_notice(recipient=recipient, by=request.user)
        messages.success(request, _("Receipt acknowledged."))
        return redirect("notices:received", recipient.pk)

    return form_page(
        request,
        form=AcknowledgeForm(data(request)),
        template="notices/received_acknowledge.html",
        act=act,
        context={"recipient": recipient, "notice": recipient.notice},
    )


@require_http_methods(["GET", "POST"])
def file_from_notice(request: HttpRequest, pk: int) -> HttpResponse:
    recipient = received_recipient(request, pk)
    items = list(recipient.items.select_related("platform", "planned_feature"))
    platforms = Platform.objects.filter(operator_id=recipient.operator_id)
    initial: dict[str, Any] = {}
    if items:
        feature = items[0].planned_feature
        initial = {"title": str(feature.title) if feature is not None else ""}
    form = FileFromNoticeForm(data(request), items=items, platforms=platforms, initial=initial)

    def act(d: dict[str, Any]) -> HttpResponse:
        links = start_filing_from_notice(
            recipient=recipient,
            by=request.user,
            today=today(),
            platform=d["platform"],
            item=d.get("item"),
            title=d["title"],
            description=d["description"],
            **form.flags(),
        )
        messages.success(
            request, _("Filing started from the notice; its deadline is the notice's.")
        )
        return redirect("filings:detail", links[0].filing_id)

    return form_page(
        request,
        form=form,
        template="notices/received_file.html",
        act=act,
        context={"recipient": recipient, "notice": recipient.notice},
    )


@require_GET
def received_print(request: HttpRequest, pk: int) -> HttpResponse:
    recipient = received_recipient(request, pk)
    recipients = [recipient]  # the operator's own copy: never the list of the others
    context = {
        "notice": recipient.notice,
        "recipients": recipients,
        "offices": recipient.notice.offices.all(),
    }
    return print_page(request, context)
