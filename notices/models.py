"""Written notices and summons (docs/domain-rules.md#notices-and-summons): the regulator starts
the work.

A notice is drafted by one office (alone or jointly with a second office), signed by a
supervisor of each office named on it, and issued when the last signature is given. Issuing
gives it a number and a deadline and creates, for each operator it goes to, a recipient row:
the obligation the operator's officers see, acknowledge and satisfy by filing. The link from
a notice to the filings it caused lives here (notices depends on filings, never the reverse).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessments.models import evidence_path, evidence_storage
from filings.models import Filing
from platforms.models import Authority, Operator, PlannedFeature, Platform
from platforms.roles import get_actor

DEFAULT_LEGAL_BASIS = "2018 Art. 3(5)"
# The statutory period a written notice gives (2018 provisions, Art. 3(5)).
NOTICE_WORKING_DAYS = 30


class NoticeQuerySet(models.QuerySet["Notice"]):
    def issued_by_or_supervised(self, user: Any) -> NoticeQuerySet:
        """Notices the user's office drafted or issued (drafts too), and for a national office
        every issued notice (it supervises the local offices). Operators: none."""
        actor = get_actor(user)
        if not actor.is_regulator:
            return self.none()
        authority_ids = list(actor.authority_ids)
        national = Authority.objects.filter(
            pk__in=authority_ids, level=Authority.Level.NATIONAL
        ).exists()
        mine = Q(offices__authority_id__in=authority_ids)
        if national:
            mine |= Q(state=Notice.State.ISSUED)
        return self.filter(pk__in=Notice.objects.filter(mine).values("pk"))


class Notice(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft, awaiting signatures")
        ISSUED = "issued", _("Issued")

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Written notice")
        FOLLOW_UP = "follow_up", _("Follow-up notice")

    class Scope(models.TextChoices):
        LISTED = "listed", _("The services and planned features listed")
        ALL_OPINION = "all_opinion", _("All services with public-opinion attributes")

    number = models.CharField(
        pgettext_lazy("a notice's number", "number"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NOTICE)
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("follows up on"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    title = models.CharField(_("title"), max_length=200)
    reason = models.TextField(pgettext_lazy("a notice's reason", "reason"))
    legal_basis = models.CharField(_("legal basis"), max_length=200, default=DEFAULT_LEGAL_BASIS)
    scope = models.CharField(_("services concerned"), max_length=20, choices=Scope.choices)
    requires_assessment = models.BooleanField(
        _("carry out and file a security assessment"), default=True
    )
    risks_to_rectify = models.TextField(
        _("risks to rectify"), blank=True, help_text=_("One risk per line.")
    )
    requested_deadline = models.DateField(
        _("deadline set by the office"),
        null=True,
        blank=True,
        help_text=_("Empty: 30 working days from the day the notice is issued."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_provisional = models.BooleanField(_("deadline provisional"), default=False)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    # The summons meeting (约谈), optional.
    meeting_at = models.DateTimeField(_("summons meeting"), null=True, blank=True)
    meeting_place = models.CharField(_("place"), max_length=200, blank=True)
    meeting_attendees = models.TextField(_("attendees"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-created_at"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["draft", "issued"]), name="notice_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state="draft")
                | Q(number__isnull=False, deadline__isnull=False, issued_on__isnull=False),
                name="notice_issued_has_number_and_deadline",
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(_("Draft notice %(pk)s") % {"pk": self.pk})

    @property
    def is_issued(self) -> bool:
        return self.state == self.State.ISSUED

    @property
    def is_summons(self) -> bool:
        return self.meeting_at is not None

    @property
    def risks(self) -> list[str]:
        return [line.strip() for line in self.risks_to_rectify.splitlines() if line.strip()]


class NoticeOffice(models.Model):
    """An office named on the notice; its supervisor signs for it."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="offices")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    is_lead = models.BooleanField(_("lead office"), default=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        ordering = ["-is_lead", "pk"]
        verbose_name = _("issuing office")
        verbose_name_plural = _("issuing offices")
        constraints = [
            models.UniqueConstraint(fields=["notice", "authority"], name="notice_office_once"),
            models.UniqueConstraint(
                fields=["notice"], condition=Q(is_lead=True), name="notice_one_lead_office"
            ),
        ]

    def __str__(self) -> str:
        return str(self.authority)


