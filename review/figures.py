"""The regulator's dashboard: live counts of their own work, and their authorities' figures
cached under those authorities' versions (filings/versions.py)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language

from filings import versions
from filings.models import REVIEW_STATES, Decision, OfficeReview, ReviewState
from platforms.models import Role
from platforms.roles import get_actor

from . import selectors, tasks

SOONEST_ROWS = 10
# Figures that took longer than this to compute are, once outdated, served as they were
# while a worker computes them afresh (see `dashboard`).
INLINE_SECONDS = 0.25
# One refresh per authority set at a time; a worker that died lets the next one try after this.
REFRESH_LOCK_SECONDS = 120
logger = logging.getLogger(__name__)


def dashboard(user: Any, *, weeks: int = 12) -> selectors.Dashboard:
    """The regulator's dashboard: the soonest-due list, read live from an index, the size of
    their own queue, and their authorities' figures (counts by state, due and overdue, charts,
    backlog), cached under those authorities' versions (filings/versions.py).

    An authority with a national register behind it takes seconds to count. When a change
    has outdated its figures and they took longer than INLINE_SECONDS to compute, the page
    shows the previous figures with the time they were computed and "being updated", and a
    worker computes the new ones (one at a time per authority: `review.tasks`); smaller
    authorities get fresh figures at once. No figure is ever older than the last change
    plus one computation."""
    today = timezone.localdate()
    authorities = sorted(get_actor(user).authority_ids)
    board = authority_figures(authorities, today=today, weeks=weeks)
    # A reviewer may hold tens of thousands of approved filings: counted once per change to
    # their authorities, like the figures (a claim or an assignment is such a change).
    board.mine = versions.cached(
        f"{selectors.FIGURES}:mine",
        scope=versions.AUTHORITY,
        pks=authorities,
        parts=(user.pk,),
        compute=lambda: OfficeReview.objects.filter(
            assignee=user,
            state__in=[ReviewState.SUBMITTED, ReviewState.UNDER_REVIEW],
            filing__state__in=REVIEW_STATES,
        ).count(),
    )
    actor = get_actor(user)
    if actor.has_authority_role(actor.authority_ids, Role.SUPERVISOR):
        # Live: a proposal waiting for this supervisor is what they came to the page for.
        board.awaiting_approval = (
            Decision.objects.filter(outcome=Decision.Outcome.PENDING)
            .filter(
                Q(escalated_to__isnull=True, review__authority_id__in=actor.authority_ids)
                | Q(escalated_to_id__in=actor.authority_ids)
            )
            .exclude(proposed_by=user)
            .count()
        )
    board.soonest, _cursor = selectors.keyset_page(
        selectors.queue(user, {}), "due", None, SOONEST_ROWS, offices=authorities
    )
    return board


def authority_figures(authorities: list[int], *, today: dt.date, weeks: int) -> selectors.Dashboard:
    if not settings.FIGURE_CACHE:
        return selectors.compute_dashboard(authorities, today=today, weeks=weeks)
    base = selectors.figures_key(authorities, today, weeks)
    version = versions.current(versions.AUTHORITY, authorities)
    latest = cache.get(f"{base}:latest")
    if latest is not None and latest.version == version:
        return latest
    if latest is not None and latest.compute_seconds > INLINE_SECONDS:
        lock = f"{base}:refreshing"
        if cache.add(lock, 1, timeout=REFRESH_LOCK_SECONDS):
            try:
                tasks.refresh_dashboard_figures.delay(
                    authorities=authorities,
                    today=today.isoformat(),
                    weeks=weeks,
                    language=get_language() or settings.LANGUAGE_CODE,
                )
            except Exception:  # the broker is down: the next reader asks again
                cache.delete(lock)
                logger.warning("Could not queue the dashboard figures' refresh", exc_info=True)
        latest.stale = True
        return latest
    return selectors.refresh_figures(authorities, today=today, weeks=weeks, version=version)
