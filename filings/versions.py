"""Versions of what cached figures show: one per authority, one per operator.

Data that is costly to compute and read far more often than it changes (the regulator
dashboard's counts, chart series and backlog) is cached under a key that holds the versions
of the scopes it was computed from: a regulator's figures hold their authorities' versions.
A service that changes a filing moves on the versions of that filing's authorities and of
its operator in `transaction.on_commit`, so nothing computed before the change is read
after it, and nothing else is touched: an autosave, a login, or the reminder sweep moves
nothing, and a change at one authority leaves every other authority's figures warm, and a
change at one operator every other operator's. There is no global counter. The regulator's
dashboard caches under its authorities' versions, the officer's home its counts by state
under its operators'.

The versions live in the cache itself (Redis in production, shared by every web and worker
process). A version that is missing (evicted, or a fresh cache) starts at the current time in
nanoseconds, never at a number an older entry could carry. Cached values are read only after
the view's own permission checks have run: the key is a view's data for one user, never a
page.

With a cache each process keeps to itself (the embedded default's LocMemCache), a worker's
change could not reach the web process's cache, so `FIGURE_CACHE` is off there and figures
are computed on every request (settings.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
AUTHORITY = "authority"
OPERATOR = "operator"


def _key(scope: str, pk: int) -> str:
    return f"version:{scope}:{pk}"


def current(scope: str, pks: Iterable[int]) -> str:
    """The versions of these scopes, as one string for a cache key."""
    keys = [_key(scope, pk) for pk in sorted(set(pks))]
    if not keys:
        return "-"
    found = cache.get_many(keys)
    missing = {key: time.time_ns() for key in keys if key not in found}
    if missing:
        for key, value in missing.items():
            # add(): another process may have set it a moment ago; keep theirs.
            if not cache.add(key, value, timeout=None):
                missing[key] = cache.get(key, value)
        found.update(missing)
    return ".".join(str(found[key]) for key in keys)


def bump(*, authorities: Iterable[int] = (), operators: Iterable[int] = ()) -> None:
    """Move these authorities' and operators' versions on now (callers use `changed`, which
    waits for the commit)."""
    keys = [_key(AUTHORITY, pk) for pk in set(authorities)]
    keys += [_key(OPERATOR, pk) for pk in set(operators)]
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:  # not there: any fresh value is newer than what was read
            cache.set(key, time.time_ns(), timeout=None)


def changed(filing_ids: Iterable[int]) -> None:
    """After the current transaction commits, move on the versions of these filings'
    authorities and operators. Outside a transaction it runs at once."""
    ids = set(filing_ids)
    if ids and settings.FIGURE_CACHE:
        transaction.on_commit(lambda: _bump_for_filings(ids))


def changed_everywhere() -> None:
    """After commit, every authority's version (a calendar edit moves due dates everywhere).
    Each moves on by itself: there is still no global counter."""
    if settings.FIGURE_CACHE:
        transaction.on_commit(_bump_all)


def _bump_all() -> None:
    from platforms.models import Authority, Operator

    bump(
        authorities=Authority.objects.values_list("pk", flat=True),
        operators=Operator.objects.values_list("pk", flat=True),
    )


def _bump_for_filings(ids: set[int]) -> None:
    from .models import Filing

    authorities = Filing.authorities.through.objects.filter(filing_id__in=ids).values_list(
        "authority_id", flat=True
    )
    operators = Filing.objects.filter(pk__in=ids).values_list("operator_id", flat=True)
    bump(authorities=list(authorities), operators=list(operators))


def cached(
    name: str, *, scope: str, pks: Iterable[int], parts: Iterable[Any], compute: Callable[[], T]
) -> T:
    """`compute()`, cached under `name`, the versions of the scope's rows and `parts` (who,
    which day, which language: whatever else the value depends on)."""
    if not settings.FIGURE_CACHE:
        return compute()
    key = ":".join((name, current(scope, pks), *(str(p) for p in parts)))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.FIGURE_CACHE_SECONDS)
    return value
