"""A name shown in a language other than the page's carries its own `lang` (WCAG 3.1.2)."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from platforms.templatetags.bilingual import in_own_language


def test_a_chinese_only_name_on_an_english_page_is_marked_as_chinese(bytedance: Any) -> None:
    bytedance.name_en = ""
    with translation.override("en"):
        assert in_own_language(bytedance) == f'<span lang="zh-Hans">{bytedance.name_zh}</span>'


def test_a_name_in_the_pages_language_is_left_plain(bytedance: Any) -> None:
    with translation.override("en"):
        assert in_own_language(bytedance) == "ByteDance"
    with translation.override("zh-hans"):
        assert in_own_language(bytedance) == bytedance.name_zh


def test_a_name_is_escaped(bytedance: Any) -> None:
    bytedance.name_en = ""
    bytedance.name_zh = "<b>字节</b>"
    with translation.override("en"):
        assert "<b>" not in in_own_language(bytedance)
