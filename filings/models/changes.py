"""A counter of changes to what the regulators' dashboards count, so the dashboards can cache
their figures and know, with one primary-key read, when a cached figure is stale."""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

FILINGS = "filings"


class ChangeCounter(models.Model):
    """Bumped in the same transaction as every write to a filing, its authorities, deadlines,
    revisions, decisions or rectification orders (signals in filings.apps, and
    filings.services.deadlines.sync_next_due for its set-based UPDATE). A figure cached under
    the value it read is stale the moment a change commits, whichever process made it and
    whatever the cache backend is. The row lock serialises writers for the instant between
    the bump and the commit: fine at the rate people file and review."""

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("change counter")
        verbose_name_plural = _("change counters")

    def __str__(self) -> str:
        return f"{self.name}={self.value}"

    @classmethod
    def bump(cls, name: str = FILINGS) -> None:
        if not cls.objects.filter(pk=name).update(value=F("value") + 1):
            cls.objects.get_or_create(pk=name, defaults={"value": 1})

    @classmethod
    def current(cls, name: str = FILINGS) -> int:
        return cls.objects.filter(pk=name).values_list("value", flat=True).first() or 0
