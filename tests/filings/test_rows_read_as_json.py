"""Lists read with their parent's row as JSON (`core.aggregates.rows_as_json`): a filing's
changes with the filing, an item's files with the item. What the pages show of them must be
what the ORM reads of the same rows, on SQLite and on PostgreSQL alike: times to the
microsecond and in their zone, dates, who did what, the revision and the deadline, and
nothing read again on display."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from core.aggregates import rows_as_json
from filings.models import (
    FactChange,
    Filing,
    RectificationAttachment,
    RectificationItem,
    State,
)
from filings.selectors import (
    FACT_CHANGE_FIELDS,
    fact_changes_read_with,
    rectification_orders,
)
from filings.services.changes import fact_changes
from tests.builders import filing_in_state

pytestmark = pytest.mark.django_db


def _shown(change: FactChange) -> tuple[Any, ...]:
    """What `filings/_fact_changes.html` reads of a change."""
    return (
        change.pk,
        change.kind,
        change.get_kind_display(),
        change.get_status_display(),
        change.effective_on,
        change.description,
        change.reasons,
        change.recorded_at,
        change.recorded_by and change.recorded_by.get_username(),
        change.filed_at,
        change.filed_by and change.filed_by.get_username(),
        change.decided_at,
        change.decided_by and change.decided_by.get_username(),
        change.revision and change.revision.number,
        change.deadline and change.deadline.due_date,
        change.deadline and change.deadline.rule_text,
    )


def test_a_filings_changes_read_with_its_row_are_what_the_orm_reads(
    cast: dict[str, Any], django_assert_num_queries: Any
) -> None:
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    Filing.objects.filter(pk=filing.pk).update(filing_number="网信算备110000000000002")
    filing.refresh_from_db()
    now = timezone.now().replace(microsecond=123456)
    # Everything filled (a revision, a clock, three people, texts in Chinese), then a
    # bare one: recorded by no one (an import), never filed nor decided.
    FactChange.objects.create(
        filing=filing,
        kind=FactChange.Kind.CHANGE,
        status=FactChange.Status.ACCEPTED,
        effective_on=dt.date(2026, 11, 30),
        description="推荐算法更换为新排序模型\n第二行",
        reasons="与备案一致。",
        recorded_by=cast["officer"],
        recorded_at=now - dt.timedelta(days=3),
        filed_by=cast["officer"],
        filed_at=now - dt.timedelta(days=2),
        decided_by=cast["reviewer"],
        decided_at=now - dt.timedelta(days=1),
        revision=filing.revisions.first(),
        deadline=filing.deadlines.first(),
    )
    FactChange.objects.create(
        filing=filing,
        kind=FactChange.Kind.CANCELLATION,
        status=FactChange.Status.RECORDED,
        effective_on=dt.date(2027, 1, 4),
        description="Service ends.",
        recorded_at=now,
    )

    row = Filing.objects.annotate(
        fact_change_rows=rows_as_json(FactChange.objects.all(), "filing", FACT_CHANGE_FIELDS)
    ).get(pk=filing.pk)
    with django_assert_num_queries(0):
        read = [_shown(c) for c in fact_changes_read_with(row)]
    assert read == [_shown(c) for c in fact_changes(filing)]
    assert read[1][7] == now - dt.timedelta(days=3)  # aware, to the microsecond
    assert read[0][8] is None and read[0][13] is None  # no one, no revision


def test_a_filing_without_changes_reads_none(cast: dict[str, Any]) -> None:
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    row = Filing.objects.annotate(
        fact_change_rows=rows_as_json(FactChange.objects.all(), "filing", FACT_CHANGE_FIELDS)
    ).get(pk=filing.pk)
    assert row.fact_change_rows is None
    assert fact_changes_read_with(row) == []


def test_an_items_files_read_with_it_are_what_the_orm_reads(
    cast: dict[str, Any], django_assert_num_queries: Any
) -> None:
    filing = filing_in_state(State.RECTIFICATION_REQUIRED, **cast)
    item = RectificationItem.objects.get(order__filing=filing)
    bare = RectificationItem.objects.create(order=item.order, number=2, text="No file here.")
    for n, name in enumerate(["整改报告.pdf", "labels.pdf"]):
        RectificationAttachment.objects.create(
            item=item,
            file=ContentFile(b"%PDF-1.4", name="x.pdf"),
            original_name=name,
            sha256=f"{n}" * 64,
            size=8 + n,
            content_type="application/pdf",
            uploaded_by=cast["officer"],
            uploaded_at=timezone.now(),
        )

    def shown(files: list[RectificationAttachment]) -> list[tuple[Any, ...]]:
        fields = ("pk", "item_id", "original_name", "sha256", "size", "content_type")
        return [(*(getattr(f, n) for n in fields), f.uploaded_at) for f in files]

    with django_assert_num_queries(1):
        (order,) = rectification_orders(filing)
        files = {i.pk: shown(i.files) for i in order.item_list}
    assert files[item.pk] == shown(list(item.attachments.order_by("pk")))
    assert files[bare.pk] == []
