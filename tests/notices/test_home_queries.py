"""The officer's home shows the operator's open notices (notices' `{% home_notices %}`): a
fixed number of queries however many notices, items and filings there are, within the home's
budget (tests/filings/test_officer_page_queries.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from notices.services import start_filing_from_notice

from .conftest import issue

pytestmark = pytest.mark.django_db

# The home's 9 (tests/filings/test_officer_page_queries.py), less its counts by state read
# from the shared cache as in production (filings/versions.py), with the notices box's two
# more once there is a notice: the notices' items (with their platforms and features, one
# query) and the filings started from them.
MAX_WITH_NOTICES = 10


@pytest.fixture(autouse=True)
def _figure_cache(settings: Any) -> None:
    settings.FIGURE_CACHE = True


def _home_queries(client: Client) -> int:
    client.get("/dashboard/")
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/dashboard/")
    assert page.status_code == 200
    return len([q for q in ctx.captured_queries if "django_session" not in q["sql"]])


def test_the_home_with_notices_runs_as_many_queries_with_three_as_with_one(
    client, notice, douyin, douyin_officer, beijing_supervisor, beijing_cac, today
):
    def start(recipient: Any, title: str) -> None:
        start_filing_from_notice(
            recipient=recipient,
            by=douyin_officer,
            today=today,
            platform=douyin,
            item=recipient.items.first(),
            title=title,
            description="The voice rooms the notice names.",
        )

    client.force_login(douyin_officer)
    start(notice.recipients.get(operator=douyin.operator), "Voice rooms, assessed")
    one = _home_queries(client)
    assert one <= MAX_WITH_NOTICES
    for n in range(2):
        more = issue(
            beijing_supervisor,
            beijing_cac,
            [douyin.operator],
            [douyin],
            title=f"Follow-up inspection {n}",
        )
        start(more.recipients.get(), f"Voice rooms {n}")
    page = client.get("/dashboard/").text
    assert "Follow-up inspection 1" in page
    assert _home_queries(client) == one
