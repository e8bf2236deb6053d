"""The review queue, dashboard, exports and bulk assignment, with pinned query counts."""

from __future__ import annotations

import csv
import io
import sys
from typing import Any

import openpyxl
import pytest
from django.utils import timezone

from filings.models import Deadline, Filing, OfficeReview, State
from filings.services.deadlines import sync_next_due
from review.exports import neutralise

S = State


@pytest.fixture
def many(make_filing: Any) -> list[Filing]:
    return [make_filing(S.SUBMITTED) for _ in range(7)]


def refs(response: Any) -> list[str]:
    return [f.reference for f in response.context["rows"]]


def test_queue_lists_open_filings_addressed_to_the_authority(
    make_filing, beijing_reviewer, shanghai_reviewer, as_user
):
    open_one, done = make_filing(S.SUBMITTED), make_filing(S.REJECTED)
    response = as_user(beijing_reviewer).get("/review/queue/")
    assert response.status_code == 200
    assert refs(response) == [open_one.reference]
    assert refs(as_user(shanghai_reviewer).get("/review/queue/")) == []
    # a state filter shows finished filings too
    assert refs(as_user(beijing_reviewer).get("/review/queue/?state=rejected")) == [done.reference]


@pytest.mark.parametrize("who", ["douyin_officer", "admin"])
def test_queue_is_for_regulators_only(who, request, as_user, db):
    user = request.getfixturevalue(who)
    assert as_user(user).get("/review/queue/").status_code == 404
    assert as_user(user).get("/review/queue/export.csv").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "state=bogus",
        "regime=999999",
        "assignee=someone",
        "due=yesterday",
        "due_before=31-12-2026",
        "sort=random",
        "after=garbage",
        "after=2026-13-01_5",
        "after=2026-12-01_99999999999999999999999",
        "operator=x",
        # Cursors nobody's page wrote (issue #15): a superscript digit, ids past a bigint
        # under each sort and a state filter, timestamps that overflow once put in UTC.
        "after=2026-12-01_%C2%B2",
        "sort=-due&state=approved&after=2026-12-01_99999999999999999999999",
        "sort=received&after=2026-12-01T00:00:00_99999999999999999999999",
        "sort=received&after=9999-12-31T23:59:59-14:00_5",
        "sort=-received&after=0001-01-01T00:00:00%2B14:00_5",
    ],
)
def test_unknown_filter_values_are_a_400_not_a_500(query, beijing_reviewer, as_user):
    response = as_user(beijing_reviewer).get(f"/review/queue/?{query}")
    assert response.status_code == 400
    assert as_user(beijing_reviewer).get(f"/review/queue/export.csv?{query}").status_code == 400


@pytest.mark.parametrize(
    "cursor", ["2026-12-01_99999999999999999999999", "2026-12-01_%C2%B2", "2026-12-01_-5"]
)
def test_a_malformed_page_link_says_to_start_from_the_first_page(
    cursor, many, beijing_reviewer, as_user
):
    response = as_user(beijing_reviewer).get(f"/review/queue/?after={cursor}")
    assert response.status_code == 400
    assert "This page link is not valid; start from the first page." in response.text


