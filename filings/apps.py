from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "filings"
    verbose_name = _("Filings")

    def ready(self) -> None:
        from workcalendar.signals import calendar_changed

        calendar_changed.connect(_recompute_on_calendar_change, dispatch_uid="filings-recompute")


def _recompute_on_calendar_change(sender: Any, years: set[int], **kwargs: Any) -> None:
    from .services import recompute_deadlines

    recompute_deadlines(years=years)
