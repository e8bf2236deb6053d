"""The inspection pages read in Chinese (its catalogue: tests/test_catalogues.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_the_default_language() -> Any:
    yield
    translation.deactivate()


def _chinese(user: Any) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(user)
    return client


def test_the_regulators_pages_read_in_chinese(recorded, beijing_supervisor):
    client = _chinese(beijing_supervisor)
    pages = {
        reverse("inspections:list"): "现场检查",
        reverse("inspections:detail", args=[recorded.pk]): "检查发现",
        reverse("inspections:create", args=[recorded.filing_id]): "检查日期",
        reverse("inspections:order", args=[recorded.pk]): "根据本次检查责令整改",
        reverse("review:workspace", args=[recorded.filing_id]): "记录现场检查",
    }
    for url, chinese in pages.items():
        body = client.get(url).content.decode()
        assert chinese in body, url
        assert "On-site inspection" not in body and "Findings" not in body, url


def test_the_officer_reads_the_inspection_in_chinese(recorded, douyin_officer):
    client = _chinese(douyin_officer)
    page = client.get(reverse("filings:detail", args=[recorded.filing_id])).content.decode()
    assert "现场检查" in page and "On-site inspections" not in page
    detail = client.get(reverse("inspections:detail", args=[recorded.pk])).content.decode()
    assert "检查机关" in detail and "Inspecting offices" not in detail
