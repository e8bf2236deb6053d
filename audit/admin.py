import json
from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent

# Keys of an event's data that hold what a person wrote.
PERSONS_WORDS = frozenset({"text"})


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Searchable, read-only: the trail is append-only."""

    list_display = ["at", "actor_name", "actor_role", "action", "object_type", "object_repr"]
    list_filter = ["action", "actor_role", "object_type"]
    search_fields = ["actor_name", "object_repr", "object_id", "hash"]
    date_hierarchy = "at"
    # What a person wrote (reasons, a change's text) is kept in `data["text"]` for the filing's
    # record; admins manage the system and read metadata only, never what was written.
    exclude = ["data"]
    readonly_fields = ["metadata"]

    @admin.display(description="data")
    def metadata(self, obj: AuditEvent) -> str:
        data = {k: v for k, v in (obj.data or {}).items() if k not in PERSONS_WORDS}
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
