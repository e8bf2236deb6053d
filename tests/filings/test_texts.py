# ruff: noqa: RUF001
# (The Chinese sentences are written with their full-width punctuation.)
"""Sentences the services store are shown in the reader's language, whichever language they
were written in; a person's own words are shown as written."""

from __future__ import annotations

import pytest
from django.utils import translation

from filings.texts import localise, localise_all

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "stored", ["set by the rectification order", "由整改通知确定"], ids=["en", "zh"]
)
def test_a_stored_sentence_reads_in_the_readers_language(stored):
    with translation.override("zh-hans"):
        assert localise(stored) == "由整改通知确定"
    with translation.override("en"):
        assert localise(stored) == "set by the rectification order"


def test_a_sentence_with_values_keeps_them_and_translates_its_labels():
    stored = "Overdue: notice N110000-2026-0001 (Voice rooms), due 2026-11-27."
    with translation.override("zh-hans"):
        assert (
            localise(stored) == "已逾期：通知 N110000-2026-0001（Voice rooms），期限 2026-11-27。"
        )


def test_names_are_shown_in_the_readers_language(bytedance):
    stored = [
        "Escalation: ByteDance is overdue on notice N1-2026-0001 (due 2026-11-27).",
        "Someone's own words.",
    ]
    with translation.override("zh-hans"):
        shown = localise_all(stored)
    assert shown[0].startswith("升级提醒：北京字节跳动科技有限公司 ")
    assert shown[1] == "Someone's own words."
