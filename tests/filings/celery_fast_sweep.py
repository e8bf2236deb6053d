"""The project's Celery app with the sweep every two seconds instead of every minute, for the
beat of the broker outage test (`celery -A tests.filings.celery_fast_sweep beat`): the test
then waits seconds, not minutes, for the sweep after Redis is back. No tests here."""

from config.celery import app

app.conf.beat_schedule = {"sweep": {**app.conf.beat_schedule["sweep"], "schedule": 2.0}}
