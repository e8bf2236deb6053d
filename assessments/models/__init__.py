"""The questionnaire (versioned templates) and the answers an operator gives to it."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from platforms.models import PlannedFeature
from platforms.roles import get_actor


class TemplateError(RuntimeError):
    """A published questionnaire version was about to change."""


def _localised(obj: Any, field: str) -> str:
    zh, en = getattr(obj, f"{field}_zh"), getattr(obj, f"{field}_en")
    return zh if (get_language() or "").startswith("zh") or not en else en


class TemplateManager(models.Manager["Template"]):
    def get_by_natural_key(self, code: str, version: int) -> Template:
        return self.get(code=code, version=version)


class SectionManager(models.Manager["Section"]):
    def get_by_natural_key(self, code: str, version: int, section: str) -> Section:
        return self.get(template__code=code, template__version=version, code=section)


class QuestionManager(models.Manager["Question"]):
    def get_by_natural_key(self, code: str, version: int, section: str, question: str) -> Question:
        return self.get(
            section__template__code=code,
            section__template__version=version,
            section__code=section,
            code=question,
        )


class Template(models.Model):
    """One version of a questionnaire. A published version never changes; edit a copy.

    Natural keys (code, version; + section code; + question code) let a questionnaire ship
    as a JSON fixture beside a regime's (filings/fixtures/regime_gdpr_art36.json)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TemplateManager()

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("questionnaire template")
        verbose_name_plural = _("questionnaire templates")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="template_version_unique"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="template_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    _IDENTITY = ("code", "version", "name_zh", "name_en")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            stored = Template.objects.filter(pk=self.pk).values("status", *self._IDENTITY)
            old = stored.first()
            # Only the status may move on (published -> retired) once a version is published;
            # back to draft would make its sections and questions editable again.
            if (
                old
                and old["status"] != self.Status.DRAFT
                and (
                    self.status == self.Status.DRAFT
                    or any(old[f] != getattr(self, f) for f in self._IDENTITY)
                )
            ):
                raise TemplateError("A published template version never changes; copy it.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        # The cascade would delete its sections and questions without asking them.
        if Template.objects.filter(pk=self.pk).exclude(status=self.Status.DRAFT).exists():
            raise TemplateError("A published template version is never deleted; retire it.")
        return super().delete(*args, **kwargs)

    def natural_key(self) -> tuple[str, int]:
        return (self.code, self.version)

    @property
    def name(self) -> str:
        return _localised(self, "name")

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT


class FrozenWithTemplate(models.Model):
    """Sections and questions refuse changes once their template version is published."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._template().is_frozen:
            raise TemplateError("A published template version never changes; copy it.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self._template().is_frozen:
            raise TemplateError("A published template version never changes; copy it.")
        return super().delete(*args, **kwargs)

    def _template(self) -> Template:
        raise NotImplementedError


class Section(FrozenWithTemplate):
    class AppliesWhen(models.TextChoices):
        ALWAYS = "always", _("Every filing")
        DEEP_SYNTHESIS = "deep_synthesis", _("Deep synthesis, face or voice editing, or AIGC")

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("code"), max_length=10)
    order = models.PositiveIntegerField(_("order"))
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    legal_reference = models.CharField(_("legal reference"), max_length=100, blank=True)
    applies_when = models.CharField(
        _("applies"), max_length=20, choices=AppliesWhen.choices, default=AppliesWhen.ALWAYS
    )

    objects = SectionManager()

    class Meta:
        ordering = ["template", "order"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="section_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def natural_key(self) -> tuple[str, int, str]:
        return (*self.template.natural_key(), self.code)

    natural_key.dependencies = ["assessments.template"]  # type: ignore[attr-defined]  # read by dumpdata

    @property
    def title(self) -> str:
        return _localised(self, "title")

    def _template(self) -> Template:
        return self.template

    def applies_to(self, feature: PlannedFeature) -> bool:
        if self.applies_when == self.AppliesWhen.DEEP_SYNTHESIS:
            return feature.needs_deep_synthesis_section
        return True


class Question(FrozenWithTemplate):
    class AnswerType(models.TextChoices):
        TEXT = "text", _("Text")
        YES_NO = "yes_no", _("Yes / no")
        CHOICE = "choice", _("Choice")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")

    class Scope(models.TextChoices):
        # What the answer is about. An operator's answer (its security lead, its log
        # retention, its complaint handling) is pre-filled in its next assessment from the
        # last accepted one, for the officer to confirm (filings/services/prefill.py).
        FEATURE = "feature", _("This feature")
        OPERATOR = "operator", _("The operator as a whole")

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("code"), max_length=10)
    order = models.PositiveIntegerField(_("order"))
    text_zh = models.TextField(_("question (Chinese)"))
    text_en = models.TextField(_("question (English)"))
    help_zh = models.TextField(_("help (Chinese)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=100)
    answer_type = models.CharField(_("answer type"), max_length=10, choices=AnswerType.choices)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    scope = models.CharField(
        _("answer concerns"), max_length=10, choices=Scope.choices, default=Scope.FEATURE
    )

    objects = QuestionManager()

    class Meta:
        ordering = ["section__order", "order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="question_code_unique"),
            models.CheckConstraint(
                condition=Q(answer_type__in=["text", "yes_no", "choice", "number", "date"]),
                name="question_answer_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"

    def natural_key(self) -> tuple[str, int, str, str]:
        return (*self.section.natural_key(), self.code)

    natural_key.dependencies = ["assessments.section"]  # type: ignore[attr-defined]  # read by dumpdata

    @property
    def text(self) -> str:
        return _localised(self, "text")

    @property
    def help(self) -> str:
        return _localised(self, "help")

    def _template(self) -> Template:
        return self.section.template

    def clean(self) -> None:
        if self.answer_type == self.AnswerType.CHOICE and not self.choices:
            raise ValidationError({"choices": _("A choice question needs its choices.")})

    def choice_pairs(self) -> list[tuple[str, str]]:
        zh = (get_language() or "").startswith("zh")
        return [(c["value"], c["label_zh"] if zh else c["label_en"]) for c in self.choices]

    def display_value(self, value: Any) -> str:
        """A stored answer as a reader sees it, in their language: yes or no, the label of
        a choice (never its code), anything else as it was given."""
        if value is None or value == "":
            return ""
        if self.answer_type == self.AnswerType.YES_NO:
            yes = value is True or str(value).lower() in ("yes", "true", "1")
            return str(_("Yes") if yes else _("No"))
        if self.answer_type == self.AnswerType.CHOICE:
            return dict(self.choice_pairs()).get(value, str(value))
        return str(value)


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