class RecipientStatus(models.TextChoices):
    """Where an operator stands on a notice, as the campaign board shows it."""

    NOTIFIED = "notified", _("Notified")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("Assessment in progress")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    CONCLUDED = "concluded", pgettext_lazy("a notice recipient's status", "Concluded")
    OVERDUE = "overdue", _("Overdue")


class RecipientQuerySet(models.QuerySet["NoticeRecipient"]):
    def for_operator_staff(self, user: Any) -> RecipientQuerySet:
        """The issued notices addressed to the user's operator, and nothing else."""
        operator_ids = list(get_actor(user).operator_ids)
        if not operator_ids:
            return self.none()
        return self.filter(operator_id__in=operator_ids, notice__state=Notice.State.ISSUED)


class NoticeRecipient(models.Model):
    """One operator a notice goes to: the obligation it creates for that operator."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="recipients")
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        ordering = ["notice", "operator__name_en"]
        verbose_name = _("notice recipient")
        verbose_name_plural = _("notice recipients")
        constraints = [
            models.UniqueConstraint(fields=["notice", "operator"], name="notice_recipient_once")
        ]

    def __str__(self) -> str:
        return f"{self.notice} → {self.operator}"


class NoticeItem(models.Model):
    """A service (platform), or a planned feature of it, the notice concerns for one operator:
    each needs its own filing."""

    recipient = models.ForeignKey(NoticeRecipient, on_delete=models.CASCADE, related_name="items")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="+")
    planned_feature = models.ForeignKey(
        PlannedFeature, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["recipient", "platform__name_en", "pk"]
        verbose_name = _("service concerned")
        verbose_name_plural = _("services concerned")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "platform"],
                condition=Q(planned_feature__isnull=True),
                name="notice_item_service_once",
            ),
            models.UniqueConstraint(
                fields=["recipient", "planned_feature"],
                condition=Q(planned_feature__isnull=False),
                name="notice_item_feature_once",
            ),
        ]

    def __str__(self) -> str:
        if self.planned_feature is not None:
            return f"{self.platform} · {self.planned_feature.title}"
        return str(self.platform)


class NoticeFiling(models.Model):
    """A filing started from the notice (trigger 5, the notice's date and deadline)."""

    recipient = models.ForeignKey(NoticeRecipient, on_delete=models.CASCADE, related_name="filings")
    item = models.ForeignKey(
        NoticeItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="filings"
    )
    filing = models.OneToOneField(Filing, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recipient", "pk"]
        verbose_name = _("filing from a notice")
        verbose_name_plural = _("filings from notices")

    def __str__(self) -> str:
        return f"{self.recipient} · {self.filing_id}"


class NoticeReminder(models.Model):
    """One message about a recipient's obligation, per step and person: the unique row makes a
    second sweep (or two at once) a no-op. E-mail is claimed with a conditional UPDATE."""

    class Step(models.TextChoices):
        ISSUED = "issued", _("Notice received")
        BEFORE_5 = "before_5", _("5 working days before")
        BEFORE_1 = "before_1", _("1 working day before")
        DUE = "due", _("Due today")
        OVERDUE = "overdue", _("Overdue")
        ESCALATION = "escalation", pgettext_lazy("a notice reminder's step", "Escalation")

    recipient = models.ForeignKey(
        NoticeRecipient, on_delete=models.CASCADE, related_name="reminders"
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notice reminder")
        verbose_name_plural = _("notice reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "step", "user"], name="notice_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.get_step_display()} · {self.user}"


class NoticeMinutes(models.Model):
    """The summons meeting's minutes, kept like evidence: private storage, a random name, the
    given name only as data, never changed."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="minutes")
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
        verbose_name = _("summons minutes")
        verbose_name_plural = _("summons minutes")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="notice_minutes_not_empty")
        ]

    def __str__(self) -> str:
        return self.original_name