def test_bulk_assign_of_an_id_past_a_bigint_is_refused_with_a_message(
    many, beijing_supervisor, as_user
):
    response = as_user(beijing_supervisor).post(
        "/review/queue/assign/",
        {"filings": [many[0].pk, "9" * 40], "reviewer": beijing_supervisor.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert any("9" * 40 in str(m) for m in response.context["messages"])
    assert OfficeReview.objects.get(filing=many[0]).assignee is None


def test_filters_and_search(make_filing, beijing_reviewer, beijing_supervisor, as_user):
    mine = make_filing(S.UNDER_REVIEW, title="Voice room")
    other = make_filing(S.SUBMITTED, title="Face swap")
    client = as_user(beijing_reviewer)
    assert refs(client.get("/review/queue/?assignee=me")) == [mine.reference]
    assert refs(client.get("/review/queue/?assignee=none")) == [other.reference]
    assert refs(client.get("/review/queue/?q=voice")) == [mine.reference]
    assert refs(client.get(f"/review/queue/?q={other.reference}")) == [other.reference]
    assert refs(client.get("/review/queue/?state=submitted&state=under_review&sort=-received")) == [
        other.reference,
        mine.reference,
    ]
    assert refs(client.get(f"/review/queue/?assignee={beijing_reviewer.pk}")) == [mine.reference]
    assert refs(client.get(f"/review/queue/?operator={mine.operator_id}")) != []
    assert refs(client.get(f"/review/queue/?regime={mine.regime_id}")) == [
        f.reference for f in Filing.objects.filter(pk__in=[mine.pk, other.pk]).order_by("pk")
    ]


def test_due_buckets_match_the_dashboard(make_filing, beijing_reviewer, as_user):
    overdue = make_filing(S.SUBMITTED)
    make_filing(S.SUBMITTED)
    Deadline.objects.filter(filing=overdue, kind="review").update(
        due_date=timezone.localdate() - timezone.timedelta(days=3)
    )
    sync_next_due(overdue)
    client = as_user(beijing_reviewer)
    assert refs(client.get("/review/queue/?due=overdue")) == [overdue.reference]
    board = client.get("/dashboard/").context["board"]
    assert board.overdue_reviews == 1
    assert 'href="/review/queue/?due=overdue"' in client.get("/dashboard/").text


@pytest.mark.parametrize("sort", ["due", "-due", "received", "-received"])
def test_keyset_pages_cover_every_row_once(many, beijing_reviewer, as_user, sort, monkeypatch):
    monkeypatch.setattr(sys.modules["review.views.queue"], "PAGE_SIZE", 3)
    client = as_user(beijing_reviewer)
    seen: list[str] = []
    url = f"/review/queue/?sort={sort}"
    for _ in range(5):
        response = client.get(url)
        assert response.status_code == 200
        seen += refs(response)
        cursor = response.context["next_cursor"]
        if not cursor:
            break
        assert response.context["is_first_page"] is ("after=" not in url)
        url = f"/review/queue/?sort={sort}&after={cursor}"
    assert sorted(seen) == sorted(f.reference for f in many)
    assert len(seen) == len(set(seen))


def _count_queries(client: Any, url: str, django_assert_max_num_queries: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_queue_and_dashboard_query_counts_do_not_grow_with_rows(
    make_filing, beijing_reviewer, as_user, django_assert_num_queries, settings
):
    settings.FIGURE_CACHE = True  # as with the shared cache of production
    client = as_user(beijing_reviewer)
    # One filing with an assignee: each related table (assignees too) is one query per page,
    # whatever the number of rows.
    make_filing(S.UNDER_REVIEW)
    client.get("/review/queue/")  # warm the session and caches
    client.get("/dashboard/")
    few = {u: _count_queries(client, u, None) for u in ("/review/queue/", "/dashboard/")}
    for state in [S.SUBMITTED, S.UNDER_REVIEW] * 3:
        make_filing(state)
    for url, n in few.items():
        with django_assert_num_queries(n):
            assert client.get(url).status_code == 200
    assert len(client.get("/review/queue/").context["rows"]) == 7
    # The budget a page has: the session, the user, their roles, the unread count, the
    # filings escalated to their offices (read as a list so that the page's query stays a
    # semi-join: filings.access._regulator_scope), and the page's own few queries.
    assert few["/review/queue/"] <= 10
    assert few["/dashboard/"] <= 10


def test_a_supervisors_queue_with_every_filter_stays_within_eleven_queries(
    make_filing, beijing_supervisor, beijing_reviewer, as_user
):
    for state in (S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED):
        make_filing(state)
    client = as_user(beijing_supervisor)
    client.get("/review/queue/")
    url = f"/review/queue/?state=approved&state=submitted&assignee={beijing_reviewer.pk}&sort=-due"
    assert _count_queries(client, url, None) <= 10
    assert _count_queries(client, "/review/queue/?state=approved", None) <= 10


def test_bulk_assign_by_a_supervisor(
    many, beijing_supervisor, second_beijing_reviewer, beijing_reviewer, as_user
):
    client = as_user(beijing_supervisor)
    response = client.post(
        "/review/queue/assign/",
        {"filings": [f.pk for f in many[:3]], "reviewer": second_beijing_reviewer.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert OfficeReview.objects.filter(assignee=second_beijing_reviewer).count() == 3
    # a reviewer may not: each filing is refused with a message, nothing changes
    response = as_user(beijing_reviewer).post(
        "/review/queue/assign/",
        {"filings": [many[4].pk], "reviewer": beijing_reviewer.pk},
        follow=True,
    )
    assert OfficeReview.objects.get(filing=many[4]).assignee is None
    assert any("role does not allow" in str(m) for m in response.context["messages"])


def test_bulk_assign_without_filings_or_with_invisible_ones(
    make_filing, beijing_supervisor, shanghai_reviewer, as_user, wechat_officer
):
    client = as_user(beijing_supervisor)
    response = client.post("/review/queue/assign/", {"reviewer": beijing_supervisor.pk})
    assert response.status_code == 302
    draft = make_filing(S.DRAFT)
    client.post("/review/queue/assign/", {"filings": [draft.pk], "reviewer": beijing_supervisor.pk})
    assert not OfficeReview.objects.filter(filing=draft).exists()  # a draft has no review yet


def test_csv_export_streams_the_filter_and_neutralises_formulas(
    make_filing, beijing_reviewer, as_user
):
    make_filing(S.SUBMITTED, title='=HYPERLINK("http://evil")')
    make_filing(S.SUBMITTED, title="Voice room")
    response = as_user(beijing_reviewer).get("/review/queue/export.csv?q=HYPERLINK")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"].startswith("attachment")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 2
    assert rows[1][6] == '\'=HYPERLINK("http://evil")'


def _xlsx_rows(data: bytes) -> list[list[str]]:
    """The cells of the first sheet, read with the standard library only."""
    import zipfile
    from xml.etree import ElementTree

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        # our own output, in a test: trusted
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))  # noqa: S314
    return [
        ["".join(c.itertext()) for c in row.findall("m:c", ns)]
        for row in sheet.iterfind(".//m:row", ns)
    ]


def test_xlsx_export_streams_the_filter_and_neutralises_formulas(
    make_filing, beijing_reviewer, as_user
):
    filing = make_filing(S.SUBMITTED, title="+cmd")
    response = as_user(beijing_reviewer).get("/review/queue/export.xlsx")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = _xlsx_rows(b"".join(response.streaming_content))
    assert rows[1][0] == filing.reference
    assert rows[1][6] == "'+cmd"


def test_xlsx_export_opens_in_a_spreadsheet_library(make_filing, beijing_reviewer, as_user):
    filing = make_filing(S.SUBMITTED)
    response = as_user(beijing_reviewer).get("/review/queue/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = list(book.active.iter_rows(values_only=True))
    assert values[1][0] == filing.reference
    assert values[0][7] == "Your office's review" and values[1][7] == "Awaiting review"
    assert values[1][9] is not None  # last submitted, a real date-time cell


def test_xlsx_writer_emits_bytes_before_the_last_row():
    from core.xlsx import stream_xlsx

    produced: list[int] = []

    def rows():
        for i in range(2000):
            produced.append(i)
            yield [f"row {i}", i]

    stream = stream_xlsx(rows(), flush_every=100)
    next(stream)  # the fixed parts
    assert next(stream) and len(produced) < 2000
    rest = b"".join(stream)
    assert rest


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_prefixes_formula_starters(value):
    assert neutralise(value) == "'" + value
    assert neutralise("plain") == "plain"
    assert neutralise(5) == 5


def test_dashboard_counts_link_to_the_queue(make_filing, beijing_reviewer, as_user):
    make_filing(S.SUBMITTED)
    make_filing(S.UNDER_REVIEW)
    response = as_user(beijing_reviewer).get("/dashboard/")
    board = response.context["board"]
    assert board.mine == 1
    assert board.unassigned == 1
    assert dict((s, n) for s, _, n in board.counts) == {"submitted": 1, "under_review": 1}
    assert sum(w["received"] for w in board.weeks) == 2
    assert sum(b["count"] for b in board.backlog) == 2
    assert 'id="chart-data"' in response.text
    assert "<script>" not in response.text.replace("<script src=", "")
    assert 'style="' not in response.text


def test_next_page_seeks_past_the_cursor_without_offset(
    many, beijing_reviewer, as_user, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(sys.modules["review.views.queue"], "PAGE_SIZE", 2)
    client = as_user(beijing_reviewer)
    first = client.get("/review/queue/?sort=received")
    with CaptureQueriesContext(connection) as page_one:
        client.get("/review/queue/?sort=received")
    with CaptureQueriesContext(connection) as page_two:
        client.get(f"/review/queue/?sort=received&after={first.context['next_cursor']}")
    assert len(page_two) == len(page_one)
    listing = [q["sql"] for q in page_two.captured_queries if "last_submitted_at" in q["sql"]]
    assert listing and all("OFFSET" not in sql.upper() for sql in listing)


def test_operator_and_platform_filters_are_links_in_the_table_and_removable_chips(
    make_filing, beijing_reviewer, as_user
):
    filing = make_filing(S.SUBMITTED)
    client = as_user(beijing_reviewer)
    page = client.get("/review/queue/?sort=received").text
    # no <select> of every operator or platform in the country: the names in the table narrow
    assert 'name="operator"' in page and '<select name="operator"' not in page
    assert f"?sort=received&amp;operator={filing.operator_id}" in page
    narrowed = client.get(f"/review/queue/?sort=received&operator={filing.operator_id}")
    assert refs(narrowed) == [filing.reference]
    chip = narrowed.text.split('id="queue-chosen"')[1].split("</p>")[0]
    assert str(filing.operator) in chip
    assert 'href="?sort=received"' in chip  # removing it keeps the other filters
    assert client.get("/review/queue/?operator=999999").status_code == 400


@pytest.mark.parametrize("sort", ["due", "-due", "received", "-received"])
def test_keyset_pages_walk_rows_sharing_one_sort_key_without_loss_or_repeat(
    make_filing, beijing_reviewer, sort
):
    from review import selectors

    # Approved filings have no open deadline: they all share next_due = NO_DEADLINE.
    approved = {make_filing(S.APPROVED).pk for _ in range(5)}
    qs = selectors.queue(beijing_reviewer, {"state": ["approved"], "sort": sort})
    seen, cursor = [], None
    while True:
        rows, cursor = selectors.keyset_page(qs, sort, cursor, 2)
        seen += [f.pk for f in rows]
        if cursor is None:
            break
    assert sorted(seen) == sorted(approved)
    assert len(seen) == len(set(seen))
