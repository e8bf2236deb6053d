"""The notifications inbox, for every logged-in user (officers too)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from filings.models import Notification


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    notes = (
        Notification.objects.for_user(request.user)
        .select_related("filing", "filing__planned_feature")
        .order_by("-created_at", "-id")
    )
    page = Paginator(notes, 50).get_page(request.GET.get("page"))
    return render(request, "review/notification_list.html", {"page": page})


@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    Notification.objects.filter(pk=note.pk, read_at__isnull=True).update(read_at=timezone.now())
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("review:notifications")


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    n = Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    messages.success(request, _("%(n)d notifications marked as read.") % {"n": n})
    return redirect("review:notifications")
