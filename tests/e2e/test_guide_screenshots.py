"""The guides' screenshots (docs/officer-guide.md, docs/regulator-guide.md,
docs/admin-guide.md), taken in a real browser on the same kind of data the other browser tests
build: ByteDance's Douyin with filings in several states, a written notice, the Beijing CAC's
reviewer and supervisor, an administrator.

`DOCS_SCREENSHOTS=docs/images` (or `make screenshots`) saves the PNGs there, 1280x800, the
viewport only, reduced to 256 colours so the repository stays small; without it they go to a
temporary folder and the test still checks that every page the guides show renders with its
heading, so a guide never points at a broken page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from filings.models import State
from notices.models import Notice
from notices.services import draft_notice
from tests.builders import complete_assessment, filing_in_state, plan_feature
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = os.environ.get("DOCS_SCREENSHOTS")
    target = (ROOT / folder) if folder else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.fixture
def wide_page(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _save(page: Any, shots: Path, name: str) -> None:
    target = shots / f"{name}.png"
    page.screenshot(path=str(target))
    if os.environ.get("DOCS_SCREENSHOTS"):
        # Pillow comes with WeasyPrint. Flat page colours survive 256 without dithering.
        from PIL import Image

        with Image.open(target) as shot:
            small = shot.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
        small.save(target, optimize=True)


def _shoot(page: Any, shots: Path, name: str, path: str) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, f"{path} answered {response.status}"
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1").first).to_be_visible()
    _save(page, shots, name)


def _as(page: Any, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)


def test_the_guides_pages_render_and_are_photographed(
    wide_page: Any,
    shots: Path,
    cast: dict[str, Any],
    beijing_cac: Any,
    beijing_psb_reviewer: Any,
    wechat: Any,
    wechat_officer: Any,
    admin: Any,
    settings: Any,
) -> None:
    settings.DEMO_MODE = True  # the login page lists the demo logins, as under `make run`
    douyin = cast["platform"]
    draft = next(
        f
        for f in plan_feature(
            douyin,
            cast["officer"],
            title="Voice chat rooms",
            description="Invite-only voice rooms where hosts may wear a face-swap avatar.",
        )
        if f.regime.code == "cn-security-assessment"
    )
    complete_assessment(draft.assessment, cast["officer"])
    under_review = filing_in_state(State.UNDER_REVIEW, **cast, title="Face swap effect")
    filing_in_state(State.SUBMITTED, **cast, title="Live co-hosting")
    returned = filing_in_state(State.RETURNED, **cast, title="Group voice calls")
    filing_in_state(State.PENDING_APPROVAL, **cast, title="Mini-program live rooms")
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
    page = wide_page

    _shoot(page, shots, "login", "/accounts/login/")
    _shoot(page, shots, "register", "/register/")

    # docs/officer-guide.md
    _as(page, "douyin_officer")
    _shoot(page, shots, "officer-home", "/dashboard/")
    _shoot(page, shots, "officer-platform", f"/filings/platforms/{douyin.pk}/")
    _shoot(page, shots, "officer-register-feature", f"/filings/platforms/{douyin.pk}/features/new/")
    _shoot(page, shots, "officer-feature", f"/filings/features/{draft.planned_feature.pk}/")
    _shoot(page, shots, "officer-assessment", f"/assessments/{draft.assessment.pk}/")
    _shoot(page, shots, "officer-section", f"/assessments/{draft.assessment.pk}/sections/E/")
    _shoot(page, shots, "officer-filing", f"/filings/{under_review.pk}/")
    _shoot(page, shots, "officer-receipt", f"/filings/{under_review.pk}/receipt/1/")
    _shoot(page, shots, "officer-returned", f"/filings/{returned.pk}/")
    _shoot(page, shots, "officer-notice", f"/notices/received/{received.pk}/")
    _as(page, "bytedance_signatory")
    _shoot(page, shots, "officer-check-and-sign", f"/assessments/{draft.assessment.pk}/check/")

    # docs/regulator-guide.md
    _as(page, "beijing_reviewer")
    _shoot(page, shots, "regulator-dashboard", "/dashboard/")
    _shoot(page, shots, "regulator-queue", "/review/queue/")
    _shoot(page, shots, "regulator-workspace", f"/review/filings/{under_review.pk}/")
    _shoot(page, shots, "regulator-propose", f"/review/filings/{under_review.pk}/propose/")
    _shoot(page, shots, "regulator-inbox", "/review/notifications/")
    _as(page, "beijing_supervisor")
    _shoot(page, shots, "regulator-notices", "/notices/")
    _shoot(page, shots, "regulator-notice", f"/notices/{notice.pk}/")
    _shoot(page, shots, "regulator-campaign-board", f"/notices/{notice.pk}/board/")
    _shoot(page, shots, "regulator-inspections", "/inspections/")

    # docs/admin-guide.md
    _as(page, "admin")
    for name, path in {
        "admin-index": "/admin/",
        "admin-memberships": "/admin/platforms/membership/",
        "admin-regimes": "/admin/filings/regime/",
        "admin-templates": "/admin/assessments/template/",
        "admin-calendar-years": "/admin/workcalendar/calendaryear/",
        "admin-calendar-days": "/admin/workcalendar/calendarday/add/",
        "admin-audit": "/admin/audit/auditevent/",
    }.items():
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, f"{path} answered {response.status}"
        expect(page.locator("#content h1, #content h2").first).to_be_visible()
        if name == "admin-calendar-days":  # filled in as the guide says, not saved
            page.fill("#id_date", "2027-02-07")
            page.check("#id_is_working_day")
            page.fill("#id_name", "Spring Festival make-up working day")
        _save(page, shots, name)

    expected = {
        *(f"officer-{n}" for n in ("home", "platform", "register-feature", "feature")),
        *(f"officer-{n}" for n in ("assessment", "section", "filing", "receipt", "notice")),
        "officer-returned",
        "regulator-campaign-board",
        *(f"admin-{n}" for n in ("index", "memberships", "regimes", "templates", "audit")),
        "admin-calendar-years",
        "admin-calendar-days",
        "officer-check-and-sign",
        *(f"regulator-{n}" for n in ("dashboard", "queue", "workspace", "propose", "inbox")),
        *(f"regulator-{n}" for n in ("notices", "notice", "inspections")),
        "login",
        "register",
    }
    assert expected <= {p.stem for p in shots.glob("*.png")}
