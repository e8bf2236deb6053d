"""The zh_Hans catalogues of the officer's apps are complete and compiled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

CATALOGUES = [
    "assessments/locale/zh_Hans/LC_MESSAGES/django.po",
    "filings/locale/zh_Hans/LC_MESSAGES/django.po",
    "accounts/locale/zh_Hans/LC_MESSAGES/django.po",
    "platforms/locale/zh_Hans/LC_MESSAGES/django.po",
    "locale/zh_Hans/LC_MESSAGES/django.po",
]


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_every_message_has_a_chinese_translation(catalogue):
    po = Path(settings.BASE_DIR, catalogue)
    text = po.read_text(encoding="utf-8")
    # An untranslated entry ends in an empty msgstr followed by a blank line or the end.
    empty = re.findall(r'\nmsgid "(.+)"\nmsgstr ""\n(?:\n|$)', text)
    assert empty == []
    assert "#, fuzzy" not in text
    mo = po.with_suffix(".mo")
    assert mo.exists()


def test_the_officer_home_reads_in_chinese(douyin_officer, douyin):
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(douyin_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(reverse("accounts:dashboard")).text
    assert "待您处理" in page
    assert "登记计划功能" in page
