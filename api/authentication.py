"""`Authorization: Bearer <token>`, the API's only way in (no session, so no CSRF)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .models import ApiToken
from .services import find_token, may_use, touch


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        scheme, _sep, raw = header.partition(" ")
        if scheme.lower() != self.keyword.lower() or not raw.strip():
            raise exceptions.AuthenticationFailed(
                _("Send the token as “Authorization: Bearer <token>”.")
            )
        token = find_token(raw.strip())
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not known."))
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(_("The token was revoked."))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("The token has expired."))
        if not token.owner.is_active or not may_use(token):
            raise exceptions.AuthenticationFailed(
                _("The token's owner can no longer use it (deactivated, or no longer in the role).")
            )
        touch(token)
        return token.owner, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'
