"""The officer's home, the filing page and the notifications inbox are rendered on every
request: each runs a fixed number of queries (at most 10), the same with many rows as with
few."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Question
from filings import services
from filings.models import Comment, Filing, Notification, RectificationItem, State
from filings.services import attach_rectification_files
from tests.builders import filing_in_state


@pytest.fixture
def cast(cast: dict[str, Any], one_office_regime: Any) -> dict[str, Any]:
    """One office reviews (tests/conftest.py): the filing's state is its review's, and it
    ends in a number (joint reviews: tests/review/test_joint_review.py)."""
    return {**cast, "regime": one_office_regime.code}


pytestmark = pytest.mark.django_db

# 11: the home page's written-notices box reads the operator's open notices (one query).
# The filing page reads two sections more than the home: its record (the audit trail, one
# query: filings.activity) and its inspections (one query: inspections' template tag).
MAX_QUERIES = 9
MAX_FILING_PAGE_QUERIES = 10
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def queries(client: Client, url: str, most: int = MAX_QUERIES) -> int:
    """The number of queries the page runs; at most `most` besides reading the session
    (production reads sessions from Redis, cached_db; the test settings from the database)."""
    client.get(url)  # the session's first request writes it
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    page = [q["sql"] for q in ctx.captured_queries if "django_session" not in q["sql"]]
    assert len(page) <= most, "\n".join(page)
    return len(ctx)


class Douyin:
    """Douyin filings, each on a feature of its own."""

    def __init__(self, cast: dict[str, Any]) -> None:
        self.cast, self.n = cast, 0

    def filing(self, state: str) -> Filing:
        self.n += 1
        return filing_in_state(state, **self.cast, title=f"Feature {self.n}")

    def asked_and_answered(self, filing: Filing, times: int) -> None:
        for n in range(times):
            request = services.comment_on_filing(
                filing=filing,
                by=self.cast["reviewer"],
                body=f"Which model? {n}",
                information_request=True,
            )
            services.answer_information_request(
                request=request, by=self.cast["officer"], body=f"Model {n}."
            )

    def rectification(self, filing: Filing, items: int) -> None:
        services.propose_decision(
            filing=filing, by=self.cast["reviewer"], kind="approve", reasons="Complete."
        )
        services.approve_filing(filing=filing, by=self.cast["supervisor"])
        services.order_rectification(
            filing=filing,
            by=self.cast["reviewer"],
            items=[f"Fix {n}." for n in range(items)],
            due_date=timezone.localdate() + dt.timedelta(days=20),
        )
        files = {
            item.pk: [SimpleUploadedFile(f"proof-{item.number}.pdf", PDF, "application/pdf")]
            for item in RectificationItem.objects.filter(order__filing=filing)
        }
        attach_rectification_files(filing=filing, by=self.cast["officer"], files=files)

    def tasks_of_every_kind(self) -> None:
        """A draft to file, a returned filing, an open request, an open rectification order."""
        self.filing(State.DRAFT)
        self.filing(State.RETURNED)
        services.comment_on_filing(
            filing=self.filing(State.UNDER_REVIEW),
            by=self.cast["reviewer"],
            body="Which model?",
            information_request=True,
        )
        self.filing(State.RECTIFICATION_REQUIRED)


@pytest.fixture
def douyin_filings(cast: dict[str, Any]) -> Douyin:
    return Douyin(cast)


@pytest.fixture
def officer(client: Client, douyin_officer: Any) -> Client:
    client.force_login(douyin_officer)
    return client


def test_officers_home_runs_as_many_queries_with_many_filings_as_with_few(
    douyin_filings, officer, django_assert_num_queries
):
    douyin_filings.tasks_of_every_kind()
    few = queries(officer, "/dashboard/")
    for _ in range(3):
        douyin_filings.tasks_of_every_kind()
    douyin_filings.filing(State.APPROVED)

    with django_assert_num_queries(few):
        page = officer.get("/dashboard/")
    kinds = [task.kind for task in page.context["home"].tasks]
    assert sorted(set(kinds)) == ["file", "information_request", "rectification", "returned"]
    for kind in ("information_request", "rectification", "returned"):
        assert kinds.count(kind) == 4


def test_filing_page_runs_as_many_queries_with_many_requests_and_files_as_with_few(
    douyin_filings, officer, django_assert_num_queries
):
    few = douyin_filings.filing(State.UNDER_REVIEW)
    douyin_filings.asked_and_answered(few, times=1)
    douyin_filings.rectification(few, items=1)
    many = douyin_filings.filing(State.UNDER_REVIEW)
    douyin_filings.asked_and_answered(many, times=4)
    douyin_filings.rectification(many, items=3)

    n = queries(officer, reverse("filings:detail", args=[few.pk]), MAX_FILING_PAGE_QUERIES)
    with django_assert_num_queries(n):
        page = officer.get(reverse("filings:detail", args=[many.pk]))
    assert page.text.count("bi-reply") == 4
    assert page.text.count("proof-") == 3
    assert [len(r.thread) for r in page.context["requests"]] == [1, 1, 1, 1]


def test_filing_page_runs_as_many_queries_with_many_return_reasons_as_with_one(
    douyin_filings, cast, officer, django_assert_num_queries
):
    one = douyin_filings.filing(State.RETURNED)  # the builder returns it with one reason
    several = douyin_filings.filing(State.UNDER_REVIEW)
    questions = list(Question.objects.filter(section__template=several.template)[:4])
    services.return_filing(
        filing=several, by=cast["reviewer"], reasons=[(q, f"Unclear: {q.code}") for q in questions]
    )

    n = queries(officer, reverse("filings:detail", args=[one.pk]), MAX_FILING_PAGE_QUERIES)
    with django_assert_num_queries(n):
        page = officer.get(reverse("filings:detail", args=[several.pk]))
    for q in questions:
        assert f"#q-{q.code}" in page.text
    shown = [c.pk for c in page.context["return_reasons"]]
    newest_first = Comment.objects.filter(filing=several, kind=Comment.Kind.RETURN_REASON)
    assert shown == list(newest_first.order_by("-created_at", "-pk").values_list("pk", flat=True))


@pytest.mark.parametrize("who", ["douyin_officer", "beijing_reviewer"])
def test_inbox_runs_as_many_queries_with_many_notifications_as_with_few(
    who, request, cast, django_assert_num_queries
):
    user = request.getfixturevalue(who)
    filing = filing_in_state(State.SUBMITTED, **cast)
    Notification.objects.filter(recipient=user).delete()

    def notify(n: int) -> None:
        Notification.objects.bulk_create(
            Notification(recipient=user, filing=filing, verb="claimed", message=f"Note {i}")
            for i in range(n)
        )

    client = Client()
    client.force_login(user)
    notify(2)
    few = queries(client, "/review/notifications/")
    notify(120)

    for page in ("1", "2", "3"):
        with django_assert_num_queries(few):
            response = client.get(f"/review/notifications/?page={page}")
        assert response.context["page"].number == int(page)
    assert not response.context["page"].has_next()
    assert response.text.count('class="list-group-item d-flex') == 22


def test_inbox_page_past_the_end_shows_the_last_page(douyin_officer, officer):
    Notification.objects.bulk_create(
        Notification(recipient=douyin_officer, verb="claimed", message=f"Note {i}")
        for i in range(60)
    )
    for asked in ("3", "99", "0", "-1"):
        page = officer.get(f"/review/notifications/?page={asked}").context["page"]
        assert (page.number, page.has_next(), page.has_previous()) == (2, False, True)
    for asked in ("", "x", "1.5"):
        page = officer.get(f"/review/notifications/?page={asked}").context["page"]
        assert (page.number, page.has_next(), len(page)) == (1, True, 50)
