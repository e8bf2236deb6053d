from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "filings"
    verbose_name = _("Filings")

    def ready(self) -> None:
        from workcalendar.signals import calendar_changed

        calendar_changed.connect(_recompute_on_calendar_change, dispatch_uid="filings-recompute")
        from assessments.signals import reopening

        reopening.connect(_refuse_reopening_under_review, dispatch_uid="filings-reopening")


def _recompute_on_calendar_change(sender: Any, years: set[int], **kwargs: Any) -> None:
    from .services import recompute_deadlines

    recompute_deadlines(years=years)


def _refuse_reopening_under_review(sender: Any, assessment: Any, **kwargs: Any) -> None:
    """While the regulator reviews a filing, its assessment stays as it was signed: a
    reopened draft would take new files and answers the reviewers were never sent. It can be
    reopened once the filing is returned (or withdrawn, or decided)."""
    from django.utils.translation import gettext

    from assessments.services import AssessmentLocked

    from .models import REVIEW_STATES, Filing

    if Filing.objects.filter(assessment=assessment, state__in=REVIEW_STATES).exists():
        raise AssessmentLocked(
            gettext(
                "A filing of this assessment is with the regulator: the assessment stays as it "
                "was signed until the filing is returned for correction or decided."
            )
        )
