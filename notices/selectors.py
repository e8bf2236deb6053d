"""Reads for the campaign board and the operator's pages.

An office sees, for each operator a notice went to, the status of the obligation, its due date
and the states and due dates of the filings started from it, from the day the notice is
issued: never a draft's contents (no answers, no evidence, no link into the draft).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from filings.models import DECIDED_STATES, REVIEW_STATES, State
from workcalendar.calendar import working_days_between

from .models import Notice, NoticeFiling, NoticeItem, NoticeRecipient, RecipientStatus


def items_prefetch() -> Prefetch[Any]:
    """A recipient's items with their platform and planned feature, in one query (two
    `items__platform`, `items__planned_feature` lookups took three: every officer's home
    page pays for this)."""
    return Prefetch("items", NoticeItem.objects.select_related("platform", "planned_feature"))


# A filing in one of these has every office's conclusion (a re-assessment order sends the
# operator back to work: "assessment in progress", with its own date).
CONCLUDED_STATES = frozenset(DECIDED_STATES - {State.REASSESSMENT_REQUIRED}) | {
    State.REJECTED,
    State.CANCELLED,
}
# Submitted and with a regulator (returned counts: the review goes on after the correction).
REVIEWING_STATES = frozenset(REVIEW_STATES - {State.SUBMITTED}) | {State.RETURNED}
# A recipient that has filed what the notice asks owes nothing more by its deadline.
_FILED_STATUSES = frozenset(
    {RecipientStatus.SUBMITTED, RecipientStatus.UNDER_REVIEW, RecipientStatus.CONCLUDED}
)


@dataclass
class FilingLine:
    reference: str | None  # None only for a filing not yet saved with its reference
    regime: str
    state: str
    state_label: str
    platform: str
    due: dt.date | None
    submitted: bool
    pk: int


@dataclass
class BoardRow:
    recipient: NoticeRecipient
    status: str
    status_label: str
    deadline: dt.date | None
    working_days_left: int | None
    items: list[str] = field(default_factory=list)
    filings: list[FilingLine] = field(default_factory=list)
    needed: int = 1

    @property
    def days_left_owed(self) -> int | None:
        """The working days left to the deadline while the operator still owes the filings;
        None once it has filed them all (submitted, under review or concluded): a count
        past the deadline then reads as overdue when it is not."""
        if self.status in _FILED_STATUSES:
            return None
        return self.working_days_left


def status_of(
    recipient: NoticeRecipient,
    filings: list[FilingLine],
    needed: int,
    *,
    deadline: dt.date | None,
    today: dt.date,
) -> str:
    live = [f for f in filings if f.state != State.WITHDRAWN]
    if any(f.state == State.REASSESSMENT_REQUIRED for f in live):
        return RecipientStatus.IN_PROGRESS
    if len(live) >= needed and all(f.submitted for f in live):
        if all(f.state in CONCLUDED_STATES for f in live):
            return RecipientStatus.CONCLUDED
        if any(f.state in REVIEWING_STATES for f in live):
            return RecipientStatus.UNDER_REVIEW
        return RecipientStatus.SUBMITTED
    if deadline is not None and today > deadline:
        return RecipientStatus.OVERDUE
    if live:
        return RecipientStatus.IN_PROGRESS
    if recipient.acknowledged_at is not None:
        return RecipientStatus.ACKNOWLEDGED
    return RecipientStatus.NOTIFIED


def filing_lines(recipients: list[NoticeRecipient]) -> dict[int, list[FilingLine]]:
    found: dict[int, list[FilingLine]] = {}
    links = NoticeFiling.objects.filter(recipient__in=recipients).select_related(
        "filing__regime", "filing__platform"
    )
    for link in links:
        f = link.filing
        found.setdefault(link.recipient_id, []).append(
            FilingLine(
                reference=f.reference,
                regime=str(f.regime),
                state=f.state,
                state_label=f.get_state_display(),
                platform=str(f.platform),
                due=f.next_due if f.next_due and f.next_due.year < 9999 else None,
                submitted=f.first_submitted_at is not None,
                pk=f.pk,
            )
        )
    return found


def board_rows(notice: Notice, *, today: dt.date) -> list[BoardRow]:
    """One row per operator, in a fixed number of queries whatever their number."""
    recipients = list(
        notice.recipients.select_related("operator").prefetch_related(items_prefetch())
    )
    lines = filing_lines(recipients)
    rows = []
    for r in recipients:
        items = list(r.items.all())
        row_filings = lines.get(r.pk, [])
        value = status_of(r, row_filings, max(len(items), 1), deadline=notice.deadline, today=today)
        rows.append(
            BoardRow(
                recipient=r,
                status=value,
                status_label=str(RecipientStatus(value).label),
                deadline=notice.deadline,
                working_days_left=(
                    working_days_between(today, notice.deadline) if notice.deadline else None
                ),
                items=[str(i) for i in items],
                filings=row_filings,
                needed=max(len(items), 1),
            )
        )
    return rows


def filter_rows(rows: list[BoardRow], *, status: str = "", query: str = "") -> list[BoardRow]:
    """The board's filters: a status, and a part of the operator's name or region code."""
    if query:
        q = query.casefold()
        rows = [
            row
            for row in rows
            if q in row.recipient.operator.name_zh.casefold()
            or q in row.recipient.operator.name_en.casefold()
            or q in row.recipient.operator.region_code
        ]
    if status:
        rows = [row for row in rows if row.status == status]
    return rows


def status_counts(rows: list[BoardRow]) -> list[tuple[str, str, int, int]]:
    """(status, label, count, percent of all) for every status, in the lifecycle's order."""
    counts = Counter(row.status for row in rows)
    total = max(len(rows), 1)
    return [
        (value, str(label), counts.get(value, 0), round(100 * counts.get(value, 0) / total))
        for value, label in RecipientStatus.choices
    ]


