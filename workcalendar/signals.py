"""Keeps the in-process calendar cache right and tells the rest of the system when the
calendar changed (the filings app recomputes its due dates on this signal)."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from . import calendar
from .models import CalendarDay, CalendarYear

# Sent with `years`: the set of years whose working days may have changed.
calendar_changed = Signal()


@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=CalendarYear)
def _on_calendar_row_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    calendar.clear_cache()
    year = instance.date.year if isinstance(instance, CalendarDay) else instance.year
    calendar_changed.send(sender=sender, years={year})
