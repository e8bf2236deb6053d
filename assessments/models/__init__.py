"""The answers an operator gives to the questionnaire, and their evidence. The questionnaire
itself (versioned templates, their sections and questions): `templates`.

The evidence storage callables stay here: migrations name them by this path."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from platforms.models import PlannedFeature
from platforms.roles import get_actor

from .templates import (
    FrozenWithTemplate,
    Question,
    QuestionManager,
    Section,
    SectionManager,
    Template,
    TemplateError,
    TemplateManager,
)


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def visible_to(self, user: Any) -> AssessmentQuerySet:
        """Operator staff see their operator's; regulators see them through filings."""
        if not user.is_authenticated:
            return self.none()
        actor = get_actor(user)
        return self.filter(planned_feature__platform__operator_id__in=actor.operator_ids)


class Assessment(models.Model):
    class Method(models.TextChoices):
        SELF = "self", _("Self-assessment")
        THIRD_PARTY = "third_party", _("Third-party agency")

    class Risk(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    planned_feature = models.ForeignKey(
        PlannedFeature, on_delete=models.PROTECT, related_name="assessments"
    )
    template = models.ForeignKey(Template, on_delete=models.PROTECT, related_name="assessments")
    method = models.CharField(
        _("method"), max_length=20, choices=Method.choices, default=Method.SELF
    )
    agency_name = models.CharField(_("third-party agency"), max_length=200, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    residual_risk = models.CharField(
        _("residual risk"), max_length=10, choices=Risk.choices, blank=True
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    # An officer's request that the signatory sign (filings.services.signoff); cleared when
    # the assessment is signed. The trail keeps every request.
    signoff_requested_at = models.DateTimeField(_("sign-off requested"), null=True, blank=True)
    signoff_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sign-off requested by"),
    )
    signoff_note = models.TextField(_("note to the signatory"), blank=True)
    signoff_reminded_at = models.DateTimeField(_("signatory reminded"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["planned_feature", "template"], name="assessment_once_per_template"
            ),
            models.CheckConstraint(
                condition=Q(signed_by__isnull=True, signed_at__isnull=True)
                | Q(signed_by__isnull=False, signed_at__isnull=False),
                name="assessment_signature_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.planned_feature} · {self.template}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def applicable_questions(self) -> models.QuerySet[Question]:
        sections = [
            s.pk for s in self.template.sections.all() if s.applies_to(self.planned_feature)
        ]
        return Question.objects.filter(section_id__in=sections).select_related("section")


class Answer(models.Model):
    class Rating(models.TextChoices):
        NONE = "none", _("No risk found")
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(_("answer"), null=True, blank=True)
    risk_rating = models.CharField(
        _("risk rating"), max_length=10, choices=Rating.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    # An operator-scoped answer copied from the operator's last accepted assessment: it counts
    # only once an officer confirms it (or changes it), and says who did and when.
    prefilled_from = models.ForeignKey(
        Assessment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pre-filled from"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["question__section__order", "question__order"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="answer_once"),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(prefilled_from__isnull=False),
                name="answer_confirms_a_prefill",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value!r}"

    @property
    def is_answered(self) -> bool:
        return self.value not in (None, "", [])

    @property
    def needs_confirmation(self) -> bool:
        """Pre-filled from an earlier assessment and not yet confirmed or changed."""
        return self.prefilled_from_id is not None and self.confirmed_at is None


class _EvidenceStorage(Storage):
    """Looks up the "evidence" storage at each use. FileField evaluates its storage callable
    once, at import; without this, a changed STORAGES setting (each test's temporary
    directory) would be ignored and files would land in the configured location."""

    def __getattribute__(self, name: str) -> Any:
        if name.startswith("__"):
            return object.__getattribute__(self, name)
        return getattr(storages["evidence"], name)


def evidence_storage() -> Any:
    return _EvidenceStorage()


def evidence_path(instance: Evidence, filename: str) -> str:
    # A random name: the original name is data, never a path.
    return f"{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}"


class EvidenceQuerySet(models.QuerySet["Evidence"]):
    def visible_to(self, user: Any) -> EvidenceQuerySet:
        """Operator staff see their operator's evidence, the files taken off a draft but
        kept for a filed revision included; admins do not (confidential)."""
        if not user.is_authenticated:
            return self.none()
        operators = get_actor(user).operator_ids
        return self.filter(
            Q(answer__assessment__planned_feature__platform__operator_id__in=operators)
            | Q(detached_from__assessment__planned_feature__platform__operator_id__in=operators)
        )

    def library_of(self, operator_id: int) -> EvidenceQuerySet:
        """The operator's files attached to an answer of any of its assessments: what an
        officer may attach again without uploading it (assessments.evidence)."""
        return self.filter(answer__assessment__planned_feature__platform__operator_id=operator_id)


class Evidence(models.Model):
    class Classification(models.TextChoices):
        PUBLIC = "public", _("Public")
        CONFIDENTIAL = "confidential", _("Confidential")
        PERSONAL_DATA = "personal_data", _("Contains personal data")

    # The answer the file is evidence for. A file taken off a draft's answer that a filed
    # revision names is detached instead of deleted: `answer` empty, `detached_from` the
    # answer it was on, so no current list counts it while regulators still download it
    # (assessments.evidence).
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    detached_from = models.ForeignKey(
        Answer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="detached_evidence",
        verbose_name=_("taken off"),
    )
    detached_at = models.DateTimeField(_("taken off at"), null=True, blank=True)
    detached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(
        _("file"), storage=evidence_storage, upload_to=evidence_path, max_length=200
    )
    original_name = models.CharField(_("original name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("type"), max_length=100)
    classification = models.CharField(
        _("classification"),
        max_length=20,
        choices=Classification.choices,
        default=Classification.CONFIDENTIAL,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="evidence_not_empty"),
            models.CheckConstraint(
                condition=Q(answer__isnull=False, detached_from__isnull=True, detached_at=None)
                | Q(answer__isnull=True, detached_from__isnull=False, detached_at__isnull=False),
                name="evidence_attached_or_detached",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def held_by(self) -> Answer:
        """The answer the file is, or was until detached, evidence for."""
        return self.answer if self.answer_id is not None else self.detached_from  # type: ignore[return-value]  # a constraint sets one

    @property
    def is_detached(self) -> bool:
        return self.answer_id is None


__all__ = [
    "Answer",
    "Assessment",
    "AssessmentQuerySet",
    "Evidence",
    "EvidenceQuerySet",
    "FrozenWithTemplate",
    "Question",
    "QuestionManager",
    "Section",
    "SectionManager",
    "Template",
    "TemplateError",
    "TemplateManager",
    "evidence_path",
    "evidence_storage",
]
