"""The security pages (second factor, lockout, login) and the audit trail read in Chinese
(the catalogues themselves: tests/test_catalogues.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"  # noqa: S105  (the personas' demo password)
LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _back_to_the_default_language() -> Any:
    """A request with the zh-hans cookie leaves Chinese active in this thread (LocaleMiddleware
    activates it and nothing deactivates it): later tests expect the default language."""
    yield
    translation.deactivate()


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Two-factor authentication", "双因素认证"),
        ("Recovery codes", "恢复码"),
        ("That code is not valid.", "验证码无效。"),
        ("Your session has ended. Please log in again.", "您的会话已结束。请重新登录。"),
        ("Too many failed logins", "登录失败次数过多"),
        ("audit event", "审计事件"),
        ("client address", "客户端地址"),
    ],
)
def test_key_strings_translate(english: str, chinese: str) -> None:
    with translation.override("zh-hans"):
        assert translation.gettext(english) == chinese


def test_the_audit_trail_names_its_fields_in_chinese() -> None:
    with translation.override("zh-hans"):
        assert str(AuditEvent._meta.verbose_name_plural) == "审计事件"
        assert str(AuditEvent._meta.get_field("actor").verbose_name) == "操作人"


def _chinese(client: Any) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def _log_in(client: Any, username: str, password: str = PASSWORD) -> Any:
    return client.post(LOGIN, {"username": username, "password": password})


def test_the_login_page_reads_in_chinese(client) -> None:
    assert ">登录</h1>" in _chinese(client).get(LOGIN).text


def test_the_two_factor_setup_page_reads_in_chinese(client, settings, beijing_reviewer) -> None:
    settings.REQUIRE_2FA = True
    _chinese(client)
    assert _log_in(client, "beijing_reviewer").status_code == 302
    page = client.get(reverse("accounts:twofactor_setup"))
    assert page.status_code == 200
    assert "设置双因素认证" in page.text
    assert "或手动输入此密钥" in page.text
    assert "验证码" in page.text  # the form's label
    wrong = client.post(reverse("accounts:twofactor_setup"), {"token": "000000"})
    assert "验证码无效。请检查手机上的时间。" in wrong.text


def test_the_locked_out_page_reads_in_chinese(client, douyin_officer) -> None:
    _chinese(client)
    for _ in range(4):
        assert _log_in(client, "douyin_officer", "wrong-password").status_code == 200
    locked = _log_in(client, "douyin_officer", "wrong-password")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.text
    assert "返回登录页" in locked.text
