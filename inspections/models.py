"""On-site inspections (docs/domain-rules.md#inspections): an office, or two jointly, visits the
operator after a filing and records the date, place, team, findings and files; a recorded
inspection may lead to a rectification order.

The inspection knows its filing and the order made from it; neither `filings` nor any app
below it knows inspections (the link lives here, as notices keep theirs).

Who sees what (`access.py`): the inspecting offices see their inspection from the first
draft; the filing's other addressed offices and the operator's staff only once it is
recorded; the operator never the team or the internal notes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from assessments.models import evidence_path, evidence_storage
from filings.models import Filing, OfficeReview, RectificationOrder
from platforms.models import Authority
from platforms.roles import get_actor


class InspectionQuerySet(models.QuerySet["Inspection"]):
    def of_offices(self, authority_ids: Any) -> InspectionQuerySet:
        """The inspections these offices carry out (drafts too), alone or jointly."""
        ids = list(authority_ids)
        return self.filter(Q(authority_id__in=ids) | Q(joint_authority_id__in=ids))

    def visible_to(self, user: Any) -> InspectionQuerySet:
        """Regulators: their offices' inspections, drafts included, and the recorded
        inspections of filings addressed to their offices. Operator staff: the recorded
        inspections of their operator's filings. Anyone else (admins too): none."""
        actor = get_actor(user)
        scope = Q(pk__in=[])
        if actor.authority_ids:
            ids = list(actor.authority_ids)
            # Per inspection, one probe of the (filing, office) unique index: inspections are
            # few, an office's reviews many.
            addressed = Exists(
                OfficeReview.objects.filter(filing_id=OuterRef("filing_id"), authority_id__in=ids)
            )
            scope |= Q(authority_id__in=ids) | Q(joint_authority_id__in=ids)
            scope |= Q(addressed, state=Inspection.State.RECORDED)
        if actor.operator_ids:
            scope |= Q(
                state=Inspection.State.RECORDED, filing__operator_id__in=list(actor.operator_ids)
            )
        return self.filter(scope)


class Inspection(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RECORDED = "recorded", _("Recorded")

    filing = models.ForeignKey(
        Filing, on_delete=models.PROTECT, related_name="+", verbose_name=_("filing")
    )
    # The office that opened the inspection; a second office makes it joint.
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspecting office")
    )
    joint_authority = models.ForeignKey(
        Authority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("jointly with"),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    inspected_on = models.DateField(_("date of the inspection"))
    place = models.CharField(_("place"), max_length=200)
    team = models.TextField(_("team"), blank=True, help_text=_("One person a line: name and role."))
    findings = models.TextField(
        _("findings"), blank=True, help_text=_("One finding a line; required to record.")
    )
    internal_notes = models.TextField(
        _("internal notes"),
        blank=True,
        help_text=_("Read by the inspecting offices only, never by the operator."),
    )
    rectification_order = models.ForeignKey(
        RectificationOrder,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("rectification order"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-inspected_on", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["draft", "recorded"]), name="inspection_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(joint_authority__isnull=True) | ~Q(joint_authority=F("authority")),
                name="inspection_joint_office_differs",
            ),
            models.CheckConstraint(
                condition=Q(state="draft")
                | (Q(recorded_at__isnull=False, recorded_by__isnull=False) & ~Q(findings="")),
                name="inspection_recorded_has_findings",
            ),
            models.CheckConstraint(
                condition=Q(rectification_order__isnull=True) | Q(state="recorded"),
                name="inspection_order_only_when_recorded",
            ),
            models.UniqueConstraint(
                fields=["rectification_order"],
                condition=Q(rectification_order__isnull=False),
                name="inspection_one_per_order",
            ),
        ]
        indexes = [
            models.Index(fields=["authority", "state"], name="inspection_office_state_idx"),
            models.Index(fields=["joint_authority", "state"], name="inspection_joint_state_idx"),
            models.Index(fields=["filing", "state"], name="inspection_filing_state_idx"),
        ]

    def __str__(self) -> str:
        return str(
            _("Inspection of %(filing)s on %(date)s")
            % {"filing": self.filing.reference, "date": self.inspected_on.isoformat()}
        )

    @property
    def is_recorded(self) -> bool:
        return self.state == self.State.RECORDED

    @property
    def is_joint(self) -> bool:
        return self.joint_authority_id is not None

    @property
    def office_ids(self) -> frozenset[int]:
        return frozenset(a for a in (self.authority_id, self.joint_authority_id) if a)

    @property
    def offices(self) -> list[Authority]:
        return [a for a in (self.authority, self.joint_authority) if a is not None]

    @property
    def team_lines(self) -> list[str]:
        return _lines(self.team)

    @property
    def finding_lines(self) -> list[str]:
        return _lines(self.findings)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class InspectionFile(models.Model):
    """A file of the inspection (photos, the inspection record, samples), kept like evidence:
    private storage, a random name, the given name only as data, never changed. Files are
    added and removed while the inspection is a draft; recording freezes them."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(
        _("file"), storage=evidence_storage, upload_to=evidence_path, max_length=200
    )
    original_name = models.CharField(_("original name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("inspection file")
        verbose_name_plural = _("inspection files")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="inspection_file_not_empty"),
            models.UniqueConstraint(
                fields=["inspection", "sha256"], name="inspection_file_content_once"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise InspectionFrozenError("A file never changes; attach another one.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.inspection.is_recorded:
            raise InspectionFrozenError("The inspection is recorded; its files are frozen.")
        return super().delete(*args, **kwargs)


class InspectionFrozenError(RuntimeError):
    """A file of a recorded inspection was about to change or go."""
