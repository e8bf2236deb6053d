"""An answer typed while the session has expired is not lost: the page says the session
ended, the browser keeps the draft, and after logging in again it is put back and saved."""

from __future__ import annotations

from typing import Any

from assessments.models import Answer, Question
from tests.builders import plan_feature
from tests.e2e.conftest import log_in


def test_a_draft_survives_an_expired_session_and_a_new_login(
    page: Any, douyin: Any, douyin_officer: Any
) -> None:
    filing = next(
        f for f in plan_feature(douyin, douyin_officer) if f.regime.code == "cn-security-assessment"
    )
    assessment = filing.assessment
    a1 = Question.objects.get(section__template=assessment.template, code="A1")
    section = f"/assessments/{assessment.pk}/sections/A/"

    log_in(page, "douyin_officer")
    page.goto(section)
    box = page.locator(f"#id_q{a1.pk}-value")
    box.fill("First version")
    page.locator(f"#status-{a1.pk} .answer-saved").wait_for()

    page.context.clear_cookies(name="sessionid")  # the session ends (expired elsewhere)
    box.fill("Typed after the session ended")
    page.locator("#session-lost").wait_for(state="visible")
    assert Answer.objects.get(question=a1).value == "First version"

    log_in(page, "douyin_officer")
    page.goto(section)
    assert page.locator(f"#id_q{a1.pk}-value").input_value() == "Typed after the session ended"
    page.locator(f"#status-{a1.pk} .answer-saved").wait_for()
    assert Answer.objects.get(question=a1).value == "Typed after the session ended"


def test_logging_out_deletes_the_drafts_kept_in_the_browser(
    page: Any, douyin: Any, douyin_officer: Any
) -> None:
    """On a shared computer, the next person must not find the last one's unsaved answers."""
    filing = next(
        f for f in plan_feature(douyin, douyin_officer) if f.regime.code == "cn-security-assessment"
    )
    assessment = filing.assessment
    a1 = Question.objects.get(section__template=assessment.template, code="A1")
    section = f"/assessments/{assessment.pk}/sections/A/"

    log_in(page, "douyin_officer")
    page.goto(section)
    box = page.locator(f"#id_q{a1.pk}-value")
    box.fill("Saved answer")
    page.locator(f"#status-{a1.pk} .answer-saved").wait_for()
    page.context.clear_cookies(name="sessionid")
    box.fill("Unsaved draft")
    page.locator("#session-lost").wait_for(state="visible")
    drafts = "Object.keys(localStorage).filter(k => k.startsWith('filings-draft:'))"
    kept = page.evaluate(drafts)
    assert len(kept) == 1 and f"u{douyin_officer.pk}-" in kept[0]

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/**")
    assert page.evaluate(drafts) == []

    log_in(page, "douyin_officer")
    page.goto(section)
    assert page.locator(f"#id_q{a1.pk}-value").input_value() == "Saved answer"
