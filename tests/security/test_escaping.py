"""Text a user typed shows escaped on every page, and no export cell starts a formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from filings.models import State
from tests.builders import filing_in_state

from .urlconf import walk

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture
def hostile_filings(cast):
    """Hostile titles under review, decided on a security assessment (concluded) and on the
    public register (an algorithm filing the national CAC filed, after the Beijing CAC's
    first review)."""
    return [
        filing_in_state(state, **{**cast, "regime": regime}, title=f"{FORMULA} {SCRIPT} {state}")
        for regime, state in (
            ("cn-security-assessment", State.UNDER_REVIEW),
            ("cn-security-assessment", State.CONCLUDED),
            ("cn-algorithm-filing", State.APPROVED),
        )
    ]


def test_typed_text_is_escaped_on_every_page_that_shows_it(client, cast, hostile_filings):
    filing = hostile_filings[0]
    pages = {
        "officer": ["/dashboard/", reverse("filings:detail", args=[filing.pk])],
        "reviewer": ["/dashboard/", reverse("review:workspace", args=[filing.pk])],
    }
    for who, urls in pages.items():
        client.force_login(cast[who])
        for url in urls:
            text = client.get(url, follow=True).text
            assert SCRIPT not in text, f"{url} as {who} shows raw markup"


def _csv_routes() -> list[str]:
    return [r.name for r in walk() if r.route.endswith(".csv") and not r.converters]


def test_no_csv_export_cell_starts_a_formula(client, cast, hostile_filings):
    routes = _csv_routes()
    assert routes, "no CSV export found"
    seen = False
    client.force_login(cast["reviewer"])
    for name in routes:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        body = b"".join(response.streaming_content) if response.streaming else response.content
        cells = [c for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for c in row]
        dangerous = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
        assert not dangerous, f"{name}: {dangerous[:3]}"
        seen = seen or any("cmd|" in c for c in cells)
    assert seen, "the hostile title reached no export: the test proves nothing"
