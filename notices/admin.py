"""Notices in the admin: read-only. Notices are issued and signed by the offices through the
service layer (each action audited); the admin may look, not decide."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Notice, NoticeOffice, NoticeRecipient


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OfficeInline(admin.TabularInline):
    model = NoticeOffice
    extra = 0
    readonly_fields = ("authority", "is_lead", "signed_by", "signed_at")
    fields = readonly_fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notice)
class NoticeAdmin(ReadOnly):
    list_display = ["number", "title", "kind", "state", "issued_on", "deadline"]
    list_filter = ["state", "kind"]
    search_fields = ["number", "title"]
    inlines = [OfficeInline]
    exclude = ["reason", "risks_to_rectify", "meeting_attendees"]


@admin.register(NoticeRecipient)
class NoticeRecipientAdmin(ReadOnly):
    list_display = ["notice", "operator", "acknowledged_at", "escalated_at"]
    list_select_related = ["notice", "operator"]