def recipient_row(recipient: NoticeRecipient, *, today: dt.date) -> BoardRow:
    notice = recipient.notice
    items = list(recipient.items.select_related("platform", "planned_feature"))
    row_filings = filing_lines([recipient]).get(recipient.pk, [])
    value = status_of(
        recipient, row_filings, max(len(items), 1), deadline=notice.deadline, today=today
    )
    return BoardRow(
        recipient=recipient,
        status=value,
        status_label=str(RecipientStatus(value).label),
        deadline=notice.deadline,
        working_days_left=(
            working_days_between(today, notice.deadline) if notice.deadline else None
        ),
        items=[str(i) for i in items],
        filings=row_filings,
        needed=max(len(items), 1),
    )


def received_rows(recipients: list[NoticeRecipient], *, today: dt.date) -> list[BoardRow]:
    """The operator's rows for its notices (each recipient with its notice, items and
    filings), in a fixed number of queries whatever their number: the officer's home and the
    API's notices received. Fetch the recipients with `notice` and `items` ready."""
    lines = filing_lines(recipients)
    rows = []
    for r in recipients:
        items = list(r.items.all())
        row_filings = lines.get(r.pk, [])
        value = status_of(
            r, row_filings, max(len(items), 1), deadline=r.notice.deadline, today=today
        )
        rows.append(
            BoardRow(
                recipient=r,
                status=value,
                status_label=str(RecipientStatus(value).label),
                deadline=r.notice.deadline,
                # An issued notice has a deadline (a constraint): the test is for the types.
                working_days_left=(
                    working_days_between(today, r.notice.deadline) if r.notice.deadline else None
                ),
                items=[str(i) for i in items],
                filings=row_filings,
                needed=max(len(items), 1),
            )
        )
    return rows


def open_received(user: Any, *, today: dt.date) -> list[BoardRow]:
    """The officer's home: the operator's notices not yet fully submitted, soonest first."""
    from .access import received

    recipients = list(
        received(user)
        .select_related("notice", "operator")
        .prefetch_related(items_prefetch())
        .order_by("notice__deadline", "pk")
    )
    return [
        row
        for row in received_rows(recipients, today=today)
        if row.status != RecipientStatus.CONCLUDED
    ]
