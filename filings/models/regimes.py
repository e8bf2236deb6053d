"""Regimes are data: a code, legal references, which features they apply to, whom the filing
goes to, the questionnaire, and deadline rules. A new regime (GDPR Art. 36, the DSA) is new
rows and a questionnaire template, not new workflow code."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from platforms.models import FEATURE_FLAGS, PlannedFeature, Trigger


def validate_applies_when(value: Any) -> None:
    if not isinstance(value, dict) or set(value) - {"any_flag"}:
        raise ValidationError(_('Use {} (always) or {"any_flag": ["edits_faces", ...]}.'))
    if any(flag not in FEATURE_FLAGS for flag in value.get("any_flag", [])):
        raise ValidationError(_("Unknown flag; known flags: %s") % ", ".join(FEATURE_FLAGS))


def validate_addressed(value: Any) -> None:
    kinds, levels = {"cac", "public_security"}, {"local", "provincial", "national"}
    if (
        not isinstance(value, list)
        or not value
        or any(
            not isinstance(v, dict)
            or v.get("kind") not in kinds
            or v.get("level") not in levels
            or set(v) - {"kind", "level", "stage"}
            or not isinstance(v.get("stage", 1), int)
            or isinstance(v.get("stage", 1), bool)
            or v.get("stage", 1) < 1
            for v in value
        )
    ):
        raise ValidationError(
            _(
                'A list such as [{"kind": "cac", "level": "local"}]; kind cac or '
                "public_security, level local (the most local office), provincial or "
                "national, and optionally a stage (1, 2, ...: offices of a later stage "
                "review after every office of the earlier one)."
            )
        )


class Outcome(models.TextChoices):
    NUMBER = "number", _("A filing number, published on the public register")
    CONCLUSION = "conclusion", _("Each office's written conclusion")
    ADVICE = "advice", _("Written advice")


class Regime(models.Model):
    Outcome = Outcome

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    short_name_en = models.CharField(_("short name (English)"), max_length=60)
    short_name_zh = models.CharField(_("short name (Chinese)"), max_length=60)
    legal_references = models.TextField(_("legal references"))
    calendar = models.CharField(
        _("calendar"),
        max_length=20,
        default="CN",
        help_text=_("CN: Chinese working days. Rules in calendar days ignore it."),
    )
    applies_when = models.JSONField(
        _("applies when"),
        default=dict,
        blank=True,
        validators=[validate_applies_when],
        help_text=_('{} for every planned feature, or {"any_flag": [...]}.'),
    )
    addressed_to = models.JSONField(
        _("addressed to"),
        validators=[validate_addressed],
        help_text=_(
            'The authorities that receive the filing, e.g. [{"kind": "cac", '
            '"level": "local"}, {"kind": "public_security", "level": "local"}].'
        ),
    )
    template_code = models.SlugField(_("questionnaire"), max_length=60)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=Outcome.choices,
        default=Outcome.CONCLUSION,
        help_text=_(
            "What the review ends in: a filing number on the register (the last stage "
            "decides), each office's written conclusion, or written advice."
        ),
    )
    filing_number_prefix = models.CharField(
        _("filing number prefix"),
        max_length=20,
        default="网信算备",
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("regime")
        verbose_name_plural = _("regimes")

    def __str__(self) -> str:
        return self.short_name

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en

    @property
    def short_name(self) -> str:
        zh = (get_language() or "").startswith("zh")
        return self.short_name_zh if zh else self.short_name_en

    def stage_of(self, kind: str, level: str) -> int:
        """The review stage of an office of this kind and level (1 unless the regime's
        addressees say otherwise)."""
        for target in self.addressed_to:
            matches = target["level"] == level or (
                target["level"] == "local" and level != "national"
            )
            if target["kind"] == kind and matches:
                return int(target.get("stage", 1))
        return 1

    def applies_to(self, feature: PlannedFeature) -> bool:
        flags = self.applies_when.get("any_flag")
        return True if not flags else any(getattr(feature, flag) for flag in flags)

    def reason_for(self, feature: PlannedFeature) -> str:
        """Why the regime applies, in plain words, for the officer."""
        flags = self.applies_when.get("any_flag")
        if not flags:
            return str(_("every new function with public-opinion attributes"))
        fields = PlannedFeature._meta
        found = [str(fields.get_field(f).verbose_name) for f in flags if getattr(feature, f)]
        return ", ".join(found)


class DeadlineKind(models.TextChoices):
    FILING = "filing", _("File the assessment")
    REVIEW = "review", _("Review and decide")
    INFORMATION = "information", _("Answer the information request")
    RECTIFICATION = "rectification", _("Complete the rectification")
    CHANGE = "change", _("File the change")
    CANCELLATION = "cancellation", _("File the cancellation")
    REASSESSMENT = "reassessment", _("File a new assessment")


# Who must act before each kind of deadline.
OPERATOR_DEADLINES = frozenset(
    {
        DeadlineKind.FILING,
        DeadlineKind.INFORMATION,
        DeadlineKind.RECTIFICATION,
        DeadlineKind.CHANGE,
        DeadlineKind.CANCELLATION,
        DeadlineKind.REASSESSMENT,
    }
)


class DeadlineRule(models.Model):
    class Anchor(models.TextChoices):
        PLANNED_LAUNCH = "planned_launch", _("planned launch date")
        TRIGGER_EVENT = "trigger_event", _("date of the triggering event")
        SUBMISSION = "submission", _("submission of complete materials")
        SERVICE_END = "service_end", _("end of the service")
        CHANGE = "change", _("change of the filed facts")

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", _("working days")
        CALENDAR_DAYS = "calendar_days", _("calendar days")

    regime = models.ForeignKey(Regime, on_delete=models.CASCADE, related_name="deadline_rules")
    kind = models.CharField(_("deadline"), max_length=20, choices=DeadlineKind.choices)
    triggers = models.JSONField(
        _("triggers"),
        default=list,
        blank=True,
        help_text=_("The triggers this rule is for; empty for all."),
    )
    anchor = models.CharField(_("counted from"), max_length=20, choices=Anchor.choices)
    amount = models.PositiveIntegerField(_("amount"), help_text=_("0: on the anchor day."))
    unit = models.CharField(
        _("unit"), max_length=20, choices=Unit.choices, default=Unit.WORKING_DAYS
    )
    pauses_when_returned = models.BooleanField(
        _("paused while returned to the filer"), default=False
    )
    statutory = models.BooleanField(
        _("statutory"),
        default=True,
        help_text=_("Unticked: an internal service level, not a legal deadline."),
    )
    legal_reference = models.CharField(_("legal reference"), max_length=200, blank=True)

    class Meta:
        ordering = ["regime", "kind"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")

    def __str__(self) -> str:
        return self.describe()

    def clean(self) -> None:
        if not isinstance(self.triggers, list) or any(
            t not in Trigger.values for t in self.triggers
        ):
            raise ValidationError({"triggers": _("Unknown trigger.")})

    def applies_to_trigger(self, trigger: str) -> bool:
        return not self.triggers or trigger in self.triggers

    def describe(self) -> str:
        if self.amount == 0:
            return str(_("by the %(anchor)s") % {"anchor": self.get_anchor_display()})
        return str(
            _("%(amount)d %(unit)s after the %(anchor)s")
            % {
                "amount": self.amount,
                "unit": self.get_unit_display(),
                "anchor": self.get_anchor_display(),
            }
        )
