"""Statutory clocks. A deadline keeps its anchor and rule, so it can be recomputed when the
calendar changes, its pauses (the review clock stops while a filing is returned, or while
information is awaited where the rule says so) and its extension, if one was given.

The due date is always derived: anchor + amount (unit) + extension + the days paused, where
the days paused are recounted from the `DeadlinePause` rows (working days for a clock in
working days, calendar days otherwise), so an admin's calendar edit inside a past pause moves
the due date too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from workcalendar.calendar import working_days_between

from ..texts import localise
from .filing import Filing
from .regimes import OPERATOR_DEADLINES, DeadlineKind, DeadlineRule


class DeadlineQuerySet(models.QuerySet["Deadline"]):
    def open(self) -> DeadlineQuerySet:
        return self.filter(status=Deadline.Status.OPEN)

    def running(self) -> DeadlineQuerySet:
        return self.open().filter(paused_since__isnull=True)


class Deadline(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        CANCELLED = "cancelled", _("No longer applies")

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("what is due"), max_length=20, choices=DeadlineKind.choices)
    rule = models.ForeignKey(
        DeadlineRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rule_text = models.CharField(_("rule"), max_length=200)
    anchor_date = models.DateField(_("counted from"))
    amount = models.PositiveIntegerField(_("amount"))
    unit = models.CharField(_("unit"), max_length=20, choices=DeadlineRule.Unit.choices)
    # Working days for a clock in working days, calendar days for the others; recounted from
    # the pauses whenever the calendar changes.
    paused_working_days = models.PositiveIntegerField(_("days paused"), default=0)
    paused_since = models.DateField(_("paused since"), null=True, blank=True)
    due_date = models.DateField(_("due"), db_index=True)
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("The count crosses a year whose official holiday schedule is not loaded."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    met_at = models.DateTimeField(_("met"), null=True, blank=True)
    extension_amount = models.PositiveIntegerField(_("extension"), default=0)
    extension_unit = models.CharField(
        _("extension unit"), max_length=20, choices=DeadlineRule.Unit.choices, blank=True
    )
    extended_at = models.DateTimeField(_("extended"), null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("extended by"),
    )
    extension_reasons = models.TextField(_("reasons for the extension"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DeadlineQuerySet.as_manager()

    if TYPE_CHECKING:
        # Not columns: set on the instances a page lists, by the code named.
        kind_label: str  # filings.views (home, detail), dossiers.selectors

    class Meta:
        ordering = ["due_date"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["filing", "kind"],
                condition=Q(status="open"),
                name="deadline_one_open_per_kind",
            ),
        ]
        indexes = [
            models.Index(
                fields=["filing", "due_date"],
                condition=Q(status="open"),
                name="deadline_open_filing_due_idx",
            ),
            models.Index(
                fields=["due_date"], condition=Q(status="open"), name="deadline_open_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.due_date}"

    @property
    def party(self) -> str:
        return "operator" if self.kind in OPERATOR_DEADLINES else "authority"

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None

    @property
    def is_extended(self) -> bool:
        return self.extended_at is not None

    @property
    def working_days_late(self) -> int:
        """For a deadline met after its due date (in Beijing time), the working days it was
        late; 0 otherwise. Met on a rest day after the due date counts as one: the work is
        received on the next working day."""
        if self.status != self.Status.MET or self.met_at is None:
            return 0
        met_on = timezone.localtime(self.met_at).date()
        if met_on <= self.due_date:
            return 0
        return max(1, working_days_between(self.due_date, met_on))

    @property
    def status_label(self) -> str:
        """The status in the reader's language; a late one says by how much."""
        late = self.working_days_late
        if late:
            text = ngettext("Met, %(n)d working day late", "Met, %(n)d working days late", late)
            return text % {"n": late}
        return str(self.get_status_display())

    @property
    def rule_label(self) -> str:
        """The rule in the reader's language. `rule_text` was written in the language of
        whoever opened the clock: the rule's own description is made again when the stored
        text is that description in any language, a registered sentence is translated
        (filings.texts), anything else is shown as stored. Select the rule with the row."""
        if self.rule_id is not None and self.rule is not None:
            current = self.rule.describe()
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    if self.rule.describe() == self.rule_text:
                        return current
        return localise(self.rule_text)


class DeadlinePause(models.Model):
    class Cause(models.TextChoices):
        RETURNED = "returned", _("Returned to the filer")
        INFORMATION = "information", _("Information awaited")

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField(_("paused on"))
    ended_on = models.DateField(_("resumed on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    cause = models.CharField(
        _("cause"), max_length=20, choices=Cause.choices, default=Cause.RETURNED
    )
    counted = models.BooleanField(
        _("counted"),
        default=True,
        help_text=_(
            "Unticked: the clock later restarted in full, so this pause no longer moves it."
        ),
    )

    class Meta:
        ordering = ["started_on"]
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")

    def __str__(self) -> str:
        return f"{self.started_on} - {self.ended_on or '…'}: {self.reason}"

    @property
    def reason_label(self) -> str:
        """The reason in the reader's language when it is one the services write."""
        return localise(self.reason)
