"""Scopes: a read token reads; a write token reads and writes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from .models import ApiToken


class TokenScope(BasePermission):
    message = _("This token may only read: make a token with the write scope to change data.")

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return False  # NotAuthenticated (401): no token was sent
        return request.method in SAFE_METHODS or token.can_write


class OperatorToken(BasePermission):
    """The operators' side: tokens made for an operator."""

    message = _("This endpoint is for operators' tokens.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, ApiToken) and request.auth.operator_id is not None


class AuthorityToken(BasePermission):
    """The regulators' side: tokens made for an authority."""

    message = _("This endpoint is for regulators' tokens.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, ApiToken) and request.auth.authority_id is not None
