from django.contrib import admin

from .models import Authority, Membership, Operator, Platform, PlatformUserCount


class PlatformInline(admin.TabularInline):
    model = Platform
    extra = 0
    fields = ["name_zh", "name_en", "form", "url"]
    show_change_link = True


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "uscc", "region_code", "security_lead_name"]
    search_fields = ["name_zh", "name_en", "uscc"]
    list_filter = ["region_code"]
    inlines = [PlatformInline]


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "kind", "level", "region_code", "email"]
    list_filter = ["kind", "level"]
    search_fields = ["name_zh", "name_en", "region_code"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "operator", "authority"]
    list_filter = ["role", "authority"]
    search_fields = [
        "user__username",
        "operator__name_zh",
        "operator__name_en",
        "authority__name_zh",
        "authority__name_en",
    ]
    autocomplete_fields = ["user", "operator", "authority"]


class UserCountInline(admin.TabularInline):
    model = PlatformUserCount
    extra = 1


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "operator", "form", "feature_tags"]
    list_filter = ["form", "operator"]
    search_fields = ["name_zh", "name_en", "operator__name_zh", "operator__name_en"]
    autocomplete_fields = ["operator"]
    inlines = [UserCountInline]
