"""The regulator's journey in a real browser (issue 4): beijing_reviewer finds an overdue
filing from the dashboard, claims it and returns it with a reason, proposes approval of
another; beijing_supervisor approves it; the filing number is on the public register."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from filings.models import Deadline, Filing, State
from filings.services.deadlines import sync_next_due
from tests.builders import filing_in_state
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def _csp_violations(page: Any) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return found


def test_reviewer_returns_one_filing_and_supervisor_approves_another(
    page: Any, cast: dict[str, Any]
) -> None:
    late = filing_in_state(State.SUBMITTED, **cast, title="Voice room")
    Deadline.objects.filter(filing=late, kind="review").update(
        due_date=timezone.localdate() - dt.timedelta(days=3)
    )
    sync_next_due(late)
    other = filing_in_state(State.UNDER_REVIEW, **cast, title="Face swap")

    violations = _csp_violations(page)
    log_in(page, "beijing_reviewer")
    page.wait_for_load_state("networkidle")
    # the chart is drawn from json_script data by static/js/review-dashboard.js
    assert page.locator("#chart-weekly").evaluate("c => c.width > 0 && !!window.Chart")
    page.click("#tile-overdue")
    page.click(f"text={late.reference}")
    page.click("[data-action=claim]")
    page.click("#action-form button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("claimed")

    page.click("[data-action=return]")
    page.select_option("#id_question_0", index=1)
    page.fill("#id_reason_0", "The moderation evidence is unreadable.")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#filing-state")).to_have_text("Returned for correction")
    expect(page.get_by_text("The moderation evidence is unreadable.")).to_be_visible()

    page.goto(f"/review/filings/{other.pk}/")
    page.click("[data-action=propose]")
    page.check("input[name=kind][value=approve]")
    page.fill("#id_reasons", "Controls are in place.")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#filing-state")).to_have_text("Pending approval")
    page.click("form[action='/accounts/logout/'] button[type=submit]")
    page.wait_for_url("**/accounts/login/**")

    log_in(page, "beijing_supervisor")
    page.goto(f"/review/filings/{other.pk}/")
    page.click("[data-action=approve]")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#filing-state")).to_have_text("Approved")
    number = page.locator("#filing-number").inner_text()
    assert number == Filing.objects.get(pk=other.pk).filing_number

    page.goto("/register/")
    page.fill("#register-q", number)
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**/register/?q=*")
    expect(page.locator("#register").get_by_text(number)).to_be_visible()
    expect(page.locator("#register").get_by_text("Voice room")).to_have_count(0)
    assert violations == []
