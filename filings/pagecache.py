"""Whole rendered pages cached per user until anything they could show has changed.

The pages people keep open all day (the dashboards, the review queue, a filing's workspace)
are read far more often than anything on them changes, and most of their cost is Django
rendering a template, not SQL. `cached_page` keeps each one's HTML per user, language, day
and full URL, under the value of one counter that every committed write to the project's
tables increases:

- the database backends (config/dbbackends) watch every statement every connection runs, web
  or worker, ORM or raw SQL, `QuerySet.update()` and `bulk_create()` included: a transaction
  that wrote any table but a few (sessions, login failures) bumps the `pages` ChangeCounter
  row as it commits. No list of models to keep up to date.
- `version` reads the counter (one primary-key read) once per request, before anything
  else, so a page stored under a value was rendered from data at least that new: when a
  write commits, the value moves on and no older page is served again. A hit costs that
  read and a get from the process's own cache (a cache of the process's own is never stale:
  the value is in every key).
- `derived` caches other lookups the same way (the user's row, their one-time-password
  device, whether they need a second factor: accounts/).

A hit skips the view, and so the view's own permission checks: it is served only to the
user it was rendered for (200 only), at the same counter value, so memberships, states and
assignees are what they were when the view allowed it. What differs per request is put
back: the CSRF token (stored pages hold a placeholder, a hit gets the request's own token)
and the CSP nonce. A request with flash messages waiting is never served from the cache
(the messages would wait for the next page), and a page that showed some is not stored.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
from django.utils import timezone
from django.utils.translation import get_language

from config.dbbackends import PAGES, counting

from .models.changes import ChangeCounter

CACHE_SECONDS = 10 * 60
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{%d}(?![A-Za-z0-9])" % CSRF_TOKEN_LENGTH)
CSRF_PLACEHOLDER = b"__page-cache-csrf-token__"
NONCE_PLACEHOLDER = b"__page-cache-csp-nonce__"
HIT_HEADER = "X-Page-Cache"


def pause(**_: Any) -> None:
    """pre_migrate receiver: the counter's table may not exist yet while migrating."""
    counting["paused"] = True


def resume(using: str = "default", **_: Any) -> None:
    """post_migrate receiver: every migration has run; count again if the table is there."""
    from django.db import connections

    if counting["paused"]:
        with connections[using].cursor() as cursor:
            tables = connections[using].introspection.table_names(cursor)
        counting["paused"] = ChangeCounter._meta.db_table not in tables


# --- The page cache ---------------------------------------------------------------------------


def version(request: HttpRequest) -> int:
    """The counter's value, read once per request (a raw primary-key read: this is on the
    path of every cached page)."""
    value = getattr(request, "_page_version", None)
    if value is None:
        from django.db import connection

        # This request's own writes, if it made some in a transaction still open, count.
        getattr(connection, "flush_pending_bump", lambda: None)()
        with connection.cursor() as cursor:
            cursor.execute("SELECT value FROM filings_changecounter WHERE name = %s", [PAGES])
            row = cursor.fetchone()
        value = request._page_version = row[0] if row else 0
    return value


def derived(request: HttpRequest, name: str, compute: Callable[[], Any]) -> Any:
    """A value read from the database (never None), cached under the counter's value: the
    same until any write commits. `name` says what it is and for whom. PAGE_CACHE=false
    reads it every time."""
    if not settings.PAGE_CACHE:
        return compute()
    key = f"derived:{name}:{version(request)}"
    value = caches["pages"].get(key)
    if value is None:
        value = compute()
        caches["pages"].set(key, value, CACHE_SECONDS)
    return value


def _key(request: HttpRequest, version: int) -> str:
    parts = "|".join(
        (
            str(request.user.pk),
            str(version),
            get_language() or "",
            timezone.localdate().isoformat(),
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
        )
    )
    return "page:" + hashlib.blake2b(parts.encode(), digest_size=20).hexdigest()


def hollow(content: bytes, request: HttpRequest) -> bytes:
    """The page with this request's CSRF token(s) and CSP nonce replaced by placeholders."""
    secret = request.META.get("CSRF_COOKIE")
    if secret:

        def swap(match: re.Match[bytes]) -> bytes:
            token = match.group(0).decode()
            return CSRF_PLACEHOLDER if _unmask_cipher_token(token) == secret else match.group(0)

        content = _TOKEN.sub(swap, content)
    nonce = getattr(request, "_csp_nonce", None)
    if nonce:
        content = content.replace(nonce.encode(), NONCE_PLACEHOLDER)
    return content


def fill(content: bytes, request: HttpRequest) -> bytes:
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    if NONCE_PLACEHOLDER in content:
        content = content.replace(NONCE_PLACEHOLDER, str(request.csp_nonce).encode())
    return content


def _messages_waiting(request: HttpRequest) -> int:
    return len(get_messages(request)) if hasattr(request, "_messages") else 0


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a logged-in user's GET of this view from the cache while nothing has changed."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (
            not settings.PAGE_CACHE
            or request.method != "GET"
            or not request.user.is_authenticated
            or _messages_waiting(request)
        ):
            return view(request, *args, **kwargs)
        key = _key(request, version(request))
        stored = caches["pages"].get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(fill(content, request), content_type=content_type)
            response[HIT_HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not _messages_waiting(request)  # none were waiting: any now, the view added
        ):
            stored = (hollow(response.content, request), response["Content-Type"])
            caches["pages"].set(key, stored, CACHE_SECONDS)
        response[HIT_HEADER] = "miss"
        return response

    return wrapper
