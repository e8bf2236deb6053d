"""Statutory clocks. A deadline keeps its anchor and rule, so it can be recomputed when the
calendar changes, and its pauses (the review clock stops while a filing is returned)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
    paused_working_days = models.PositiveIntegerField(_("working days paused"), default=0)
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
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DeadlineQuerySet.as_manager()

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


class DeadlinePause(models.Model):
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField(_("paused on"))
    ended_on = models.DateField(_("resumed on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["started_on"]
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")

    def __str__(self) -> str:
        return f"{self.started_on} - {self.ended_on or '…'}: {self.reason}"
