"""Changes of the filed facts and the end of a service, from the day they are recorded to the
office's decision (issue #13, item 5).

A change of what was filed must itself be filed within the regime's period (the algorithm
provisions: 10 working days of the change); the end of the service within another (20
working days). Recording the change or the end starts that clock; filing it stops the clock
and puts the text before the deciding office, which accepts it or refuses it with reasons.
Each step is a column here, so the text, the dates and the reasons are read from one row by
the officer's page, the workspace and the receipt, not pieced together from the audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .deadlines import Deadline
from .filing import Filing, FilingRevision
from .regimes import DeadlineKind


class FactChange(models.Model):
    class Kind(models.TextChoices):
        # The values are the deadline kinds whose clock they run.
        CHANGE = DeadlineKind.CHANGE.value, _("Change of the filed facts")
        CANCELLATION = DeadlineKind.CANCELLATION.value, _("End of the service")

    class Status(models.TextChoices):
        RECORDED = "recorded", _("Recorded, to be filed")
        FILED = "filed", _("Filed, awaiting the office")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        LAPSED = "lapsed", _("No longer applies")

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="fact_changes")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECORDED
    )
    effective_on = models.DateField(
        _("effective on"), help_text=_("The day the facts changed or the service ended.")
    )
    description = models.TextField(_("what changed, or why the service ends"))
    # Empty on the rows a migration made for changes filed before they were recorded here.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"))
    # The clock to file it, when the regime has one.
    deadline = models.ForeignKey(
        Deadline, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A change freezes the assessment as a new revision; an end of service does not.
    revision = models.ForeignKey(
        FilingRevision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reasons = models.TextField(_("the office's reasons"), blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("change or end of service")
        verbose_name_plural = _("changes and ends of service")
        constraints = [
            # One change (and one end of service) waiting to be filed, and one before the
            # office, at a time: a second change is filed together with the first.
            models.UniqueConstraint(
                fields=["filing", "kind"],
                condition=Q(status="recorded"),
                name="factchange_one_recorded",
            ),
            models.UniqueConstraint(
                fields=["filing", "kind"],
                condition=Q(status="filed"),
                name="factchange_one_filed",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(reasons=""),
                name="factchange_refusal_has_reasons",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.effective_on}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.RECORDED, self.Status.FILED)
