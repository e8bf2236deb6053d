from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Searchable, read-only: the trail is append-only."""

    list_display = ["at", "actor_name", "actor_role", "action", "object_type", "object_repr"]
    list_filter = ["action", "actor_role", "object_type"]
    search_fields = ["actor_name", "object_repr", "object_id", "hash"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
