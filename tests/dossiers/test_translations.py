"""The dossier's pages read in Chinese (its catalogue: tests/test_catalogues.py)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_button_and_the_status_page_read_in_chinese(filing, douyin_officer):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(douyin_officer)

    assert "案卷" in client.get(f"/filings/{filing.pk}/").text
    page = client.post(f"/dossiers/filing/{filing.pk}/", follow=True)
    assert "排队中" in page.text and page.context["dossier"].language == "zh-hans"
