"""`{{ platform|in_own_language }}`: a name shown in a language other than the page's is
marked with its own `lang` (WCAG 3.1.2), so that screen readers pronounce a Chinese name
on an English page in Chinese, and fonts pick the right glyphs."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


@register.filter
def in_own_language(named: Any) -> SafeString | str:
    if named is None or not hasattr(named, "name_zh"):
        return "" if named is None else str(named)
    name = named.name
    name_lang = "zh-Hans" if name == named.name_zh else "en"
    page_lang = "zh-Hans" if (get_language() or "").startswith("zh") else "en"
    if name_lang == page_lang:
        return name
    return format_html('<span lang="{}">{}</span>', name_lang, name)
