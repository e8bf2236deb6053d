"""Regimes are data: a code, legal references, which features they apply to, whom the filing
goes to, the questionnaire, and deadline rules. A new regime (GDPR Art. 36, the DSA) is new
rows and a questionnaire template, not new workflow code."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from platforms.models import FEATURE_FLAGS, AuthorityKind, PlannedFeature, Trigger
from platforms.validators import default_markets, validate_markets

# Where a regime's filing goes: the office of the kind that covers the operator's region
# ("local": the most local such office; "provincial": the provincial one) or the kind's
# national office.
ADDRESSED_LEVELS = ("local", "provincial", "national")


def validate_applies_when(value: Any) -> None:
    if not isinstance(value, dict) or set(value) - {"any_flag"}:
        raise ValidationError(_('Use {} (always) or {"any_flag": ["edits_faces", ...]}.'))
    if any(flag not in FEATURE_FLAGS for flag in value.get("any_flag", [])):
        raise ValidationError(_("Unknown flag; known flags: %s") % ", ".join(FEATURE_FLAGS))


def validate_addressed(value: Any) -> None:
    """A non-empty list of {"kind": <an AuthorityKind code>, "level": "local" |
    "provincial" | "national", "stage": 1, 2, ... (optional)}. The kinds are data
    (`AuthorityKind`), so a regime addressed to a data-protection authority needs only that
    kind added in the admin; offices of a later stage review after every office of the
    earlier one has concluded."""
    if (
        not isinstance(value, list)
        or not value
        or any(not isinstance(v, dict) or not isinstance(v.get("kind"), str) for v in value)
    ):
        raise ValidationError(
            _('A list such as [{"kind": "cac", "level": "local"}], with one entry per addressee.')
        )
    kinds = set(AuthorityKind.objects.values_list("code", flat=True))
    unknown = sorted({v["kind"] for v in value} - kinds)
    if unknown:
        raise ValidationError(
            _("Unknown authority kind: %(unknown)s; known kinds: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(sorted(kinds))}
        )
    if any(v.get("level") not in ADDRESSED_LEVELS for v in value):
        raise ValidationError(_("Each addressee's level is local, provincial or national."))
    if any(set(v) - {"kind", "level", "stage"} for v in value):
        raise ValidationError(_("An addressee has a kind, a level and optionally a stage."))
    stages = [v.get("stage", 1) for v in value]
    if any(not isinstance(n, int) or isinstance(n, bool) or n < 1 for n in stages):
        raise ValidationError(_("A stage is a whole number from 1."))


class RegimeManager(models.Manager["Regime"]):
    def get_by_natural_key(self, code: str) -> Regime:
        return self.get(code=code)


class Outcome(models.TextChoices):
    NUMBER = "number", _("A filing number, published on the public register")
    CONCLUSION = "conclusion", _("Each office's written conclusion")
    ADVICE = "advice", _("Written advice")


class Regime(models.Model):
    """A legal regime as data. Its natural key is its code, so a regime ships as a JSON
    fixture (filings/fixtures/regime_gdpr_art36.json) with its rules referring to it by code."""

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
    jurisdictions = models.JSONField(
        _("jurisdictions"),
        default=default_markets,
        validators=[validate_markets],
        help_text=_(
            'The markets the regime governs, e.g. ["CN"] or ["EU"]: it applies only to '
            "features of platforms offered in one of them."
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
        blank=True,
        help_text=_("Empty for a regime whose authority issues no filing number."),
    )
    active = models.BooleanField(_("active"), default=True)

    objects = RegimeManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("regime")
        verbose_name_plural = _("regimes")

    def __str__(self) -> str:
        return self.short_name

    def natural_key(self) -> tuple[str]:
        return (self.code,)

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

    def governs(self, markets: list[str]) -> bool:
        """Whether a platform offered in `markets` falls under the regime's jurisdictions."""
        return bool(set(markets) & set(self.jurisdictions))

    def applies_to(self, feature: PlannedFeature, *, markets: list[str] | None = None) -> bool:
        """The feature's platform serves one of the regime's markets, and the feature has one
        of the flags the regime names (or it names none). `markets` stands in for the
        platform's when the caller has no platform row (the benchmark's profiles)."""
        if not self.governs(feature.platform.markets if markets is None else markets):
            return False
        flags = self.applies_when.get("any_flag")
        return True if not flags else any(getattr(feature, flag) for flag in flags)

    def reason_for(self, feature: PlannedFeature) -> str:
        """Why the regime applies, in plain words, for the officer."""
        flags = self.applies_when.get("any_flag")
        if not flags:
            if "CN" in self.jurisdictions:
                return str(_("every new function with public-opinion attributes"))
            return str(_("every new function offered in %(markets)s")) % {
                "markets": ", ".join(self.jurisdictions)
            }
        fields = PlannedFeature._meta
        found = []
        for flag in flags:
            if not getattr(feature, flag):
                continue
            field = fields.get_field(flag)
            # The flags name PlannedFeature's own boolean fields (a relation has no label).
            if isinstance(field, models.Field):
                found.append(str(field.verbose_name))
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
    """How one clock of a regime runs: from what, how long, and what stops, restarts or
    extends it. Everything the statutes vary is a field, so a new regime is rows."""

    class Anchor(models.TextChoices):
        PLANNED_LAUNCH = "planned_launch", _("planned launch date")
        TRIGGER_EVENT = "trigger_event", _("date of the triggering event")
        SUBMISSION = "submission", _("submission of complete materials")
        SERVICE_END = "service_end", _("end of the service")
        CHANGE = "change", _("change of the filed facts")

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", _("working days")
        CALENDAR_DAYS = "calendar_days", _("calendar days")
        WEEKS = "weeks", _("weeks")
        MONTHS = "months", _("months")

    class WhenReturned(models.TextChoices):
        CONTINUE = "continue", _("keeps running")
        PAUSE = "pause", _("pauses until the resubmission")
        RESTART = "restart", _("counts again in full from the complete resubmission")

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
        _("unit"),
        max_length=20,
        choices=Unit.choices,
        default=Unit.WORKING_DAYS,
        help_text=_(
            "Working days follow the regime's calendar; a week is 7 calendar days; a month "
            "ends on the same day of the month (or the month's last day)."
        ),
    )
    when_returned = models.CharField(
        _("while returned to the filer, the clock"),
        max_length=10,
        choices=WhenReturned.choices,
        default=WhenReturned.CONTINUE,
    )
    pauses_for_information = models.BooleanField(
        _("paused while information is awaited"),
        default=False,
        help_text=_("An information request to the filer stops the clock until it is answered."),
    )
    extension_amount = models.PositiveIntegerField(
        _("extension"),
        default=0,
        help_text=_("How much longer the authority may take, once; 0: no extension."),
    )
    extension_unit = models.CharField(
        _("extension unit"), max_length=20, choices=Unit.choices, blank=True
    )
    extension_notice_within_amount = models.PositiveIntegerField(
        _("notice of the extension within"),
        default=0,
        help_text=_(
            "The filer must be told of the extension within this long of the anchor; "
            "0: any time before the due date."
        ),
    )
    extension_notice_within_unit = models.CharField(
        _("notice window unit"), max_length=20, choices=Unit.choices, blank=True
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
        errors: dict[str, Any] = {}
        if not isinstance(self.triggers, list) or any(
            t not in Trigger.values for t in self.triggers
        ):
            errors["triggers"] = _("Unknown trigger.")
        if self.extension_amount and not self.extension_unit:
            errors["extension_unit"] = _("Give the unit of the extension.")
        if not self.extension_amount and (
            self.extension_unit or self.extension_notice_within_amount
        ):
            errors["extension_amount"] = _(
                "Give the length of the extension, or clear its unit and notice window."
            )
        if self.extension_notice_within_amount and not self.extension_notice_within_unit:
            errors["extension_notice_within_unit"] = _("Give the unit of the notice window.")
        if self.extension_notice_within_unit and not self.extension_notice_within_amount:
            errors["extension_notice_within_amount"] = _(
                "Give the length of the notice window, or clear its unit."
            )
        if (
            self.when_returned == self.WhenReturned.RESTART
            and self.anchor != self.Anchor.SUBMISSION
        ):
            errors["when_returned"] = _(
                "Only a clock counted from the submission can count again from the resubmission."
            )
        if errors:
            raise ValidationError(errors)

    def applies_to_trigger(self, trigger: str) -> bool:
        return not self.triggers or trigger in self.triggers

    @property
    def extendable(self) -> bool:
        return bool(self.extension_amount and self.extension_unit)

    def describe(self) -> str:
        if self.amount == 0:
            return str(_("by the %(anchor)s") % {"anchor": self.get_anchor_display()})
        text = str(
            _("%(amount)d %(unit)s after the %(anchor)s")
            % {
                "amount": self.amount,
                "unit": self.get_unit_display(),
                "anchor": self.get_anchor_display(),
            }
        )
        if self.extendable:
            text += str(
                _(", extendable by %(amount)d %(unit)s")
                % {"amount": self.extension_amount, "unit": self.get_extension_unit_display()}
            )
        return text
