"""`/health/`: is this deployment doing its job? For a load balancer or a monitor, so no
login, and it tells nothing sensitive: no hosts, versions or error texts, only "ok"/"error",
the last sweep's time and how many outbox rows wait."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import OutboxMessage
from .services.reminders import last_sweep

# The beat runs the sweep every minute; five missed runs means it or the worker is down.
SWEEP_STALE_AFTER = dt.timedelta(minutes=5)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def broker_ok() -> bool:
    from celery import current_app as app  # the project's (config/__init__.py loads it)

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=2)
        return True
    except Exception:
        return False


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    now = timezone.now()
    db = database_ok()
    swept = last_sweep() if db else None
    age = (now - swept).total_seconds() if swept else None
    pending = OutboxMessage.objects.filter(processed_at__isnull=True).count() if db else None
    checks = {
        "database": "ok" if db else "error",
        "broker": "ok" if broker_ok() else "error",
        "sweep": "ok" if swept and now - swept <= SWEEP_STALE_AFTER else "stale",
    }
    healthy = all(value == "ok" for value in checks.values())
    body = {
        "status": "ok" if healthy else "unhealthy",
        **checks,
        "last_sweep": swept.isoformat() if swept else None,
        "last_sweep_age_seconds": round(age) if age is not None else None,
        "pending_outbox": pending,
    }
    return JsonResponse(body, status=200 if healthy else 503)
