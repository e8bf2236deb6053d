"""The compliance officer's journey in a real browser (issue 3): douyin_officer registers a
face-swap feature for Douyin, answers (the htmx autosave keeps an answer across a reload),
uploads evidence; bytedance_signatory signs; the officer submits and reads the receipt with
the revision's SHA-256; after beijing_reviewer returns it (through the services), the officer
sees the reason next to the question, corrects the answer, and resubmits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone

from assessments.models import Question
from filings import services
from filings.models import Filing, FilingRevision, State
from tests.builders import complete_assessment
from tests.e2e.conftest import log_in

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _answer_box(page: Any, question: Question) -> Any:
    # htmx wires the autosave when the page has loaded; on a busy machine a box typed into
    # before that saves only when it loses focus (a person never types that fast).
    page.wait_for_load_state("load")
    return page.locator(f"#id_q{question.pk}-value")


def _saved(page: Any, question: Question) -> None:
    page.locator(f"#status-{question.pk} .answer-saved").wait_for()


def _log_out(page: Any) -> None:
    page.click("form[action='/accounts/logout/'] button[type=submit]")
    page.wait_for_url("**/accounts/login/**")


def test_officer_files_a_face_swap_feature_and_resubmits_after_a_return(
    page: Any,
    douyin: Any,
    douyin_officer: Any,
    bytedance_signatory: Any,
    beijing_reviewer: Any,
    tmp_path: Path,
) -> None:
    # The Content Security Policy forbids inline scripts and styles: nothing may trip it.
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    # 1. Home -> register a planned feature on Douyin.
    log_in(page, "douyin_officer")
    page.click(f"a[href='/filings/platforms/{douyin.pk}/features/new/']")
    page.fill("#id_title", "Face-swap effect")
    page.fill("#id_description", "Users swap their face into trending videos.")
    page.check("#id_is_deep_synthesis")
    page.check("#id_edits_faces")
    launch = timezone.localdate() + dt.timedelta(days=60)
    page.fill("#id_planned_launch_date", launch.isoformat())
    page.click("form button[type=submit].btn-primary")
    obligations = page.locator(".obligations")
    obligations.get_by_text("Deep-synthesis assessment").first.wait_for()
    assert "Edits faces" in obligations.inner_text()
    assert "Algorithm filing" in obligations.inner_text()

    filing = Filing.objects.get(regime__code="cn-security-assessment")
    assessment = filing.assessment
    a1 = Question.objects.get(section__template=assessment.template, code="A1")
    a5 = Question.objects.get(section__template=assessment.template, code="A5")
    a8 = Question.objects.get(section__template=assessment.template, code="A8")

    # 2. Section A: answers save as they are typed (htmx), and survive a reload.
    page.click(f"a[href='/assessments/{assessment.pk}/']")
    page.click(f"a[href='/assessments/{assessment.pk}/sections/A/']")
    _answer_box(page, a1).fill("Douyin short-video app, face-swap effect")
    _saved(page, a1)
    _answer_box(page, a5).fill("a lot")
    page.locator(f"#status-{a5.pk} .answer-error").wait_for()
    assert "Enter a number" in page.locator(f"#status-{a5.pk}").inner_text()
    _answer_box(page, a5).fill("750000000")
    _saved(page, a5)
    page.reload()
    assert _answer_box(page, a1).input_value() == "Douyin short-video app, face-swap effect"
    assert _answer_box(page, a5).input_value() == "750000000"

    # 3. Evidence on A8 (its upload panel is open because evidence is required).
    licence = tmp_path / "ICP licence.pdf"
    licence.write_bytes(PDF)
    page.set_input_files(f"#id_q{a8.pk}-file", str(licence))
    page.click(f"button[formaction='/assessments/{assessment.pk}/questions/{a8.pk}/evidence/']")
    page.locator(".alert-success").get_by_text("ICP licence.pdf uploaded").wait_for()
    assert (
        page.locator("#q-A8").get_by_role("link", name="ICP licence.pdf", exact=True).is_visible()
    )

    # The rest of the questionnaire is filled in through the builder, to keep this short.
    complete_assessment(assessment, douyin_officer)
    _log_out(page)

    # 4. The signatory checks and signs.
    log_in(page, "bytedance_signatory")
    page.goto(f"/assessments/{assessment.pk}/check/")
    page.click("text=Sign the assessment")
    page.locator(".alert-success").get_by_text("The assessment is signed.").wait_for()
    _log_out(page)

    # 5. The officer submits and reads the receipt.
    log_in(page, "douyin_officer")
    page.goto(f"/filings/{filing.pk}/")
    page.click(f"a[href='/filings/{filing.pk}/submit/']")
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"**/filings/{filing.pk}/receipt/1/")
    revision = FilingRevision.objects.get(filing=filing, number=1)
    assert page.locator(".receipt-sha256").inner_text() == revision.sha256
    assert filing.reference in page.locator(".receipt").inner_text()

    # 6. The reviewer returns it with a reason on A1.
    services.claim_filing(filing=filing, by=beijing_reviewer)
    services.return_filing(
        filing=filing, by=beijing_reviewer, reasons=[(a1, "Name the service as registered.")]
    )
    page.goto("/dashboard/")
    page.click("text=Correct and resubmit the returned filing")
    # The reason shows in the returned-filing notice and again in the timeline.
    assert page.get_by_text("Name the service as registered.").first.is_visible()
    page.click(f"a[href='/assessments/{assessment.pk}/']")
    page.click("text=Reopen it for editing")
    page.click("form button[type=submit].btn-warning")
    page.goto(f"/assessments/{assessment.pk}/sections/A/")
    assert page.locator("#q-A1 .return-reason").get_by_text("Name the service").is_visible()
    _answer_box(page, a1).fill("抖音 (Douyin), ICP 京B2-20161083")
    _saved(page, a1)
    _log_out(page)

    log_in(page, "bytedance_signatory")
    page.goto(f"/assessments/{assessment.pk}/check/")
    page.click("text=Sign the assessment")
    page.locator(".alert-success").get_by_text("The assessment is signed.").wait_for()
    _log_out(page)

    log_in(page, "douyin_officer")
    page.goto(f"/filings/{filing.pk}/submit/")
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"**/filings/{filing.pk}/receipt/2/")
    # The office that returned it goes on with its reviewer: under review again at once.
    assert Filing.objects.get(pk=filing.pk).state == State.UNDER_REVIEW
    second = FilingRevision.objects.get(filing=filing, number=2)
    assert page.locator(".receipt-sha256").inner_text() == second.sha256
    assert second.snapshot["answers"]["A1"]["value"] == "抖音 (Douyin), ICP 京B2-20161083"
    assert violations == []
