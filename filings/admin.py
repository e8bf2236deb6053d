"""Regimes and their deadline rules are data an admin edits; filings are shown read-only:
decisions are taken in the workflow, by regulators, never here.

Admins read metadata only (who, when, what kind, which state), never what a filing says:
answers, comments, information requests and their answers, reasons and notification texts
reach the outbox payload, notifications and deadlines, so those pages name their fields
instead of showing every column (tests/security/test_admin_contents.py)."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms.models import PlannedFeature

from . import services
from .models import (
    Deadline,
    DeadlineRule,
    Filing,
    Notification,
    OfficeReview,
    OutboxMessage,
    Regime,
)


class DeadlineRuleInline(admin.StackedInline):
    model = DeadlineRule
    extra = 0
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "triggers",
                    ("anchor", "amount", "unit"),
                    "statutory",
                    "legal_reference",
                ]
            },
        ),
        (_("Pauses"), {"fields": ["when_returned", "pauses_for_information"]}),
        (
            _("Extension"),
            {
                "fields": [
                    ("extension_amount", "extension_unit"),
                    ("extension_notice_within_amount", "extension_notice_within_unit"),
                ]
            },
        ),
    ]


@admin.register(Regime)
class RegimeAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "short_name_en",
        "jurisdictions",
        "template_code",
        "calendar",
        "active",
    ]
    list_filter = ["active"]
    search_fields = ["code", "name_zh", "name_en"]
    inlines = [DeadlineRuleInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DeadlineInline(admin.TabularInline):
    model = Deadline
    extra = 0
    readonly_fields = (
        "kind",
        "rule_text",
        "anchor_date",
        "due_date",
        "provisional",
        "extended_at",
        "status",
    )
    fields = readonly_fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OfficeReviewInline(admin.TabularInline):
    model = OfficeReview
    extra = 0
    readonly_fields = ("authority", "stage", "state", "assignee", "conclusion", "concluded_at")
    fields = readonly_fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Filing)
class FilingAdmin(ReadOnlyAdmin):
    list_display = [
        "reference",
        "operator",
        "platform",
        "regime",
        "state",
        "filing_number",
        "last_submitted_at",
    ]
    list_filter = ["state", "regime", "authorities"]
    search_fields = [
        "reference",
        "filing_number",
        "planned_feature__title",
        "operator__name_zh",
        "operator__name_en",
        "platform__name_zh",
    ]
    list_select_related = ["operator", "platform", "regime"]
    inlines = [OfficeReviewInline, DeadlineInline]


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ["filing", "kind", "due_date", "provisional", "status", "paused_since"]
    list_filter = ["kind", "status", "provisional"]
    list_select_related = ["filing__planned_feature"]
    date_hierarchy = "due_date"
    # Not the regulator's reasons for an extension: they are the filing's business.
    fields = [
        "filing",
        "kind",
        "rule_text",
        "anchor_date",
        ("amount", "unit"),
        "paused_working_days",
        "paused_since",
        "due_date",
        "provisional",
        "status",
        "met_at",
        ("extension_amount", "extension_unit"),
        "extended_at",
        "extended_by",
        "created_at",
    ]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    """Pending and failed events: what the sweep has not delivered yet. The payload carries
    the text of a comment, an answer or reasons: only its kind and filing are shown."""

    list_display = [
        "id",
        "topic",
        "event",
        "created_at",
        "published_at",
        "processed_at",
        "attempts",
        "last_error",
    ]
    list_filter = ["topic"]
    fields = [
        "topic",
        "event",
        "created_at",
        "published_at",
        "processed_at",
        "attempts",
        "last_error",
    ]
    readonly_fields = ["event"]

    @admin.display(description=_("event"))
    def event(self, obj: OutboxMessage) -> str:
        payload = obj.payload if isinstance(obj.payload, dict) else {}
        action, filing_id = payload.get("action", ""), payload.get("filing_id")
        return f"{action} · {_('filing')} {filing_id}" if filing_id else str(action)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Who was told what kind of thing when, and how the e-mail went; not the message,
    which quotes answers, comments and reasons."""

    list_display = [
        "recipient",
        "verb",
        "step",
        "filing",
        "created_at",
        "read_at",
        "emailed_at",
        "email_attempts",
        "failed_at",
        "withdrawn_at",
        "email_error",
    ]
    list_filter = ["verb", "step", ("failed_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__username"]
    fields = [
        "recipient",
        "filing",
        "deadline",
        "step",
        "verb",
        "created_at",
        "read_at",
        "emailed_at",
        "claimed_at",
        "email_attempts",
        "email_error",
        "failed_at",
        "withdrawn_at",
    ]


@admin.register(PlannedFeature)
class PlannedFeatureAdmin(admin.ModelAdmin):
    """Saving a new feature here plans its filings, exactly as the officer's form does."""

    list_display = ["title", "platform", "trigger", "planned_launch_date", "status"]
    list_filter = ["trigger", "status", "is_deep_synthesis", "edits_faces", "edits_voices"]
    search_fields = ["title", "platform__name_zh", "platform__name_en"]
    autocomplete_fields = ["platform"]
    exclude = ["created_by"]

    def save_model(
        self, request: HttpRequest, obj: PlannedFeature, form: Any, change: bool
    ) -> None:
        # The admin serves only staff who signed in (never an AnonymousUser).
        if not change and isinstance(request.user, User):
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        try:
            obligations = services.plan_filings(
                feature=obj, by=request.user, today=timezone.localdate()
            )
        except services.FilingError as exc:
            self.message_user(request, str(exc), messages.WARNING)
            return
        if obligations:
            self.message_user(request, _("Planned %(n)d filing(s).") % {"n": len(obligations)})
