"""What every API view shares: the token's scope checked, ids parsed, objects fetched through
the token's scoped querysets (404 for anything else), writes audited with the token's id."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.views import APIView

from audit.services import actor_role, client_address, record_event

from ..models import ApiToken
from ..permissions import AuthorityToken, OperatorToken, TokenScope

# Ids are 64-bit integers in the database; a bigger number is no id (and must not reach it).
_MAX_ID = 2**63 - 1


def parse_id(value: Any, name: str = "pk") -> int:
    text = str(value)
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= _MAX_ID:
        raise exceptions.ValidationError({name: [_("A whole number (an id).")]})
    return int(text)


def get_or_404(queryset: QuerySet[Any], pk: Any, name: str = "pk") -> Any:
    found = queryset.filter(pk=parse_id(pk, name)).first()
    if found is None:
        raise exceptions.NotFound(_("Not found."))
    return found


# What parse_id takes, in the schema: a client sending what it declares is never refused.
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": _MAX_ID}


def id_parameter(name: str, description: str = "") -> OpenApiParameter:
    return OpenApiParameter(name, ID_SCHEMA, OpenApiParameter.PATH, description=description)


class NoStore:
    """API answers hold a filing's contents: no cache (a proxy's or the client's) keeps them."""

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response["Cache-Control"] = "no-store"
        return response


class OperatorApiView(NoStore, APIView):
    """The operators' side: a token made for an operator."""

    permission_classes = [TokenScope, OperatorToken]

    @property
    def token(self) -> ApiToken:
        return self.request.auth


class RegulatorApiView(NoStore, APIView):
    """The regulators' side: a token made for an authority."""

    permission_classes = [TokenScope, AuthorityToken]

    @property
    def token(self) -> ApiToken:
        return self.request.auth


def audit_write(
    request: Request,
    action: str,
    obj: Model,
    *,
    filing_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Record an API write in the audit trail with the token that made it (the services
    record their own events too; this one says it came through the API, and which token).
    Call it inside the write's transaction, after the service (the chain's lock is last)."""
    token: ApiToken = request.auth
    record_event(
        action=f"api.{action}",
        obj=obj,
        actor=request.user,
        actor_role=actor_role(request.user),
        filing_id=filing_id,
        address=client_address(request),
        data={"token": token.pk, "token_prefix": token.prefix, **(data or {})},
    )
