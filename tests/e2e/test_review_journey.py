"""The regulators' journey in a real browser: beijing_reviewer finds an overdue filing from
the dashboard, claims it and returns it with a reason; on a security assessment addressed to
the Beijing CAC and the Beijing PSB, each office proposes and its own supervisor confirms
(the CAC accepts, the PSB orders a re-assessment by a date); the officer's page says which
office concluded what, and no filing number reaches the public register."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from filings.models import Deadline, Filing, State
from filings.services.deadlines import sync_next_due
from tests.builders import filing_in_state
from tests.e2e.conftest import log_in
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.e2e


def _csp_violations(page: Any) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return found


@pytest.fixture
def psb_supervisor(beijing_psb: Any) -> Any:
    user = UserFactory(username="psb_supervisor")
    MembershipFactory(user=user, role="supervisor", authority=beijing_psb)
    return user


def test_each_office_concludes_its_own_review_of_a_joint_filing(
    page: Any, cast: dict[str, Any], beijing_psb_reviewer: Any, psb_supervisor: Any
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
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
    # exact: the timeline repeats it after the question code ("A1: ...")
    expect(page.get_by_text("The moderation evidence is unreadable.", exact=True)).to_be_visible()

    page.goto(f"/review/filings/{other.pk}/")
    expect(page.locator("#my-review-state")).to_contain_text("Under review")
    propose(page, "approve", "Controls are in place.")
    # The PSB has not concluded: the filing stays under review, the CAC's review waits.
    expect(page.locator("#filing-state")).to_have_text("Under review")
    expect(page.locator("#my-review-state")).to_contain_text("Pending approval")
    log_out(page)

    log_in(page, "beijing_supervisor")
    page.goto(f"/review/filings/{other.pk}/")
    page.click("[data-action=approve]")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#my-review-state")).to_contain_text("Concluded")
    expect(page.locator("#filing-state")).to_have_text("Under review")
    log_out(page)

    log_in(page, "beijing_psb_reviewer")
    page.goto(f"/review/filings/{other.pk}/")
    # The CAC's conclusion is on the page; its internal workings are not.
    expect(page.locator("#office-reviews")).to_contain_text("Accepted")
    page.click("[data-action=claim]")
    page.click("#action-form button[type=submit]")
    propose(page, "reassess", "Logs lack the voice-room ID.", items="D2: log the room ID.")
    log_out(page)

    log_in(page, "psb_supervisor")
    page.goto(f"/review/filings/{other.pk}/")
    page.click("[data-action=approve]")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#filing-state")).to_have_text("Re-assessment ordered")
    assert Filing.objects.get(pk=other.pk).filing_number is None
    page.screenshot(path=str(SCREENSHOTS / "joint-review-workspace.png"), full_page=True)
    log_out(page)

    log_in(page, "douyin_officer")
    page.goto(f"/filings/{other.pk}/")
    offices = page.locator("#office-reviews")
    expect(offices).to_contain_text("Beijing CAC")
    expect(offices).to_contain_text("Accepted")
    expect(offices).to_contain_text("Re-assessment ordered")
    expect(offices).to_contain_text("D2: log the room ID.")

    page.goto("/register/")
    expect(page.locator("body")).not_to_contain_text("Face swap")
    assert violations == []


SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def propose(page: Any, kind: str, reasons: str, *, items: str = "") -> None:
    page.click("[data-action=propose]")
    page.check(f"input[name=kind][value={kind}]")
    page.fill("#id_reasons", reasons)
    if items:
        page.fill("#id_items", items)
        page.fill("#id_due_date", (timezone.localdate() + dt.timedelta(days=30)).isoformat())
    page.click("#action-form button[type=submit]")


def log_out(page: Any) -> None:
    page.click("form[action='/accounts/logout/'] button[type=submit]")
    page.wait_for_url("**/accounts/login/**")
