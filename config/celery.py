"""The one Celery app. Broker and schedule come from settings (CELERY_* names)."""

import os

from celery import Celery
from kombu.transport import TRANSPORT_ALIASES

# `filesystem://` (the embedded broker) writes each message atomically: config/kombu_filesystem.
TRANSPORT_ALIASES["filesystem"] = "config.kombu_filesystem:Transport"
# `redis://`: a worker that loses Redis while holding messages reconnects instead of exiting
# (config/kombu_redis).
TRANSPORT_ALIASES["redis"] = TRANSPORT_ALIASES["rediss"] = "config.kombu_redis:Transport"

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("filings")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
