# ruff: noqa: RUF001, RUF002
# (Chinese full-width brackets and semicolons are what this module writes.)
"""Legal references, stored as data in one short English form ("2018 Art. 5(1)", "DS Arts.
14-19", "Algorithm Art. 24; DS Art. 19", "《…》(2022) Arts. 14-15, 20"), shown in the reader's
language. In Chinese the law's short name becomes its title and each article reference reads
as Chinese law cites it: "2018 Art. 5(1)" is 《安全评估规定》第五条第（一）项.

A numbered part of a Chinese provision is an item (项, "（一）"); of an EU regulation such as
the GDPR, a paragraph (款), with its points lettered ("Art. 36(3)(e)": 第三十六条第3款第(e)项).
Text the formatter does not recognise is left as it is.
"""

from __future__ import annotations

import re

from django.utils.translation import get_language

# The laws' short forms as the questionnaires and regimes write them, and their Chinese
# short titles. EU law numbers its articles' parts as paragraphs, not items.
ZH_TITLES = {
    "2018": "《安全评估规定》",
    "DS": "《深度合成管理规定》",
    "Algorithm": "《算法推荐管理规定》",
    "CSL": "《网络安全法》",
    "PIPL": "《个人信息保护法》",
    "GDPR": "《通用数据保护条例》",
    "Regulation (EU) 2016/679 (GDPR)": "《通用数据保护条例》",
}
EU_LAWS = frozenset({"GDPR", "Regulation (EU) 2016/679 (GDPR)"})

_LAW = re.compile(
    r"^(?P<law>Regulation \(EU\) 2016/679 \(GDPR\)|"
    + "|".join(re.escape(k) for k in ZH_TITLES if not k.startswith("Regulation"))
    + r")(?=\s)"
)
_PART = r"\(\w+\)"
_REF = rf"\d+(?:{_PART})*"
_ITEM = rf"{_REF}(?:\s*-\s*(?:\d+)?(?:{_PART})*)?"
# With the space before it: Chinese puts none between a title and 第…条.
_ARTICLES = re.compile(rf"\s*\bArts?\.\s*(?P<items>{_ITEM}(?:\s*,\s*{_ITEM})*)")
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (articles and items stay below 1,000)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        if rest == 0:
            tail = ""
        elif rest < 10:
            tail = "零" + _DIGITS[rest]
        else:
            tail = chinese_number(rest) if rest >= 20 else "一" + chinese_number(rest)
        return _DIGITS[n // 100] + "百" + tail
    return str(n)


def _article(number: str) -> str:
    return f"第{chinese_number(int(number))}条"


def _part_text(first: list[str], last: list[str] | None, *, eu: bool) -> str:
    """The parts after the article: 第（一）项, 第（七）至（八）项; EU: 第3款第(e)项."""
    if not first:
        return ""
    if eu:
        paragraph, points = first[0], first[1:]
        if last:
            end = last[0]
            if paragraph.isdigit() and end.isdigit():
                return f"第{paragraph}至{end}款"
        text = f"第{paragraph}款" if paragraph.isdigit() else f"第({paragraph})项"
        return text + "".join(f"第({p})项" for p in points)
    item = first[0]
    shown = f"（{chinese_number(int(item))}）" if item.isdigit() else f"（{item}）"
    if last:
        end = last[0]
        end_shown = f"（{chinese_number(int(end))}）" if end.isdigit() else f"（{end}）"
        return f"第{shown}至{end_shown}项"
    return f"第{shown}项"


def _item(text: str, *, eu: bool) -> str:
    left, dash, right = (s.strip() for s in text.partition("-"))
    number = re.match(r"\d+", left)
    assert number is not None  # noqa: S101 (the pattern starts with digits)
    article, first = number.group(), re.findall(r"\((\w+)\)", left)
    if not dash:
        return _article(article) + _part_text(first, None, eu=eu)
    end_number = re.match(r"\d+", right)
    end_parts = re.findall(r"\((\w+)\)", right)
    if end_number is None:  # 5(7)-(8): parts of one article
        return _article(article) + _part_text(first, end_parts, eu=eu)
    start = _article(article) + _part_text(first, None, eu=eu)
    return f"{start}至{_article(end_number.group())}{_part_text(end_parts, None, eu=eu)}"


def _segment(text: str, law: str | None, named: str) -> tuple[str, str | None]:
    """One reference (between semicolons) in Chinese, and the law it cites."""
    stripped = text.strip()
    found = _LAW.match(stripped)
    title = ""
    if found:
        law = found.group("law")
        title = "" if law == named else ZH_TITLES[law]
        stripped = stripped[found.end() :].lstrip()
    elif stripped.startswith("《"):
        law = None
    eu = law in EU_LAWS

    def articles(match: re.Match[str]) -> str:
        items = re.split(r"\s*,\s*", match.group("items"))
        return "、".join(_item(i, eu=eu) for i in items)

    return title + _ARTICLES.sub(articles, stripped), law


def to_chinese(text: str, named: str = "") -> str:
    """The reference in Chinese (see the module's docstring). `named`: the short form of a
    law the sentence around it already names, whose title is then left out."""
    out, law = [], None
    for segment in (text or "").split(";"):
        shown, law = _segment(segment, law, named)
        out.append(shown)
    return "；".join(s for s in out if s)


def legal_reference(text: str, named: str = "") -> str:
    """`text` as the active language reads it: as stored in English, converted in Chinese."""
    if (get_language() or "").startswith("zh"):
        return to_chinese(text, named)
    return text
