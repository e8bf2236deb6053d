"""The "Webhooks" pages, beside "API tokens": an officer registers endpoints for their
operator, a reviewer or supervisor for their authority; they see the secret, rotate it, send
a test event, read the delivery log and re-send a failed delivery. Anyone else's endpoint is a
404; someone who manages none (a signatory) is refused."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import client_address

from . import services
from .forms import EndpointForm
from .models import Delivery, Endpoint
from .services import WebhookError


def _managed(request: HttpRequest) -> Any:
    if services.organisation_of(request.user) is None:
        raise PermissionDenied(
            _("Only compliance officers, reviewers and supervisors manage webhooks.")
        )
    return services.managed_endpoints(request.user)


def _endpoint(request: HttpRequest, pk: int) -> Endpoint:
    return get_object_or_404(_managed(request), pk=pk)


def _save(request: HttpRequest, form: EndpointForm, endpoint: Endpoint | None) -> Endpoint | None:
    if not form.is_valid():
        return None
    fields = {**form.cleaned_data, "by": request.user, "address": client_address(request)}
    try:
        if endpoint is None:
            return services.create_endpoint(**fields)
        return services.update_endpoint(endpoint=endpoint, **fields)
    except WebhookError as exc:
        form.add_error(None, str(exc))
        return None


def endpoints(request: HttpRequest) -> HttpResponse:
    """GET: the organisation's endpoints and the form; POST: register one. Someone who
    manages none is told so (403)."""
    if services.organisation_of(request.user) is None:
        return render(request, "webhooks/list.html", {"may_manage": False}, status=403)
    found = _managed(request)
    form = EndpointForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        endpoint = _save(request, form, None)
        if endpoint is not None:
            messages.success(request, _("The endpoint is registered. Its secret is below."))
            return redirect("webhooks:detail", endpoint.pk)
    context = {"form": form, "endpoints": found, "may_manage": True}
    return render(request, "webhooks/list.html", context, status=400 if form.is_bound else 200)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the endpoint, its secret and its recent deliveries; POST: change it."""
    endpoint = _endpoint(request, pk)
    initial = {
        "url": endpoint.url,
        "description": endpoint.description,
        "events": endpoint.events,
        "enabled": endpoint.enabled,
    }
    form = EndpointForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and _save(request, form, endpoint) is not None:
        messages.success(request, _("The endpoint is saved."))
        return redirect("webhooks:detail", endpoint.pk)
    now = timezone.now()
    previous_valid = bool(
        endpoint.previous_secret
        and endpoint.previous_secret_expires_at
        and endpoint.previous_secret_expires_at > now
    )
    context = {
        "endpoint": endpoint,
        "form": form,
        "previous_valid": previous_valid,
        "deliveries": endpoint.deliveries.prefetch_related("attempt_log")[:10],
    }
    return render(request, "webhooks/detail.html", context, status=400 if form.is_bound else 200)


@require_POST
def rotate(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    services.rotate_secret(endpoint=endpoint, by=request.user, address=client_address(request))
    messages.success(
        request,
        _(
            "A new secret signs from now on. The previous one also signs for %(hours)d hours: "
            "switch your receiver to the new one within that time."
        )
        % {"hours": services.grace().total_seconds() // 3600},
    )
    return redirect("webhooks:detail", endpoint.pk)


@require_POST
def test(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    services.send_test(endpoint=endpoint, by=request.user, address=client_address(request))
    messages.success(request, _("A test event is on its way; its attempt is in the log."))
    return redirect("webhooks:deliveries", endpoint.pk)


def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: confirm; POST: delete the endpoint and its log."""
    endpoint = _endpoint(request, pk)
    if request.method == "POST":
        services.delete_endpoint(
            endpoint=endpoint, by=request.user, address=client_address(request)
        )
        messages.success(request, _("The endpoint is deleted: it receives nothing more."))
        return redirect("webhooks:list")
    return render(request, "webhooks/delete.html", {"endpoint": endpoint})


def deliveries(request: HttpRequest, pk: int) -> HttpResponse:
    """The delivery log: every delivery with each attempt, newest first."""
    endpoint = _endpoint(request, pk)
    page = Paginator(endpoint.deliveries.prefetch_related("attempt_log"), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "webhooks/deliveries.html", {"endpoint": endpoint, "page": page})


@require_POST
def resend(request: HttpRequest, pk: int, delivery_pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    delivery = get_object_or_404(Delivery.objects.filter(endpoint=endpoint), pk=delivery_pk)
    try:
        services.resend(delivery=delivery, by=request.user, address=client_address(request))
    except WebhookError as exc:
        messages.error(request, str(exc))
        return render(
            request,
            "webhooks/deliveries.html",
            {
                "endpoint": endpoint,
                "page": Paginator(endpoint.deliveries.all(), 25).get_page(1),
            },
            status=409,
        )
    messages.success(request, _("The delivery is being sent again, with the same webhook-id."))
    return redirect("webhooks:deliveries", endpoint.pk)
