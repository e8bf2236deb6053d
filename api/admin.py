from django.contrib import admin

from .models import ApiToken

SHOWN = ("prefix", "name", "owner", "operator", "authority", "scope", "expires_at")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read only: tokens are made and revoked by their owners (the secret is never here)."""

    list_display = SHOWN
    list_filter = ["scope"]
    search_fields = ["prefix", "name", "owner__username"]
    fields = (*SHOWN, "created_at", "last_used_at", "revoked_at", "revoked_by")
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
