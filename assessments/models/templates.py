"""The questionnaire: versioned templates, their sections and questions. A published
version never changes; a new one is a copy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from platforms.models import PlannedFeature


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
