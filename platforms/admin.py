from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .formfields import field_of
from .models import (
    Authority,
    AuthorityKind,
    Membership,
    Operator,
    Platform,
    PlatformUserCount,
)

# A platform's link typed without a scheme ("douyin.com") is https, as Django 6 will assume
# and as every platform the regulators list is served.
HTTPS_LINKS: dict[type[models.Field], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


class PlatformInline(admin.TabularInline):
    model = Platform
    extra = 0
    fields = ["name_zh", "name_en", "form", "url"]
    show_change_link = True
    formfield_overrides = HTTPS_LINKS


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "uscc", "region_code", "security_lead_name"]
    search_fields = ["name_zh", "name_en", "uscc"]
    list_filter = ["region_code"]
    inlines = [PlatformInline]


@admin.register(AuthorityKind)
class AuthorityKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en"]
    search_fields = ["code", "name_zh", "name_en"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Offices and regimes refer to the kind by its code.
        return ["code"] if obj is not None and obj.in_use else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and obj.in_use)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AuthorityKind]) -> None:
        used = set(Authority.objects.values_list("kind", flat=True))
        kept = [k.code for k in queryset if k.code in used]
        if kept:
            self.message_user(
                request,
                _("Not deleted, offices of these kinds exist: %s") % ", ".join(kept),
                messages.WARNING,
            )
        queryset.exclude(code__in=kept).delete()


def _kind_choices() -> list[tuple[str, str]]:
    return [("", "---------")] + [(k.code, str(k)) for k in AuthorityKind.objects.all()]


class AuthorityForm(forms.ModelForm):
    # A choice among the kinds that exist now (the field itself holds the code).
    kind = forms.ChoiceField(label=Authority._meta.get_field("kind").verbose_name, choices=[])

    class Meta:
        model = Authority
        fields = ["name_zh", "name_en", "kind", "level", "region_code", "email"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "kind", forms.ChoiceField).choices = _kind_choices()


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    form = AuthorityForm
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
    list_display = ["name_zh", "name_en", "operator", "form", "markets", "feature_tags"]
    list_filter = ["form", "operator"]
    search_fields = ["name_zh", "name_en", "operator__name_zh", "operator__name_en"]
    autocomplete_fields = ["operator"]
    inlines = [UserCountInline]
    formfield_overrides = HTTPS_LINKS
