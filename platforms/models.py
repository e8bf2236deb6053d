"""Who and what is regulated, and who regulates. Nothing here imports the other apps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypedDict, get_args

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .validators import default_markets, validate_markets, validate_region_code, validate_uscc


def _actor(user: Any) -> Any:
    from .roles import get_actor  # roles reads Membership, defined below

    return get_actor(user)


class Bilingual(models.Model):
    """A name kept in Chinese and English; shown in the reader's language."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "").startswith("zh") or not self.name_en:
            return self.name_zh
        return self.name_en


class Role(models.TextChoices):
    OFFICER = "officer", _("Compliance officer")
    SIGNATORY = "signatory", _("Operator signatory")
    REVIEWER = "reviewer", _("Reviewer")
    SUPERVISOR = "supervisor", _("Supervisor")


OPERATOR_ROLES = frozenset({Role.OFFICER, Role.SIGNATORY})
AUTHORITY_ROLES = frozenset({Role.REVIEWER, Role.SUPERVISOR})


class OperatorQuerySet(models.QuerySet["Operator"]):
    def visible_to(self, user: Any) -> OperatorQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(pk__in=_actor(user).operator_ids)


class Operator(Bilingual):
    """A company that runs platforms (the filer)."""

    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    region_code = models.CharField(
        _("region code"), max_length=6, validators=[validate_region_code], db_index=True
    )
    security_lead_name = models.CharField(_("security lead"), max_length=100, blank=True)
    security_lead_email = models.EmailField(_("security lead e-mail"), blank=True)
    security_lead_phone = models.CharField(_("security lead phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OperatorQuerySet.as_manager()

    class Meta:
        ordering = ["name_en", "name_zh"]
        verbose_name = _("operator")
        verbose_name_plural = _("operators")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.uscc = self.uscc.upper()
        super().save(*args, **kwargs)


class AuthorityKindManager(models.Manager["AuthorityKind"]):
    def get_by_natural_key(self, code: str) -> AuthorityKind:
        return self.get(code=code)


class AuthorityKind(Bilingual):
    """A kind of regulator (a cyberspace administration, public security, a data-protection
    authority): data an admin adds, so a regime addressed to a new kind needs no code."""

    code = models.SlugField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_(
            "Lower case letters, digits and underscores, e.g. data_protection. Regimes name "
            "the kind by this code in “addressed to”; it cannot change once offices use it."
        ),
    )

    objects = AuthorityKindManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("authority kind")
        verbose_name_plural = _("authority kinds")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    @property
    def in_use(self) -> bool:
        return Authority.objects.filter(kind=self.code).exists()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.in_use:
            raise ValidationError(
                _("Offices of this kind exist; it cannot be deleted while they do.")
            )
        return super().delete(*args, **kwargs)


def authority_kind_label(code: str) -> str:
    """The kind's name in the reader's language, or its code when it is not (yet) a row."""
    kind = AuthorityKind.objects.filter(code=code).first()
    return kind.name if kind is not None else code


def validate_authority_kind(value: str) -> None:
    if not AuthorityKind.objects.filter(code=value).exists():
        known = ", ".join(AuthorityKind.objects.values_list("code", flat=True))
        raise ValidationError(
            _(
                "Unknown authority kind “%(kind)s”; known kinds: %(known)s. An admin adds kinds "
                "under Authority kinds."
            ),
            code="authority_kind",
            params={"kind": value, "known": known},
        )


class Authority(Bilingual):
    """A regulator's office: a cyberspace administration, public security, or any other kind
    an admin has added (`AuthorityKind`)."""

    class Kind(models.TextChoices):
        """The codes of the kinds that ship with the system (a migration creates their rows);
        `kind` holds any `AuthorityKind.code`."""

        CAC = "cac", _("Cyberspace administration")
        PUBLIC_SECURITY = "public_security", _("Public security")

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        CITY = "city", _("City")

    # The kind's code rather than a foreign key: code everywhere compares and filters
    # `kind` with "cac" / "public_security", and the validator (and the admin's choice list)
    # keep it to the kinds that exist; AuthorityKind.delete refuses a kind in use.
    kind = models.CharField(_("kind"), max_length=20, validators=[validate_authority_kind])
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    region_code = models.CharField(
        _("region code"), max_length=6, validators=[validate_region_code], db_index=True
    )
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["kind", "level", "region_code"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["national", "provincial", "city"]),
                name="authority_level_valid",
            ),
        ]

    @property
    def kind_label(self) -> str:
        return authority_kind_label(self.kind)

    def covers_region(self, region_code: str) -> bool:
        """Whether an operator registered in `region_code` falls under this office."""
        if self.level == self.Level.NATIONAL:
            return True
        digits = 2 if self.level == self.Level.PROVINCIAL else 4
        return region_code[:digits] == self.region_code[:digits]


