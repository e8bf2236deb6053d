"""The notifications inbox, for every logged-in user (officers too)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from filings.activity import describe
from filings.links import row_url
from filings.models import DeadlineKind, Notification
from filings.texts import REMINDER_LEADS, REMINDER_LINE, action_labels, localise_all

# The inbox's page size.
PER_PAGE = 50
# The last page number whose OFFSET and LIMIT stay within a signed 64-bit integer.
MAX_PAGE = (2**63 - 1) // PER_PAGE - 1


class InboxPage(Page):
    """A page that knows whether another follows without counting the inbox."""

    def __init__(self, rows: list[Notification], number: int, paginator: Paginator) -> None:
        super().__init__(rows[:PER_PAGE], number, paginator)
        self._has_next = len(rows) > PER_PAGE

    def has_next(self) -> bool:
        return self._has_next

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def inbox_page(notes: QuerySet[Notification], requested: Any) -> Page:
    """`Paginator(notes, PER_PAGE).get_page(requested)` without its COUNT (a busy
    regulator's 16,000 notifications took 200 ms to count): the page's rows and one more
    tell whether a next page exists. A number below 1 or past the end goes to the last
    page, as get_page does, counting only then; so does a number whose OFFSET would not fit
    the database's bigint (SQLite raised OverflowError, PostgreSQL "bigint out of range")."""
    paginator = Paginator(notes, PER_PAGE)
    try:
        number = int(requested) if requested is not None else 1
    except (TypeError, ValueError):
        number = 1
    if 1 <= number <= MAX_PAGE:
        start = (number - 1) * PER_PAGE
        rows = list(notes[start : start + PER_PAGE + 1])
        if rows or number == 1:
            return InboxPage(rows, number, paginator)
    return paginator.get_page(requested)


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    notes = (
        Notification.objects.for_user(request.user)
        .select_related("filing", "filing__planned_feature", "deadline", "outbox")
        .order_by("-created_at", "-id")
    )
    page = inbox_page(notes, request.GET.get("page"))
    rows = list(page)
    _in_readers_language(rows)
    read, opened = row_url("review:notification_read"), row_url("review:notification_open")
    actor_ids = {
        n.outbox.payload.get("actor_id") for n in rows if n.outbox_id and n.outbox is not None
    }
    actors = get_user_model().objects.in_bulk([a for a in actor_ids if a])
    for n in rows:
        # Worked out once a page, not per row in the template (see filings.links).
        n.read_url = read(n.pk)
        n.open_url = opened(n.pk)
        if n.step == Notification.Step.EVENT:
            actor = actors.get(n.outbox.payload.get("actor_id")) if n.outbox else None
            n.sentence, n.next_step = describe(n.verb, actor)
    return render(request, "review/notification_list.html", {"page": page})


@require_GET
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notification marks it read and goes to what it is about."""
    note = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    Notification.objects.filter(pk=note.pk, read_at__isnull=True).update(read_at=timezone.now())
    if note.filing_id:
        # A regulator's filing page is the workspace (filings:detail sends them there).
        return redirect("filings:detail", pk=note.filing_id)
    return redirect("review:notifications")


def _in_readers_language(rows: list[Notification]) -> None:
    """Each row's label and text in the reader's language: a reminder is made again from its
    step and deadline; an event is named by what happened, and its stored text translated
    when the services wrote it (filings.texts); a person's words are shown as written."""
    steps = {value: str(label) for value, label in Notification.Step.choices}
    actions = action_labels()
    kinds = {value: str(label) for value, label in DeadlineKind.choices}
    leads = {step: str(lead) for step, lead in REMINDER_LEADS.items()}
    texts = localise_all(n.message for n in rows)
    for n, text in zip(rows, texts, strict=True):
        n.text = text
        if n.step == Notification.Step.EVENT:
            n.step_label = actions.get(n.verb) or actions.get(f"filing.{n.verb}") or steps["event"]
        else:
            n.step_label = steps.get(n.step, n.step)
            if n.deadline is not None and n.step in leads:
                date = f"{n.deadline.due_date:%Y-%m-%d}{'*' if n.deadline.provisional else ''}"
                kind = kinds.get(n.deadline.kind, n.deadline.kind)
                n.text = str(REMINDER_LINE) % {"lead": leads[n.step], "kind": kind, "date": date}


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
