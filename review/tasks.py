"""The review app's background work: counting an authority's dashboard figures afresh."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import translation

from . import selectors


@shared_task(acks_late=True, ignore_result=True)
def refresh_dashboard_figures(
    *, authorities: list[int], today: str, weeks: int, language: str
) -> None:
    """Idempotent: a second run counts the same figures again under the current versions."""
    with translation.override(language):
        selectors.refresh_figures(
            authorities, today=dt.date.fromisoformat(today), weeks=weeks, version=None
        )