class Membership(models.Model):
    """Links a user to one operator or one authority, with a role there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    operator = models.ForeignKey(
        Operator, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    authority = models.ForeignKey(
        Authority, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="membership_one_role_once"),
            # Operator roles go with an operator, regulator roles with an authority.
            models.CheckConstraint(
                condition=(
                    Q(
                        role__in=["officer", "signatory"],
                        operator__isnull=False,
                        authority__isnull=True,
                    )
                    | Q(
                        role__in=["reviewer", "supervisor"],
                        authority__isnull=False,
                        operator__isnull=True,
                    )
                ),
                name="membership_role_matches_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.operator or self.authority}"

    def clean(self) -> None:
        others = Membership.objects.filter(user_id=self.user_id).exclude(pk=self.pk)
        if self.role in OPERATOR_ROLES and not self.operator_id:
            raise ValidationError({"operator": _("This role belongs to an operator.")})
        if self.role in AUTHORITY_ROLES and not self.authority_id:
            raise ValidationError({"authority": _("This role belongs to an authority.")})
        if self.operator_id and self.authority_id:
            raise ValidationError(_("A membership is with an operator or an authority, not both."))
        # None matches NULL here: the same organisation, whichever of the two it is.
        same = Q(operator_id=self.operator_id, authority_id=self.authority_id)
        if others.exclude(same).exists():
            raise ValidationError(
                _("A user belongs to one organisation; this user already has another.")
            )


class UserPreference(models.Model):
    """What a person chose for themselves: the language their pages, notifications and
    e-mails are in (empty: the language the browser asks for, else the site's)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference"
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return f"{self.user} · {self.language or '-'}"


def language_of(user: Any) -> str:
    """The language to write to `user` in (e-mails, notifications made for them)."""
    chosen = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return chosen or settings.LANGUAGE_CODE


class FeatureTag(models.TextChoices):
    FORUM = "forum", _("Forum")
    CHAT_ROOM = "chat_room", _("Chat room")
    GROUP = "group", _("Group")
    PUBLIC_ACCOUNT = "public_account", _("Public account")
    SHORT_VIDEO = "short_video", _("Short video")
    LIVE = "live", _("Live streaming")
    VOICE_ROOM = "voice_room", _("Voice room")
    MINI_PROGRAM = "mini_program", _("Mini-program")
    DEEP_SYNTHESIS = "deep_synthesis", _("Deep synthesis")


def validate_feature_tags(value: Any) -> None:
    if not isinstance(value, list) or any(t not in FeatureTag.values for t in value):
        raise ValidationError(_("Unknown feature tag."), code="feature_tags")


class PlatformQuerySet(models.QuerySet["Platform"]):
    def visible_to(self, user: Any) -> PlatformQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(operator_id__in=_actor(user).operator_ids)


class Platform(Bilingual):
    class Form(models.TextChoices):
        APP = "app", _("App")
        WEBSITE = "website", _("Website")
        MINI_PROGRAM = "mini_program", _("Mini-program")
        ACCOUNT = "account", _("Account")
        API = "api", _("API")

    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="platforms")
    form = models.CharField(_("form"), max_length=20, choices=Form.choices)
    url = models.URLField(_("link"), blank=True)
    feature_tags = models.JSONField(
        _("feature tags"), default=list, blank=True, validators=[validate_feature_tags]
    )
    description = models.TextField(_("description"), blank=True)
    markets = models.JSONField(
        _("markets"),
        default=default_markets,
        validators=[validate_markets],
        help_text=_(
            'Where the platform is offered, e.g. ["CN"] or ["CN", "EU"]. A regime applies '
            "only to features of platforms offered in its jurisdictions."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlatformQuerySet.as_manager()

    if TYPE_CHECKING:
        # Not columns: set on the instances a page lists, by the code named.
        register_url: str  # filings.views.officer
        form_label: str  # filings.views.officer

    class Meta:
        ordering = ["operator", "name_en"]
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")
        constraints = [
            models.UniqueConstraint(fields=["operator", "name_zh"], name="platform_name_unique")
        ]

    def latest_user_count(self) -> PlatformUserCount | None:
        return self.user_counts.order_by("-as_of").first()


class PlatformUserCount(models.Model):
    """Registered and monthly active users on a date: a marked growth can trigger a filing."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="user_counts")
    as_of = models.DateField(_("as of"))
    registered_users = models.PositiveBigIntegerField(_("registered users"))
    monthly_active_users = models.PositiveBigIntegerField(_("monthly active users"))

    class Meta:
        ordering = ["platform", "-as_of"]
        verbose_name = _("user count")
        verbose_name_plural = _("user counts")
        constraints = [
            models.UniqueConstraint(fields=["platform", "as_of"], name="user_count_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.as_of}: {self.monthly_active_users:,} MAU"


class Trigger(models.TextChoices):
    LAUNCH = "launch", _("Launch of the service or function")
    NEW_TECHNOLOGY = "new_technology", _("New technology that materially changes it")
    USER_GROWTH = "user_growth", _("Marked growth in users")
    HARMFUL_CONTENT = "harmful_content", _("Spread of harmful content (controls failed)")
    AUTHORITY_NOTICE = "authority_notice", _("Written notice from an authority")


# Triggers that require the filing before launch; the others count from the event.
PRE_LAUNCH_TRIGGERS = frozenset({Trigger.LAUNCH, Trigger.NEW_TECHNOLOGY})

# The planned feature's flags, by field name, as regimes' applicability rules refer to them.
FeatureFlag = Literal[
    "is_deep_synthesis",
    "edits_faces",
    "edits_voices",
    "is_generative_ai",
    "is_recommendation",
]
FEATURE_FLAGS: tuple[FeatureFlag, ...] = get_args(FeatureFlag)


class FeatureFlags(TypedDict, total=False):
    """Flags by name (FEATURE_FLAGS), as forms hand them to the services."""

    is_deep_synthesis: bool
    edits_faces: bool
    edits_voices: bool
    is_generative_ai: bool
    is_recommendation: bool


class PlannedFeatureQuerySet(models.QuerySet["PlannedFeature"]):
    def visible_to(self, user: Any) -> PlannedFeatureQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(platform__operator_id__in=_actor(user).operator_ids)


class PlannedFeature(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        LAUNCHED = "launched", _("Launched")
        ENDED = "ended", _("Ended")
        ABANDONED = "abandoned", _("Abandoned")

    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="features")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    trigger = models.CharField(_("trigger"), max_length=30, choices=Trigger.choices)
    trigger_date = models.DateField(
        _("date of the triggering event"),
        null=True,
        blank=True,
        help_text=_("For user growth, harmful content or a notice: when it happened."),
    )
    is_deep_synthesis = models.BooleanField(_("deep synthesis"), default=False)
    edits_faces = models.BooleanField(_("edits faces"), default=False)
    edits_voices = models.BooleanField(_("edits voices"), default=False)
    is_generative_ai = models.BooleanField(_("generative AI"), default=False)
    is_recommendation = models.BooleanField(_("recommendation algorithm"), default=False)
    planned_launch_date = models.DateField(_("planned launch date"))
    launched_on = models.DateField(_("launched on"), null=True, blank=True)
    ended_on = models.DateField(_("service ended on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlannedFeatureQuerySet.as_manager()

    if TYPE_CHECKING:
        # Not columns: set on the instances a page lists, by the code named.
        url: str  # filings.views.officer

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("planned feature")
        verbose_name_plural = _("planned features")
        constraints = [
            models.CheckConstraint(
                condition=Q(trigger__in=["launch", "new_technology"])
                | Q(trigger_date__isnull=False),
                name="feature_event_trigger_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.platform} · {self.title}"

    def clean(self) -> None:
        if self.trigger not in PRE_LAUNCH_TRIGGERS and not self.trigger_date:
            raise ValidationError(
                {"trigger_date": _("Give the date of the event that triggers the assessment.")}
            )

    @property
    def flags(self) -> dict[str, bool]:
        return {name: getattr(self, name) for name in FEATURE_FLAGS}

    @property
    def needs_deep_synthesis_section(self) -> bool:
        return (
            self.is_deep_synthesis
            or self.edits_faces
            or self.edits_voices
            or (self.is_generative_ai)
        )
