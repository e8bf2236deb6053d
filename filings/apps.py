from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "filings"
    verbose_name = _("Filings")

    def ready(self) -> None:
        from workcalendar.signals import calendar_changed

        calendar_changed.connect(_recompute_on_calendar_change, dispatch_uid="filings-recompute")

        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .models import Deadline, Decision, Filing, FilingRevision, RectificationOrder

        for model in (Filing, Deadline, FilingRevision, Decision, RectificationOrder):
            post_save.connect(_count_change, sender=model, dispatch_uid=f"changes-{model}")
            post_delete.connect(_count_change, sender=model, dispatch_uid=f"changes-d-{model}")
        m2m_changed.connect(
            _count_change, sender=Filing.authorities.through, dispatch_uid="changes-authorities"
        )

        # The cached pages' counter (config/dbbackends) waits while migrations run.
        from django.db.models.signals import post_migrate, pre_migrate

        from . import pagecache

        pre_migrate.connect(pagecache.pause, dispatch_uid="pagecache-pause")
        post_migrate.connect(pagecache.resume, dispatch_uid="pagecache-resume")


def _count_change(sender: Any, **kwargs: Any) -> None:
    """Every write the regulators' dashboards count bumps the change counter (see
    filings.models.changes) in the writer's own transaction."""
    from .models import ChangeCounter

    if kwargs.get("raw") or not kwargs.get("action", "post_").startswith("post_"):
        return  # loaddata, or the pre_ half of an m2m change
    ChangeCounter.bump()


def _recompute_on_calendar_change(sender: Any, years: set[int], **kwargs: Any) -> None:
    from .services import recompute_deadlines

    recompute_deadlines(years=years)
