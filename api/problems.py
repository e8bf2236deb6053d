"""Every API error as RFC 9457 problem details, from one exception handler.

`{"type", "title", "status", "detail"}` as `application/problem+json`; a validation error adds
`errors`, one `{"field", "message"}` per refused field (`field` is a dotted path; "" for the
request as a whole). The types are listed in docs/api.md, "Errors".
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_TYPE_BASE = "/api/v1/problems/"
PROBLEM_CONTENT_TYPE = "application/problem+json"


class Conflict(exceptions.APIException):
    """The workflow refused the step in the present state of the filing, notice or order (the
    pages' 409); the detail says why."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too-large"


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency-key-reused"


def _titles() -> dict[str, str]:
    return {
        "invalid-request": _("Your request has invalid fields."),
        "malformed-request": _("The request body is not valid JSON."),
        "unauthenticated": _("Authentication is needed."),
        "forbidden": _("This token may not do that."),
        "not-found": _("Not found."),
        "method-not-allowed": _("Method not allowed."),
        "not-acceptable": _("This API answers in JSON only."),
        "unsupported-media-type": _("Send JSON (Content-Type: application/json)."),
        "conflict": _("What you asked for is not possible in the present state."),
        "too-large": _("Too large."),
        "idempotency-key-reused": _("This Idempotency-Key was used for another request."),
        "rate-limited": _("Too many requests."),
        "error": _("The request failed."),
    }


def _slug(exc: exceptions.APIException) -> str:
    table: list[tuple[type[exceptions.APIException], str]] = [
        (exceptions.ValidationError, "invalid-request"),
        (exceptions.ParseError, "malformed-request"),
        (exceptions.NotAuthenticated, "unauthenticated"),
        (exceptions.AuthenticationFailed, "unauthenticated"),
        (exceptions.PermissionDenied, "forbidden"),
        (exceptions.NotFound, "not-found"),
        (exceptions.MethodNotAllowed, "method-not-allowed"),
        (exceptions.NotAcceptable, "not-acceptable"),
        (exceptions.UnsupportedMediaType, "unsupported-media-type"),
        (exceptions.Throttled, "rate-limited"),
        (Conflict, "conflict"),
        (PayloadTooLarge, "too-large"),
        (IdempotencyKeyReused, "idempotency-key-reused"),
    ]
    return next((slug for cls, slug in table if isinstance(exc, cls)), "error")


def field_errors(detail: Any, path: str = "") -> list[dict[str, str]]:
    """DRF's nested error detail, flattened to one row per message."""
    if isinstance(detail, dict):
        rows = []
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") else str(key)
            rows += field_errors(value, f"{path}.{name}" if path and name else path or name)
        return rows
    if isinstance(detail, list):
        rows = []
        for index, value in enumerate(detail):
            inner = path if not isinstance(value, dict | list) else f"{path}.{index}"
            rows += field_errors(value, inner)
        return rows
    return [{"field": path, "message": str(detail)}]


def problem(
    status_code: int, slug: str, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> Response:
    body = {
        "type": PROBLEM_TYPE_BASE + slug,
        "title": _titles().get(slug, _titles()["error"]),
        "status": status_code,
        "detail": detail,
        **extra,
    }
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(_("The request body is too large."))
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(_("The request could not be read."))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return None  # an unexpected error: a 500, logged as such
    slug = _slug(exc)
    extra: dict[str, Any] = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = _("Correct the fields listed in “errors” and send the request again.")
        extra["errors"] = field_errors(exc.detail)
    else:
        detail = str(exc.detail) if not isinstance(exc.detail, dict | list) else str(exc)
    headers = {
        k: v for k, v in response.items() if k in ("Retry-After", "WWW-Authenticate", "Allow")
    }
    return problem(response.status_code, slug, detail, headers=headers, **extra)


def not_found(request: Any, *args: Any, **kwargs: Any) -> Any:
    """Any path under /api/v1/ that names no endpoint: a 404 problem, never an HTML page."""
    from django.http import JsonResponse
    from django.urls import Resolver404, resolve

    detail = _("No endpoint has this address.")
    try:
        match = resolve(request.path + "/")
    except Resolver404:
        match = None
    if match is not None and match.url_name:
        detail = _("No endpoint has this address; the addresses end with a slash: %(path)s") % {
            "path": request.path + "/"
        }
    body = {
        "type": PROBLEM_TYPE_BASE + "not-found",
        "title": _titles()["not-found"],
        "status": 404,
        "detail": detail,
    }
    return JsonResponse(
        body,
        status=404,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
