"""Questionnaire templates: a published version is read-only; "Copy as new version" makes
an editable draft, and "Publish" freezes a draft."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Assessment, Question, Section, Template

if TYPE_CHECKING:
    # What the mixin below is mixed into (typed for its super() calls).
    _AdminBase = admin.options.BaseModelAdmin[Any]
else:
    _AdminBase = object


class FrozenWhenPublished(_AdminBase):
    def _frozen(self, obj: Any) -> bool:
        template = obj if isinstance(obj, Template) else getattr(obj, "template", None)
        return bool(template and template.is_frozen)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class SectionInline(FrozenWhenPublished, admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "code", "title_zh", "title_en", "legal_reference", "applies_when"]
    show_change_link = True


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = [
        ("order", "code", "answer_type", "required", "evidence_required", "scope"),
        ("text_zh", "text_en"),
        ("help_zh", "help_en"),
        "legal_reference",
        "choices",
    ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        frozen = obj is not None and obj.template.is_frozen
        return not frozen and super().has_change_permission(request, obj)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(Template)
class TemplateAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["code", "version", "name_en", "status", "published_at"]
    list_filter = ["code", "status"]
    search_fields = ["code", "name_zh", "name_en"]
    inlines = [SectionInline]
    actions = ["copy_as_new_version", "publish"]

    @admin.action(description=_("Copy as a new draft version"))
    def copy_as_new_version(self, request: HttpRequest, queryset: QuerySet[Template]) -> None:
        for template in queryset:
            copy = services.copy_template_as_new_version(template=template)
            self.message_user(request, _("Created %(t)s (draft).") % {"t": copy})

    @admin.action(description=_("Publish (freezes the version)"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Template]) -> None:
        for template in queryset:
            try:
                services.publish_template(template=template)
            except services.AssessmentError as exc:
                self.message_user(request, f"{template}: {exc}", messages.ERROR)


@admin.register(Section)
class SectionAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["template", "code", "title_en", "legal_reference", "applies_when"]
    list_filter = ["template"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "text_en",
        "answer_type",
        "required",
        "evidence_required",
        "scope",
        "legal_reference",
        "section",
    ]
    list_filter = ["section__template", "answer_type", "required", "evidence_required", "scope"]
    search_fields = ["code", "text_zh", "text_en", "legal_reference"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        frozen = obj is not None and obj.section.template.is_frozen
        return not frozen and super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Listed for support; answers and evidence are the operator's and are not shown."""

    list_display = ["planned_feature", "template", "method", "signed_by", "signed_at"]
    list_filter = ["template", "method"]
    search_fields = ["planned_feature__title", "planned_feature__platform__name_zh"]
    readonly_fields = (
        "planned_feature",
        "template",
        "method",
        "agency_name",
        "signed_by",
        "signed_at",
    )
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
