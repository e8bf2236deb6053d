"""Second factor: enrolment (TOTP with a QR code), verification after the password, and
recovery codes. accounts.middleware.TwoFactorMiddleware sends those who need it here."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.services import record_request_event

from .security import is_verified, signed_in_user

RECOVERY_CODE_COUNT = 10


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].replace(" ", "").strip()


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "accounts:dashboard"


def _qr_data_uri(url: str) -> str:
    """The otpauth URL as an SVG QR code in a data: URI (no image library, no inline style)."""
    buffer = io.BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _new_recovery_codes(user: object) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@never_cache
@sensitive_post_parameters("token")
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app. Someone who already has one must verify it first: a
    stolen password alone never replaces the second factor."""
    user = signed_in_user(request)
    if user_has_device(user) and not is_verified(user):
        return _verify_first(request)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user, confirmed=True).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _new_recovery_codes(user)
                record_request_event(request, action="twofactor.enrolled", obj=user)
            otp_login(request, device)
            return render(request, "accounts/twofactor_codes.html", {"codes": codes})
        form.add_error("token", _("That code is not valid. Check the time on your phone."))
    context = {
        "form": form,
        "qr": _qr_data_uri(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode(),
        "next": _next_url(request),
    }
    return render(request, "accounts/twofactor_setup.html", context)


@never_cache
@sensitive_post_parameters("token")
def verify(request: HttpRequest) -> HttpResponse:
    """The step after the password: a code from the app, or one recovery code."""
    user = signed_in_user(request)
    if not user_has_device(user):
        return redirect("accounts:twofactor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        device = None
        with transaction.atomic():
            for candidate in devices_for_user(user, for_verify=True):
                if candidate.verify_token(token):
                    device = candidate
                    break
        if device is not None:
            otp_login(request, device)
            recovery = isinstance(device, StaticDevice)
            record_request_event(
                request, action="login.second_factor", obj=user, data={"recovery": recovery}
            )
            if recovery:
                messages.warning(
                    request, _("You used a recovery code. Make new ones if few are left.")
                )
            return redirect(_next_url(request))
        record_request_event(request, action="login.second_factor_failed", obj=user)
        form.add_error("token", _("That code is not valid."))
    return render(
        request, "accounts/twofactor_verify.html", {"form": form, "next": _next_url(request)}
    )


@never_cache
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left; POST makes a new set (shown once)."""
    user = signed_in_user(request)
    if not is_verified(user):
        return _verify_first(request)
    if request.method == "POST":
        codes = _new_recovery_codes(user)
        record_request_event(request, action="twofactor.recovery_codes_renewed", obj=user)
        return render(request, "accounts/twofactor_codes.html", {"codes": codes})
    left = StaticToken.objects.filter(device__user=user).count()
    return render(request, "accounts/twofactor_recovery.html", {"left": left})


def _verify_first(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('accounts:twofactor_verify')}?{urlencode({'next': request.path})}")
