"""The officer's pages in Chinese (the catalogues themselves: tests/test_catalogues.py)."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.urls import reverse


def test_the_officer_home_reads_in_chinese(douyin_officer, douyin):
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(douyin_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(reverse("accounts:dashboard")).text
    assert "待您处理" in page
    assert "登记计划功能" in page
