"""Authentication and session security: hashing, password rules, lockout by user and by
address (never by a forged header), the second factor for regulators and admins, session
lifetimes, deactivation, and the headers every page carries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from django.urls import path, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from audit.services import client_address

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"  # noqa: S105  (the personas' demo password)
LOGIN = "/accounts/login/"


def _log_in(client: Any, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


# --- Passwords ------------------------------------------------------------------------------
def test_argon2_hashes_passwords_when_it_is_the_configured_hasher():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        assert make_password("a long enough passphrase").startswith("argon2$argon2id$")


@pytest.mark.parametrize("weak", ["short-pw-1", "123456789012345", "password1234"])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_a_twelve_character_passphrase_is_accepted():
    validate_password("violet-harbour-71")


# --- Lockout --------------------------------------------------------------------------------
def test_five_failures_lock_the_account_even_with_the_right_password(client, douyin_officer):
    for _ in range(4):
        assert _log_in(client, "douyin_officer", "wrong-password").status_code == 200
    assert _log_in(client, "douyin_officer", "wrong-password").status_code == 429
    response = _log_in(client, "douyin_officer")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_from_many_addresses_lock_the_username(client, douyin_officer):
    for n in range(5):
        _log_in(client, "douyin_officer", "wrong-password", REMOTE_ADDR=f"203.0.113.{n}")
    assert _log_in(client, "douyin_officer", REMOTE_ADDR="198.51.100.7").status_code == 429


def test_failures_for_many_usernames_lock_the_address(client, douyin_officer):
    for n in range(5):
        _log_in(client, f"guess{n}", "wrong-password", REMOTE_ADDR="203.0.113.9")
    assert _log_in(client, "douyin_officer", REMOTE_ADDR="203.0.113.9").status_code == 429
    assert _log_in(client, "douyin_officer", REMOTE_ADDR="203.0.113.10").status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_address_lockout(client, douyin_officer):
    for n in range(5):
        _log_in(
            client,
            f"guess{n}",
            "wrong-password",
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    response = _log_in(
        client, "douyin_officer", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert response.status_code == 429


def test_the_client_address_is_the_socket_unless_proxies_are_trusted(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "192.0.2.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.5"  # what our proxy saw, not the client's claim
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "6.6.6.6"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer hops than proxies: not through them all
    assert client_address(request) == "192.0.2.1"
    settings.TRUSTED_PROXY_COUNT = 1
    garbage = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="x<y>")
    assert client_address(garbage) == "192.0.2.1"


def test_a_successful_login_resets_the_failure_count(client, douyin_officer):
    for _ in range(4):
        _log_in(client, "douyin_officer", "wrong-password")
    assert _log_in(client, "douyin_officer").status_code == 302
    client.logout()
    for _ in range(4):
        _log_in(client, "douyin_officer", "wrong-password")
    assert _log_in(client, "douyin_officer").status_code == 302


# --- Second factor --------------------------------------------------------------------------
def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _enrol(client: Any) -> tuple[TOTPDevice, list[str]]:
    setup = client.get(reverse("accounts:twofactor_setup"))
    assert setup.status_code == 200
    assert "data:image/svg+xml;base64," in setup.text
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(reverse("accounts:twofactor_setup"), {"token": _code(device)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    return TOTPDevice.objects.get(pk=device.pk), codes


@pytest.fixture
def require_2fa(settings: Any) -> None:
    settings.REQUIRE_2FA = True


@pytest.mark.parametrize("who", ["beijing_reviewer", "cac_supervisor", "admin"])
def test_regulators_and_admins_must_enrol_before_reaching_any_page(
    client, require_2fa, who, request
):
    request.getfixturevalue(who)
    assert _log_in(client, who).status_code == 302
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:twofactor_setup"))
    assert client.get("/admin/").status_code == 302
    _enrol(client)
    assert client.get("/dashboard/").status_code == 200


def test_officers_need_no_second_factor(client, require_2fa, douyin_officer):
    _log_in(client, "douyin_officer")
    assert client.get("/dashboard/").status_code == 200


def test_an_enrolled_reviewer_types_a_code_after_the_password(
    client, require_2fa, beijing_reviewer
):
    _log_in(client, "beijing_reviewer")
    device, _codes = _enrol(client)
    client.logout()
    _log_in(client, "beijing_reviewer")
    response = client.get("/dashboard/")
    assert response["Location"].startswith(reverse("accounts:twofactor_verify"))
    # A password alone cannot enrol a new phone over the existing one.
    assert client.get(reverse("accounts:twofactor_setup"))["Location"].startswith(
        reverse("accounts:twofactor_verify")
    )
    wrong = client.post(reverse("accounts:twofactor_verify"), {"token": "000000"})
    assert wrong.status_code == 200
    assert "not valid" in wrong.text
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(seconds=90)):
        device.refresh_from_db()
        device.throttling_failure_count = 0
        device.throttling_failure_timestamp = None
        device.save()
        ok = client.post(
            reverse("accounts:twofactor_verify"), {"token": _code(device), "next": "/dashboard/"}
        )
        assert ok.status_code == 302
        assert ok["Location"] == "/dashboard/"
        assert client.get("/dashboard/").status_code == 200
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "login.second_factor_failed" in actions
    assert "login.second_factor" in actions


def test_a_recovery_code_works_once(client, require_2fa, beijing_reviewer):
    _log_in(client, "beijing_reviewer")
    _device, codes = _enrol(client)
    for attempt in range(2):
        client.logout()
        _log_in(client, "beijing_reviewer")
        response = client.post(reverse("accounts:twofactor_verify"), {"token": codes[0]})
        if attempt == 0:
            assert response.status_code == 302
            assert client.get("/dashboard/").status_code == 200
        else:
            assert response.status_code == 200  # used up
    assert StaticToken.objects.filter(device__user=beijing_reviewer).count() == 9


def test_a_deleted_device_unverifies_the_session_at_once(client, require_2fa, beijing_reviewer):
    """The session's device is cached (accounts.middleware.OTPMiddleware) until any write:
    deleting or unconfirming it is one, so the very next page asks for a second factor."""
    _log_in(client, "beijing_reviewer")
    device, _codes = _enrol(client)
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/dashboard/").status_code == 200  # the device (and page) from the cache
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    response = client.get("/dashboard/")
    assert response.status_code == 302  # the recovery codes remain: asked to verify
    assert response["Location"].startswith(reverse("accounts:twofactor_verify"))


def test_a_new_regulator_role_asks_for_the_second_factor_at_once(
    client, require_2fa, douyin_officer, beijing_cac
):
    from platforms.models import Membership, Role

    _log_in(client, "douyin_officer")
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/dashboard/").status_code == 200  # "needs none" now cached
    Membership.objects.create(user=douyin_officer, authority=beijing_cac, role=Role.REVIEWER)
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:twofactor_setup"))


def test_recovery_codes_can_be_renewed_after_verification(client, require_2fa, beijing_reviewer):
    _log_in(client, "beijing_reviewer")
    _device, old = _enrol(client)
    response = client.post(reverse("accounts:twofactor_recovery"))
    assert response.status_code == 200
    new = response.context["codes"]
    assert not set(old) & set(new)
    assert StaticToken.objects.filter(device__user=beijing_reviewer).count() == 10


def test_the_demo_login_page_says_the_second_factor_is_relaxed(client, settings):
    settings.DEMO_MODE = True
    settings.REQUIRE_2FA = False
    assert "Two-factor authentication is relaxed in the demo" in client.get(LOGIN).text
    settings.REQUIRE_2FA = True
    assert "relaxed" not in client.get(LOGIN).text


# --- Sessions -------------------------------------------------------------------------------
def test_an_idle_session_ends(client, douyin_officer, settings):
    settings.SESSION_IDLE_SECONDS = 1800
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        _log_in(client, "douyin_officer")
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/dashboard/").status_code == 200
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/dashboard/").status_code == 200  # activity kept it alive
        clock.shift(dt.timedelta(minutes=31))
        response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    event = AuditEvent.objects.filter(action="logout").latest("id")
    assert event.data == {"reason": "idle"}


def test_a_session_ends_after_its_absolute_lifetime_however_active(
    client, douyin_officer, settings
):
    settings.SESSION_IDLE_SECONDS = 1800
    settings.SESSION_ABSOLUTE_SECONDS = 3600
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        _log_in(client, "douyin_officer")
        for _ in range(3):
            clock.shift(dt.timedelta(minutes=20))
            assert client.get("/dashboard/").status_code == 200
        clock.shift(dt.timedelta(minutes=1))
        response = client.get("/dashboard/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="logout").latest("id").data == {
        "reason": "absolute_lifetime"
    }


def test_a_deactivated_users_session_stops_working(client, douyin_officer):
    _log_in(client, "douyin_officer")
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/dashboard/").status_code == 200
    get_user_model().objects.filter(pk=douyin_officer.pk).update(is_active=False)
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_password_changed_elsewhere_ends_this_session(client, douyin_officer):
    _log_in(client, "douyin_officer")
    assert client.get("/dashboard/").status_code == 200
    user = get_user_model().objects.get(pk=douyin_officer.pk)
    user.set_password("another-long-passphrase-42")
    user.save()
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_deactivated_user_cannot_log_in(client, douyin_officer):
    douyin_officer.is_active = False
    douyin_officer.save()
    assert _log_in(client, "douyin_officer").status_code == 200
    assert "_auth_user_id" not in client.session


# --- Headers and error pages ----------------------------------------------------------------
def test_pages_of_a_logged_in_user_are_never_cached(client, douyin_officer):
    client.force_login(douyin_officer)
    cache_control = client.get("/dashboard/")["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control


def test_every_page_carries_a_csp_without_unsafe_inline(client, douyin_officer):
    for response in (client.get(LOGIN), _logged_in_dashboard(client, douyin_officer)):
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "base-uri 'none'",
        ):
            assert directive in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"


def _logged_in_dashboard(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client.get("/dashboard/")


def test_session_and_csrf_cookies_are_http_only(client, douyin_officer, settings):
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_HTTPONLY
    response = _log_in(client, "douyin_officer")
    assert response.cookies["sessionid"]["httponly"]


def _boom(request: Any) -> Any:
    raise RuntimeError("secret internals: password=hunter2 at /srv/filings/config")


urlpatterns = [path("boom/", _boom)]


@override_settings(DEBUG=False)
def test_error_pages_leak_nothing(client, douyin_officer):
    client.force_login(douyin_officer)
    missing = client.get("/filings/999999999/secret-path-segment/")
    assert missing.status_code == 404
    assert "secret-path-segment" not in missing.text
    assert "urlpatterns" not in missing.text
    assert "Page not found" in missing.text
    with override_settings(ROOT_URLCONF=__name__):
        client.raise_request_exception = False
        crashed = client.get("/boom/")
    assert crashed.status_code == 500
    assert "hunter2" not in crashed.text
    assert "Traceback" not in crashed.text
    assert "Something went wrong" in crashed.text


@override_settings(DEBUG=False)
@pytest.mark.parametrize("code", [400, 403, 404, 500])
def test_generic_error_templates_render_without_a_request(code):
    from django.template.loader import render_to_string

    html = render_to_string(f"{code}.html")
    assert "<h1" in html
    assert "{%" not in html
