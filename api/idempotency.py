"""`Idempotency-Key` on writes: a retry with the same key and token gets the first answer
(status and body) and changes nothing twice; the same key with another request is a 422.

The write and the stored answer commit together: a request that failed (an error raised
before an answer was made) stores nothing, so its retry runs again. Two requests with the
same key at once: the second to commit meets the unique key, rolls back and gets a 409.
Kept 24 hours (IDEMPOTENCY_TTL): a token's expired keys are deleted when it stores a new one.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from .models import IDEMPOTENCY_TTL, ApiToken, IdempotencyKey
from .problems import Conflict, IdempotencyKeyReused

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
# The key in the schema: printable ASCII, neither blank nor padded (HTTP strips the padding),
# at most 255 characters; within what `idempotent` accepts, so a key the schema allows is
# never refused.
KEY_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "maxLength": MAX_KEY_LENGTH,
    "pattern": r"^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$",
}


def fingerprint(request: Request) -> str:
    """The request as sent: method, path and parsed body (an uploaded file by its hash)."""
    data: Any = request.data
    if hasattr(data, "lists"):  # a multipart form: fields, and files by their content
        data = {key: [_value(v) for v in values] for key, values in data.lists()}
    body = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{request.method}\n{request.path}\n{body}".encode()).hexdigest()


def _value(value: Any) -> Any:
    if not isinstance(value, UploadedFile):
        return value
    digest = hashlib.sha256()
    for chunk in value.chunks():
        digest.update(chunk)
    value.seek(0)
    return {"name": value.name, "sha256": digest.hexdigest()}


def idempotent(handler: Callable[..., Response]) -> Callable[..., Response]:
    @functools.wraps(handler)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER)
        if key is None:
            return handler(view, request, *args, **kwargs)
        if not key.strip() or len(key) > MAX_KEY_LENGTH or not key.isprintable():
            raise exceptions.ValidationError({HEADER: [_("Up to 255 printable characters.")]})
        token: ApiToken = request.auth
        print_ = fingerprint(request)
        try:
            with transaction.atomic():
                stored = (
                    IdempotencyKey.objects.select_for_update().filter(token=token, key=key).first()
                )
                if stored is not None and stored.is_expired:
                    stored = None
                if stored is not None:
                    if stored.fingerprint != print_:
                        raise IdempotencyKeyReused(
                            _(
                                "This key was first sent with another request; use a new "
                                "key for a new request."
                            )
                        )
                    replay = Response(stored.body, status=stored.status)
                    replay["Idempotent-Replayed"] = "true"
                    return replay
                response = handler(view, request, *args, **kwargs)
                if response.status_code < 500:
                    IdempotencyKey.objects.filter(
                        token=token, created_at__lte=timezone.now() - IDEMPOTENCY_TTL
                    ).delete()
                    IdempotencyKey.objects.create(
                        token=token,
                        key=key,
                        fingerprint=print_,
                        status=response.status_code,
                        body=response.data,
                    )
                return response
        except IntegrityError as exc:
            raise Conflict(
                _("A request with this Idempotency-Key is in progress; retry in a moment.")
            ) from exc

    return wrapper
