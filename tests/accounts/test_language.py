"""A person's language is a setting on their account (issue #15): the switch in the top bar
sets it; their pages follow it on any browser after login; their e-mails are written in it."""

from __future__ import annotations

import pytest
from django.test import Client

from filings.services.reminders import language_for
from platforms.models import UserPreference

PASSWORD = "demo-pass-2026"  # noqa: S105 (tests/factories.py)

pytestmark = pytest.mark.django_db


def test_switching_sets_the_accounts_language_and_a_new_browser_follows_it(douyin_officer):
    first = Client()
    first.force_login(douyin_officer)

    response = first.post("/i18n/setlang/", {"language": "zh-hans", "next": "/dashboard/"})

    assert response.status_code == 302
    assert UserPreference.objects.get(user=douyin_officer).language == "zh-hans"
    assert language_for(douyin_officer) == "zh-hans"
    # Another browser, asking for English: after logging in, the pages are in Chinese.
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert (
        other.post(
            "/accounts/login/", {"username": "douyin_officer", "password": PASSWORD}
        ).status_code
        == 302
    )
    page = other.get("/dashboard/")
    assert page["Content-Language"] == "zh-hans"
    assert "首页" in page.text


def test_an_unknown_language_changes_nothing(douyin_officer):
    client = Client()
    client.force_login(douyin_officer)

    client.post("/i18n/setlang/", {"language": "xx", "next": "/dashboard/"})

    assert not UserPreference.objects.filter(user=douyin_officer).exists()
    assert language_for(douyin_officer) == "en"


def test_switching_before_login_sets_no_account(client):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})

    assert response.status_code == 302
    assert not UserPreference.objects.exists()
