"""Users with their memberships, in one admin page."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from platforms.models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["operator", "authority"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserWithMembershipsAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, MembershipInline]
    list_display = ["username", "email", "is_active", "is_staff", "last_login"]
