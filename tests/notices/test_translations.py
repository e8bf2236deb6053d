"""Every notice page reads in Chinese (its catalogue: tests/test_catalogues.py)."""

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


def test_every_office_page_reads_in_chinese(notice, beijing_supervisor):
    client = _chinese(beijing_supervisor)
    pages = {
        reverse("notices:list"): "书面通知与约谈",
        reverse("notices:create"): "发出书面通知",
        reverse("notices:detail", args=[notice.pk]): "发文机关",
        reverse("notices:board", args=[notice.pk]): "剩余工作日",
        reverse("notices:print", args=[notice.pk]): "书面通知",
        reverse("notices:meeting", args=[notice.pk]): "约谈会议",
        reverse("notices:follow_up", args=[notice.pk]): "督促通知",
    }
    for url, chinese in pages.items():
        body = client.get(url).content.decode()
        assert chinese in body, url
        assert "Campaign board" not in body and "Written notices and summons" not in body, url


def test_the_sign_page_reads_in_chinese(beijing_reviewer, beijing_supervisor, beijing_cac, douyin):
    from .conftest import issue

    draft = issue(beijing_reviewer, beijing_cac, [douyin.operator], [douyin])
    body = _chinese(beijing_supervisor).get(reverse("notices:sign", args=[draft.pk]))
    assert "我代表本机关签发此通知" in body.content.decode()


def test_every_operator_page_reads_in_chinese(notice, douyin_officer):
    recipient = notice.recipients.get(operator__name_en="ByteDance")
    client = _chinese(douyin_officer)
    pages = {
        reverse("accounts:dashboard"): "书面通知",
        reverse("notices:received", args=[recipient.pk]): "确认收悉",
        reverse("notices:acknowledge", args=[recipient.pk]): "我们已收到此通知",
        reverse("notices:file", args=[recipient.pk]): "依此通知备案",
        reverse("notices:received_print", args=[recipient.pk]): "书面通知",
    }
    for url, chinese in pages.items():
        body = client.get(url).content.decode()
        assert chinese in body, url
        assert "Acknowledge receipt" not in body, url
