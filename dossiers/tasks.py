"""The dossier's task: thin, taking an id (docs/architecture.md#the-service-frame)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(
    autoretry_for=(OperationalError,),
    acks_late=True,
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
)
def build(dossier_id: int) -> bool:
    return services.build_dossier(dossier_id) is not None


@shared_task(acks_late=True)
def sweep() -> dict[str, int]:
    """Every ten minutes (config CELERY_BEAT_SCHEDULE): lost builds again, superseded
    dossiers deleted (services.sweep)."""
    return services.sweep()
