"""The review and register pages in Chinese, and complete catalogues."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUES = [
    Path(settings.BASE_DIR) / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    for app in ("review", "registry")
]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_every_string_has_a_chinese_translation(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first block is the header
    untranslated = [e for e in entries if re.search(r'^msgstr(\[0\])? ""$', e, re.M)]
    assert untranslated == []
    assert "#, fuzzy" not in text
    assert path.with_suffix(".mo").stat().st_mtime >= path.stat().st_mtime - 1


def test_dashboard_and_register_in_chinese(client, beijing_reviewer, as_user):
    reviewer = as_user(beijing_reviewer)
    reviewer.cookies["django_language"] = "zh-hans"
    assert "审查工作台" in reviewer.get("/dashboard/").text
    assert "审查队列" in reviewer.get("/review/queue/").text
    client.cookies["django_language"] = "zh-hans"
    assert "备案公开名录" in client.get("/register/").text
