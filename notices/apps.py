from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Notices and summons")

    def ready(self) -> None:
        from workcalendar.signals import calendar_changed

        from .texts import register_texts

        register_texts()

        calendar_changed.connect(_recompute_on_calendar_change, dispatch_uid="notices-recompute")


def _recompute_on_calendar_change(sender: Any, years: set[int], **kwargs: Any) -> None:
    from .services.issuing import recompute_provisional_deadlines

    recompute_provisional_deadlines()
