"""The issuing offices' pages: draft and sign a notice, its campaign board and exports, the
summons meeting and its minutes, the printable notice, a follow-up to the overdue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.uploads import too_large_message, with_upload_size_limit
from audit.services import record_download

from .. import access, exports
from ..forms import FollowUpForm, MeetingForm, MinutesForm, NoticeForm, SignForm
from ..models import NoticeMinutes, RecipientStatus
from ..selectors import board_rows, filter_rows, items_prefetch, status_counts
from ..services import (
    MinutesFileError,
    NoticeError,
    add_minutes,
    draft_notice,
    issue_follow_up,
    record_meeting,
    sign_notice,
)
from ._common import data, form_page, office_notice, print_page, today


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    notices = access.office_notices(request.user).prefetch_related("offices__authority")
    received = access.received(request.user).select_related("notice").order_by("-notice__issued_at")
    return render(
        request,
        "notices/notice_list.html",
        {
            "notices": notices,
            "received": received,
            "can_draft": bool(access.drafting_offices(request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest) -> HttpResponse:
    offices = access.drafting_offices(request.user)
    if not offices:
        raise Http404
    form = NoticeForm(data(request), offices=offices, user=request.user)

    def act(d: dict[str, Any]) -> HttpResponse:
        notice = draft_notice(by=request.user, today=today(), **d)
        if notice.is_issued:
            messages.success(request, _("Notice %(n)s issued.") % {"n": notice.number})
        else:
            messages.success(request, _("Draft saved; it awaits the supervisors' signatures."))
        return redirect("notices:detail", notice.pk)

    return form_page(request, form=form, template="notices/notice_form.html", act=act, context={})


@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = office_notice(request, pk)
    context = {
        "notice": notice,
        "offices": notice.offices.select_related("authority", "signed_by"),
        "recipients": notice.recipients.select_related("operator").prefetch_related(
            items_prefetch()
        ),
        "minutes": notice.minutes.all(),
        "may_sign": bool(access.offices_to_sign(request.user, notice)),
        "is_office": access.is_office_member(request.user, notice),
    }
    return render(request, "notices/notice_detail.html", context)


@require_http_methods(["GET", "POST"])
def notice_sign(request: HttpRequest, pk: int) -> HttpResponse:
    notice = office_notice(request, pk)

    def act(d: dict[str, Any]) -> HttpResponse:
        signed = sign_notice(notice=notice, by=request.user, today=today())
        if signed.is_issued:
            messages.success(request, _("Notice %(n)s issued.") % {"n": signed.number})
        else:
            messages.success(request, _("Signed; the other office's signature is awaited."))
        return redirect("notices:detail", notice.pk)

    return form_page(
        request,
        form=SignForm(data(request)),
        template="notices/notice_sign.html",
        act=act,
        context={"notice": notice},
    )


def _issued(request: HttpRequest, pk: int) -> Any:
    notice = office_notice(request, pk)
    if not notice.is_issued:
        raise Http404
    return notice


@require_GET
def board(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _issued(request, pk)
    status = request.GET.get("status", "")
    if status not in RecipientStatus.values:
        status = ""
    query = request.GET.get("q", "").strip()[:100]
    everyone = board_rows(notice, today=today())
    rows = filter_rows(everyone, status=status, query=query)
    context = {
        "notice": notice,
        "rows": rows,
        "counts": status_counts(everyone),
        "total": len(everyone),
        "status": status,
        "q": query,
        "statuses": RecipientStatus.choices,
        "overdue": sum(1 for r in everyone if r.status == RecipientStatus.OVERDUE),
        "is_office": access.is_office_member(request.user, notice),
    }
    return render(request, "notices/notice_board.html", context)


@require_GET
def board_export(request: HttpRequest, pk: int, fmt: str) -> StreamingHttpResponse:
    notice = _issued(request, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    rows = board_rows(notice, today=today())
    name = f"{notice.number}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_stream(rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            exports.xlsx_stream(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def notice_print(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _issued(request, pk)
    recipients = notice.recipients.select_related("operator").prefetch_related(items_prefetch())
    context = {
        "notice": notice,
        "recipients": recipients,
        "offices": notice.offices.all(),
        "office_copy": True,
    }
    return print_page(request, context)


@require_http_methods(["GET", "POST"])
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    notice = office_notice(request, pk)
    initial = {
        "meeting_at": notice.meeting_at,
        "meeting_place": notice.meeting_place,
        "meeting_attendees": notice.meeting_attendees,
    }

    def act(d: dict[str, Any]) -> HttpResponse:
        record_meeting(
            notice=notice,
            by=request.user,
            meeting_at=d["meeting_at"],
            place=d["meeting_place"],
            attendees=d["meeting_attendees"],
        )
        messages.success(request, _("Summons meeting recorded."))
        return redirect("notices:detail", notice.pk)

    return form_page(
        request,
        form=MeetingForm(data(request), initial=initial),
        template="notices/notice_meeting.html",
        act=act,
        context={"notice": notice, "minutes_form": MinutesForm()},
    )


@require_POST
@with_upload_size_limit
def minutes_upload(request: HttpRequest, pk: int) -> HttpResponse:
    notice = office_notice(request, pk)
    form = MinutesForm(request.POST, request.FILES)
    status = 400
    if getattr(request, "evidence_too_large", False):
        # Skipped while it streamed in (never written to disk whole): say why, not "required".
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", too_large_message())
        status = 413
    elif form.is_valid():
        try:
            add_minutes(notice=notice, by=request.user, upload=form.cleaned_data["file"])
        except MinutesFileError as exc:
            form.add_error("file", str(exc))
        except NoticeError as exc:
            form.add_error("file", str(exc))
            status = 409
        else:
            messages.success(request, _("Minutes attached."))
            return redirect("notices:detail", notice.pk)
    return render(
        request,
        "notices/notice_meeting.html",
        {"notice": notice, "form": MeetingForm(), "minutes_form": form},
        status=status,
    )


@require_GET
def minutes_download(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    notice = office_notice(request, pk)
    minutes = get_object_or_404(NoticeMinutes.objects.filter(notice=notice), pk=file_pk)
    record_download(request, minutes)
    stored = minutes.file.storage.open(minutes.file.name, "rb")
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=minutes.original_name,
        content_type=minutes.content_type or "application/octet-stream",
    )
    if not response.has_header("Content-Length"):
        response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _issued(request, pk)
    overdue = [r for r in board_rows(notice, today=today()) if r.status == RecipientStatus.OVERDUE]

    def act(d: dict[str, Any]) -> HttpResponse:
        new = issue_follow_up(notice=notice, by=request.user, today=today(), **d)
        messages.success(
            request, _("Follow-up notice drafted for %(n)d operators.") % {"n": len(overdue)}
        )
        return redirect("notices:detail", new.pk)

    return form_page(
        request,
        form=FollowUpForm(data(request)),
        template="notices/notice_follow_up.html",
        act=act,
        context={"notice": notice, "overdue": overdue},
    )
