"""What the notice views share: fetching through the access module, and the one shape of a
confirmation page (GET shows it; POST acts; a refusal comes back with a 409 and the message)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation

from .. import access
from ..models import Notice, NoticeRecipient
from ..services import NoticeError


def office_notice(request: HttpRequest, pk: int) -> Notice:
    return get_object_or_404(access.office_notices(request.user), pk=pk)


def received_recipient(request: HttpRequest, pk: int) -> NoticeRecipient:
    return get_object_or_404(
        access.received(request.user).select_related("notice", "operator"), pk=pk
    )


def data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def today() -> Any:
    return timezone.localdate()


def print_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The printable notice, in the reader's language or the one asked for (?lang=zh-hans or
    ?lang=en): the same document in Chinese and in English."""
    lang = request.GET.get("lang", "")
    if lang not in dict(settings.LANGUAGES):
        lang = translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(lang):
        response = render(request, "notices/notice_print.html", context)
    return response


def form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    template: str,
    act: Callable[[dict[str, Any]], HttpResponse],
    context: dict[str, Any],
) -> HttpResponse:
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                return act(form.cleaned_data)
            except NoticeError as exc:
                form.add_error(None, str(exc))
                status = 409
    return render(request, template, {"form": form, **context}, status=status)
