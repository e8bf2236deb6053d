"""Keeps the in-process calendar cache right and tells the rest of the system when the
calendar changed (the filings app recomputes its due dates on this signal)."""

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal, receiver

from . import calendar
from .models import CalendarDay, CalendarYear

# Sent with `years`: the set of years whose working days may have changed.
calendar_changed = Signal()


def _year(instance: Any) -> int:
    return instance.date.year if isinstance(instance, CalendarDay) else instance.year


@receiver(pre_save, sender=CalendarDay)
@receiver(pre_save, sender=CalendarYear)
def _remember_stored_year(
    sender: type[CalendarDay] | type[CalendarYear], instance: Any, **kwargs: Any
) -> None:
    # A day moved to another year changes the year it left too.
    stored = sender.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._stored_year = _year(stored) if stored is not None else None


@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=CalendarYear)
def _on_calendar_row_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    calendar.clear_cache()
    years = {_year(instance), instance.__dict__.pop("_stored_year", None)} - {None}
    calendar_changed.send(sender=sender, years=years)
