"""WCAG 2.1 AA (which GB/T 37668 follows) in a real browser: axe-core, bundled by
axe-playwright-python, checks every main page as the people who use it see it (an officer, a
signatory, a reviewer, a supervisor, and anyone for the login page and the public register),
in English and in Chinese, and finds nothing. At 320 px wide the navigation still reaches
Log out."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from api.services import create_token
from filings.models import State
from notices.models import Notice
from notices.services import draft_notice
from tests.builders import complete_assessment, filing_in_state, plan_feature
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

# The rules of WCAG 2.0 and 2.1, levels A and AA; axe's "best-practice" rules are not asked.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
LANGUAGES = ("en", "zh-hans")


def _check(page: Any, axe: Axe, path: str, found: list[str]) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    lang = page.locator("html").get_attribute("lang")
    for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
        for node in violation["nodes"]:
            found.append(
                f"{lang} {path} [{violation['id']}] {node['target']}: "
                f"{node.get('failureSummary', violation['help'])}".replace("\n", " ")
            )


def _switch_language(page: Any, code: str) -> None:
    page.select_option("select[name=language]", code)
    page.click("form[action='/i18n/setlang/'] button[type=submit]")
    page.wait_for_load_state("networkidle")


def _check_in_both_languages(page: Any, axe: Axe, paths: list[str], found: list[str]) -> None:
    for code in LANGUAGES:
        _switch_language(page, code)
        for path in paths:
            _check(page, axe, path, found)


def test_every_main_page_passes_axe_in_english_and_chinese(
    page: Any,
    cast: dict[str, Any],
    beijing_cac: Any,
    wechat: Any,
    wechat_officer: Any,
    settings: Any,
) -> None:
    settings.DEMO_MODE = True  # the login page then lists the demo accounts, in <code>
    douyin = cast["platform"]
    # An operator known by its Chinese name only: English pages show it, marked as Chinese.
    douyin.operator.name_en = ""
    douyin.operator.save(update_fields=["name_en"])
    draft = next(
        f
        for f in plan_feature(douyin, cast["officer"], title="Voice rooms")
        if f.regime.code == "cn-security-assessment"
    )
    complete_assessment(draft.assessment, cast["officer"])
    filed = filing_in_state(State.UNDER_REVIEW, **cast, title="Face swap")
    filing_in_state(State.CONCLUDED, **cast, title="Live shopping")
    notice = draft_notice(
        by=cast["supervisor"],
        authority=beijing_cac,
        operators=[douyin.operator, wechat.operator],
        services=[douyin, wechat],
        title="Voice-social services launched without assessment",
        reason="Voice rooms launched without the security assessment.",
        scope=Notice.Scope.LISTED,
        today=timezone.localdate(),
    )
    received = notice.recipients.get(operator=douyin.operator)
    assessment = draft.assessment
    token, _secret = create_token(
        owner=cast["officer"], name="Release pipeline", scope="write", days=90
    )
    axe = Axe()
    found: list[str] = []

    page.goto("/accounts/login/")
    _check_in_both_languages(page, axe, ["/accounts/login/", "/register/"], found)
    _switch_language(page, "en")

    pages_of = {
        "douyin_officer": [
            "/dashboard/",
            f"/filings/platforms/{douyin.pk}/",
            f"/filings/features/{draft.planned_feature.pk}/",
            f"/assessments/{assessment.pk}/",
            f"/assessments/{assessment.pk}/sections/A/",
            f"/filings/{filed.pk}/",
            f"/filings/{filed.pk}/receipt/1/",
            f"/notices/received/{received.pk}/",
            "/review/notifications/",
            "/api-tokens/",
            f"/api-tokens/{token.pk}/revoke/",
        ],
        # unsigned (the sign button) and signed (the reopen button)
        "bytedance_signatory": [
            f"/assessments/{assessment.pk}/check/",
            f"/assessments/{filed.assessment.pk}/check/",
        ],
        "beijing_reviewer": [
            "/dashboard/",
            "/review/queue/",
            f"/review/filings/{filed.pk}/",
            "/inspections/",
            "/review/notifications/",
        ],
        "beijing_supervisor": ["/dashboard/", "/notices/", f"/notices/{notice.pk}/"],
    }
    for username, paths in pages_of.items():
        page.context.clear_cookies()
        log_in(page, username)
        _check_in_both_languages(page, axe, paths, found)

    # axe cannot tell a Chinese name on an English page; WCAG 3.1.2 wants it marked.
    page.context.clear_cookies()
    log_in(page, "douyin_officer")
    _switch_language(page, "en")
    page.goto(f"/filings/platforms/{douyin.pk}/")
    expect(page.locator("h1 [lang=zh-Hans]")).to_have_text(douyin.operator.name_zh)
    assert not found, f"{len(found)} WCAG 2.1 AA violations:\n" + "\n".join(found)


def test_log_out_is_reachable_at_320_pixels(browser: Any, live_server: Any, cast: Any) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 320, "height": 640}
    )
    page = context.new_page()
    log_in(page, "douyin_officer")
    logout = page.locator("#logout-form button[type=submit]")
    page.wait_for_load_state("load")  # Bootstrap's collapse is wired by then
    page.click(".navbar-toggler")
    # Bootstrap adds `show` once the menu has finished opening: a click while it slides open
    # can land on the page behind it.
    page.locator(".navbar-collapse.show").wait_for()
    expect(logout).to_be_visible()
    box = logout.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 320
    logout.click()
    page.wait_for_url("**/accounts/login/**")
    context.close()
