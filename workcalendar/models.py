"""Admin-maintained corrections to the Chinese working-day calendar.

The `holidays` library carries the official schedule (public holidays and make-up working
weekends) for the years the State Council has published. The schedule for a year comes out
late in the year before, so admins can record a year as official once they have entered its
days here, and override any single day the library gets wrong.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    official = models.BooleanField(
        _("official schedule loaded"),
        default=False,
        help_text=_(
            "Tick once every public holiday and make-up working day of the published "
            "schedule for this year is entered. Due dates in years that are not official "
            "are marked provisional."
        ),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="calendar_year_range"
            )
        ]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """One day whose status differs from what the library says (or that it does not know)."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: a make-up working day. Unticked: a public holiday or day off."),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        kind = _("working day") if self.is_working_day else _("day off")
        return f"{self.date} ({kind}) {self.name}".strip()
