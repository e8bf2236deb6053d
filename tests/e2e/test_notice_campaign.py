"""Issue 14 in a real browser: beijing_supervisor issues a written notice to three operators;
ByteDance's officer acknowledges it and files from it; the campaign board shows the three
operators' statuses; after the deadline (time moved) the overdue ones escalate to the
supervisor, once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from assessments.services import sign_assessment
from filings.services import submit_filing
from notices.models import Notice, NoticeFiling
from notices.services import acknowledge_notice, sweep
from platforms.models import Role
from tests.builders import complete_assessment
from tests.e2e.conftest import log_in
from tests.factories import MembershipFactory, OperatorFactory, PlatformFactory, UserFactory

pytestmark = pytest.mark.e2e


def test_a_supervisor_summons_three_operators_and_tracks_them_to_the_last_filing(
    page: Any,
    monkeypatch: Any,
    beijing_supervisor: Any,
    douyin: Any,
    wechat: Any,
    douyin_officer: Any,
    bytedance_signatory: Any,
    wechat_officer: Any,
) -> None:
    xiaomi = OperatorFactory(name_zh="小米科技有限责任公司", name_en="Xiaomi", region_code="110108")
    PlatformFactory(operator=xiaomi, name_zh="米聊", name_en="Mi Talk")
    MembershipFactory(
        user=UserFactory(username="xiaomi_officer"), operator=xiaomi, role=Role.OFFICER
    )
    csp: list[str] = []
    page.on(
        "console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None
    )

    # The supervisor issues the notice, finding the operators with the search box.
    log_in(page, "beijing_supervisor")
    page.click("#nav-notices")
    page.click("#new-notice")
    page.fill("#id_title", "Voice rooms launched without assessment")
    page.fill("#id_reason", "Voice-social services launched without the security assessment.")
    for name in ("ByteDance", "Tencent", "Xiaomi"):
        page.fill("#operator-search", name)
        row = page.locator(".notice-operator-list .form-check:visible", has_text=name)
        expect(row).to_have_count(1)  # the search box narrowed the list
        row.locator("input").check()
    page.fill("#operator-search", "")
    for name in ("Douyin", "WeChat", "Mi Talk"):
        page.fill("#service-search", name)
        page.locator(".notice-service-list .form-check:visible", has_text=name).first.locator(
            "input"
        ).check()
    page.fill("#id_risks_to_rectify", "Unmoderated voice rooms")
    page.click("#issue-notice")
    expect(page.locator(".notice-number")).to_be_visible()
    notice = Notice.objects.get()
    expect(page.locator(".notice-number")).to_have_text(notice.number)
    assert notice.recipients.count() == 3

    # ByteDance's officer sees it on the home page, acknowledges it and files from it.
    page.context.clear_cookies()
    log_in(page, "douyin_officer")
    expect(page.locator("#home-notices")).to_contain_text(notice.number)
    page.click(f"#home-notices >> text={notice.number}")
    page.click("#acknowledge")
    page.check("#id_confirm")
    page.click("#confirm-acknowledge")
    expect(page.locator("#acknowledged")).to_be_visible()
    page.click("#file-from-notice")
    expect(page.locator("#notice-deadline")).to_have_text(notice.deadline.isoformat())
    page.fill("#id_title", "Douyin voice chat rooms")
    page.fill("#id_description", "Invite-only voice rooms inside Douyin.")
    page.click("#start-filing")
    page.wait_for_url("**/filings/*/")
    filing = NoticeFiling.objects.get().filing
    assert page.url.endswith(f"/filings/{filing.pk}/")
    assert filing.planned_feature.trigger == "authority_notice"

    # Tencent acknowledges; Xiaomi does nothing. The board shows the three statuses.
    acknowledge_notice(recipient=notice.recipients.get(operator=wechat.operator), by=wechat_officer)
    page.context.clear_cookies()
    log_in(page, "beijing_supervisor")
    page.goto(f"/notices/{notice.pk}/board/")
    rows = page.locator("#board .board-row")
    expect(rows.filter(has_text="ByteDance")).to_contain_text("Assessment in progress")
    expect(rows.filter(has_text="Tencent")).to_contain_text("Acknowledged")
    expect(rows.filter(has_text="Xiaomi")).to_contain_text("Notified")

    # ByteDance files in time; then the deadline passes.
    complete_assessment(filing.assessment, douyin_officer)
    sign_assessment(assessment=filing.assessment, by=bytedance_signatory)
    submit_filing(filing=filing, by=douyin_officer)
    later = notice.deadline + dt.timedelta(days=2)
    from notices.views import office

    monkeypatch.setattr(office, "today", lambda: later)
    assert sweep(today=later)["created"] >= 3
    assert sweep(today=later)["created"] == 0  # a second sweep changes nothing

    page.goto(f"/notices/{notice.pk}/board/")
    expect(rows.filter(has_text="ByteDance")).to_contain_text("Submitted")
    expect(rows.filter(has_text="Tencent")).to_contain_text("Overdue")
    expect(rows.filter(has_text="Tencent")).to_contain_text("escalated")
    expect(rows.filter(has_text="Xiaomi")).to_contain_text("Overdue")
    expect(page.locator("#follow-up")).to_be_visible()
    page.goto("/review/notifications/")
    expect(page.locator("#notifications")).to_contain_text("Escalation: Tencent")
    assert csp == []
