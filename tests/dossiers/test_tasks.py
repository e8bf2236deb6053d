from __future__ import annotations

import hashlib
import re

import pytest
from django.utils import translation

from dossiers import services
from dossiers.models import Dossier
from filings import services as filing_services

from .conftest import (
    ANSWER,
    CAC_NOTE,
    EVIDENCE_SHA256,
    PSB_NOTE,
    REASONS,
    TO_FILER,
    fonts_of,
    pdf_of,
    text_of,
)

pytestmark = pytest.mark.django_db


def flat(text: str) -> str:
    """The text without line breaks or spaces: a hash may wrap in its narrow column."""
    return re.sub(r"\s+", "", text)


def test_the_task_builds_a_pdf_with_answers_evidence_hashes_reasons_and_the_record(
    filing, douyin_officer, build
):
    dossier = build(filing, douyin_officer)

    assert dossier.status == Dossier.Status.DONE and dossier.progress == 100
    assert dossier.finished_at is not None and not dossier.error
    with dossier.file.open("rb") as stored:
        data = stored.read()
    assert data.startswith(b"%PDF-")
    assert dossier.sha256 == hashlib.sha256(data).hexdigest() and dossier.size == len(data)
    assert dossier.file.name.startswith("dossiers/") and filing.reference not in dossier.file.name
    text = text_of(dossier)
    assert ANSWER in text
    assert EVIDENCE_SHA256 in flat(text)
    assert REASONS in text
    assert "beijing_reviewer took up the review of the filing." in text
    assert TO_FILER in text


def test_a_chinese_dossier_is_written_in_chinese_with_an_embedded_cjk_font(
    filing, douyin_officer, build
):
    dossier = build(filing, douyin_officer, language="zh-hans")

    text = text_of(dossier)
    with translation.override("zh-hans"):
        heading = str(translation.gettext("Filing dossier"))
    assert heading != "Filing dossier" and heading in text
    assert re.search(r"[\u4e00-\u9fff]{4}", text)
    fonts = fonts_of(dossier)
    assert any("CJK" in name for name in fonts)
    # Page headers and numbers too: no text falls back to a font without Chinese.
    assert not [name for name in fonts if "CJK" not in name and "Mono" not in name]


def test_the_officers_dossier_holds_no_internal_note(filing, douyin_officer, build):
    text = text_of(build(filing, douyin_officer))

    assert CAC_NOTE not in text and PSB_NOTE not in text
    assert TO_FILER in text


def test_a_regulators_dossier_holds_their_offices_notes_never_another_offices(
    filing, beijing_reviewer, beijing_psb_reviewer, build
):
    cac = text_of(build(filing, beijing_reviewer))
    psb = text_of(build(filing, beijing_psb_reviewer))

    assert CAC_NOTE in cac and PSB_NOTE not in cac
    assert PSB_NOTE in psb and CAC_NOTE not in psb


def test_a_second_request_reuses_the_dossier_until_the_filing_changes(
    filing, douyin_officer, beijing_reviewer, build
):
    first = build(filing, douyin_officer)
    assert build(filing, douyin_officer).pk == first.pk
    assert build(filing, douyin_officer, language="zh-hans").pk != first.pk

    filing_services.comment_on_filing(filing=filing, by=beijing_reviewer, body="One more.")

    again = build(filing, douyin_officer)
    assert again.pk != first.pk and "One more." in text_of(again)


def test_a_failed_build_says_why_and_a_new_request_tries_again(
    filing, douyin_officer, build, monkeypatch
):
    def broken(dossier):
        raise RuntimeError("pango is missing")

    monkeypatch.setattr(services, "render_pdf", broken)
    failed = build(filing, douyin_officer)
    assert failed.status == Dossier.Status.FAILED
    assert "pango is missing" in failed.error

    monkeypatch.undo()
    assert build(filing, douyin_officer).status == Dossier.Status.DONE


def test_a_dossier_built_already_is_not_built_twice(filing, douyin_officer, build):
    dossier = build(filing, douyin_officer)

    assert services.build_dossier(dossier.pk) is None
    assert Dossier.objects.get(pk=dossier.pk).sha256 == dossier.sha256


def test_the_pdf_has_pages_and_fetches_nothing(filing, douyin_officer, build):
    assert len(pdf_of(build(filing, douyin_officer)).pages) >= 1
