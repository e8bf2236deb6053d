"""The dossier's pages read in Chinese, and the catalogue is complete and compiled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db
CATALOGUE = Path(settings.BASE_DIR) / "dossiers/locale/zh_Hans/LC_MESSAGES/django.po"


def test_every_dossier_string_has_a_chinese_translation() -> None:
    text = CATALOGUE.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    # An empty msgstr with no continuation line (a long one wraps as msgstr "" + lines).
    untranslated = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', e, re.M)]
    assert untranslated == []
    assert "#, fuzzy" not in text
    mo = CATALOGUE.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= CATALOGUE.stat().st_mtime - 1


def test_the_button_and_the_status_page_read_in_chinese(filing, douyin_officer):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(douyin_officer)

    assert "案卷" in client.get(f"/filings/{filing.pk}/").text
    page = client.post(f"/dossiers/filing/{filing.pk}/", follow=True)
    assert "排队中" in page.text and page.context["dossier"].language == "zh-hans"
