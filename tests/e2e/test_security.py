"""In a real browser: the Content Security Policy blocks nothing the pages need (no inline
script or style is silently dropped), and a regulator enrols a second factor by scanning
the QR code's secret."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def _watch_csp(page: Any) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


def test_login_and_home_pages_break_no_content_security_policy_rule(page, douyin_officer):
    violations = _watch_csp(page)
    log_in(page, "douyin_officer")
    page.goto("/dashboard/")
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_a_reviewer_enrols_a_second_factor_when_it_is_required(page, beijing_reviewer, settings):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.REQUIRE_2FA = True
    violations = _watch_csp(page)
    page.goto("/accounts/login/")
    page.fill("#id_username", "beijing_reviewer")
    page.fill("#id_password", "demo-pass-2026")
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url("**/two-factor/setup/**")
    assert page.locator("img[alt*='QR']").is_visible()
    device = TOTPDevice.objects.get(user=beijing_reviewer, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.fill("#id_token", code)
    page.click("form button[type=submit].btn-primary")
    assert page.get_by_text("Recovery codes").first.is_visible()
    page.goto("/dashboard/")
    assert "/dashboard/" in page.url
    assert violations == []
