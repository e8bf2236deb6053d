# ruff: noqa: RUF001
# (Chinese references are written with their full-width brackets and semicolons.)
"""Legal references are kept as data in English and shown in Chinese as Chinese law cites."""

from __future__ import annotations

import pytest
from django.utils import translation

from assessments.legal import chinese_number, legal_reference, to_chinese


@pytest.mark.parametrize(
    ("stored", "chinese"),
    [
        ("2018 Art. 5(1)", "《安全评估规定》第五条第（一）项"),
        ("2018 Art. 5(7)-(8)", "《安全评估规定》第五条第（七）至（八）项"),
        ("2018 Art. 6", "《安全评估规定》第六条"),
        ("DS Arts. 14-19", "《深度合成管理规定》第十四条至第十九条"),
        (
            "Algorithm Art. 24; DS Art. 19",
            "《算法推荐管理规定》第二十四条；《深度合成管理规定》第十九条",
        ),
        (
            "2018 Art. 5(3); CSL Art. 21(3)",
            "《安全评估规定》第五条第（三）项；《网络安全法》第二十一条第（三）项",
        ),
        (
            "《互联网信息服务深度合成管理规定》(2022) Arts. 14-15, 20",
            "《互联网信息服务深度合成管理规定》(2022)第十四条至第十五条、第二十条",
        ),
        ("GDPR Art. 36(3)(e)", "《通用数据保护条例》第三十六条第3款第(e)项"),
        ("GDPR Art. 36(2)-(3)", "《通用数据保护条例》第三十六条第2至3款"),
        ("Anything else", "Anything else"),
        ("", ""),
    ],
)
def test_a_reference_reads_as_chinese_law_cites_it(stored, chinese):
    assert to_chinese(stored) == chinese


def test_a_law_the_sentence_names_is_not_named_twice():
    assert to_chinese("2018 Art. 3(5)", named="2018") == "第三条第（五）项"


def test_english_readers_get_the_reference_as_stored():
    with translation.override("en"):
        assert legal_reference("2018 Art. 5(1)") == "2018 Art. 5(1)"
    with translation.override("zh-hans"):
        assert legal_reference("2018 Art. 5(1)") == "《安全评估规定》第五条第（一）项"


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (10, "十"), (14, "十四"), (20, "二十"), (21, "二十一"), (105, "一百零五")],
)
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text
