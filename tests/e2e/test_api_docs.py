"""The API's interactive docs (Swagger UI) run in a real browser under the site's Content
Security Policy, from this site's own files."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_the_schema_under_the_csp(page: Any, live_server: Any) -> None:
    problems: list[str] = []
    elsewhere: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(m.text) if m.type == "error" else None,
    )
    page.on(
        "request",
        lambda r: elsewhere.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto("/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Security self-assessment filings API" in page.inner_text(".swagger-ui .info")
    page.wait_for_selector("text=/api/v1/platforms/")
    assert not [p for p in problems if "Content Security Policy" in p], problems
    assert not [u for u in elsewhere if not u.startswith("data:")], elsewhere
