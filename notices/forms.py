"""Forms of the notice pages. The services check every rule again; these put a message next
to the field first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from filings.access import visible_filings
from platforms.formfields import ModelIdsField, field_of, within_calendar_range
from platforms.models import (
    FEATURE_FLAGS,
    Authority,
    FeatureFlags,
    Operator,
    PlannedFeature,
    Platform,
)

from .models import DEFAULT_LEGAL_BASIS, Notice, NoticeItem


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class OperatorChoice(ModelIdsField):
    def label_from_instance(self, obj: Operator) -> str:
        other = obj.name_zh if obj.name != obj.name_zh else obj.name_en
        return f"{obj.name} · {other} · {obj.region_code}"


class ServiceChoice(ModelIdsField):
    def label_from_instance(self, obj: Platform) -> str:
        return f"{obj.operator.name} · {obj.name}"


class FeatureChoice(ModelIdsField):
    def label_from_instance(self, obj: PlannedFeature) -> str:
        return f"{obj.platform.operator.name} · {obj.platform.name} · {obj.title}"


def known_features(user: Any) -> Any:
    return (
        PlannedFeature.objects.filter(pk__in=visible_filings(user).values("planned_feature_id"))
        .select_related("platform__operator")
        .order_by("platform__operator__name_en", "title")
    )


class NoticeForm(forms.Form):
    authority = forms.ModelChoiceField(
        label=_("Issuing office"), queryset=Authority.objects.none(), empty_label=None
    )
    joint_authority = forms.ModelChoiceField(
        label=_("Jointly with (optional)"),
        queryset=Authority.objects.all(),
        required=False,
        help_text=_("Both offices are named on the notice; each office's supervisor signs it."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    reason = forms.CharField(
        label=pgettext_lazy("a notice's reason", "Reason"), widget=forms.Textarea(attrs={"rows": 4})
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"), max_length=200, initial=DEFAULT_LEGAL_BASIS
    )
    operators = OperatorChoice(
        label=_("Operators it goes to"),
        queryset=Operator.objects.order_by("region_code", "name_en"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "notice-operator"}),
        help_text=_("Type in the search box to narrow the list by name or region code."),
    )
    scope = forms.ChoiceField(
        label=_("Services concerned"),
        choices=Notice.Scope.choices,
        initial=Notice.Scope.LISTED,
        widget=forms.RadioSelect,
    )
    services = ServiceChoice(
        label=_("Services"),
        queryset=Platform.objects.select_related("operator").order_by(
            "operator__name_en", "name_en"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "notice-service"}),
    )
    features = FeatureChoice(
        label=_("Planned features"),
        queryset=PlannedFeature.objects.select_related("platform__operator").order_by(
            "platform__operator__name_en", "title"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "notice-service"}),
    )
    requires_assessment = forms.BooleanField(
        label=_("Carry out and file a security assessment"), required=False, initial=True
    )
    risks_to_rectify = forms.CharField(
        label=_("Risks to rectify"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One risk per line."),
    )
    requested_deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DateInput(),
        validators=[within_calendar_range],
        help_text=_("Empty: 30 working days from the day the notice is issued; or a later date."),
    )
    meeting_at = forms.DateTimeField(
        label=_("Summons meeting (optional)"), required=False, widget=DateTimeInput()
    )
    meeting_place = forms.CharField(label=_("Place"), max_length=200, required=False)
    meeting_attendees = forms.CharField(
        label=_("Attendees"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, offices: list[Authority], user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "authority", forms.ModelChoiceField).queryset = Authority.objects.filter(
            pk__in=[o.pk for o in offices]
        )
        # A planned feature is the operator's until it is filed: only those with a filing
        # the user's office has received are offered.
        field_of(self, "features", forms.ModelChoiceField).queryset = known_features(user)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("authority") and data.get("authority") == data.get("joint_authority"):
            self.add_error("joint_authority", _("Choose another office, or none."))
        if data.get("scope") == Notice.Scope.LISTED and not (
            data.get("services") or data.get("features")
        ):
            self.add_error("services", _("Name the services or planned features concerned."))
        if (data.get("meeting_place") or data.get("meeting_attendees")) and not data.get(
            "meeting_at"
        ):
            self.add_error("meeting_at", _("Give the meeting's date and time."))
        return data


class SignForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I sign this notice for my office; it is issued when every office has signed."),
        required=True,
    )


class AcknowledgeForm(forms.Form):
    confirm = forms.BooleanField(label=_("We have received this notice."), required=True)


class MeetingForm(forms.Form):
    meeting_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    meeting_place = forms.CharField(label=_("Place"), max_length=200)
    meeting_attendees = forms.CharField(
        label=_("Attendees"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MinutesForm(forms.Form):
    file = forms.FileField(label=_("Minutes (PDF, office document or image, at most 20 MB)"))


class FollowUpForm(forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("a notice's reason", "Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Empty: the first notice's reason."),
    )
    requested_deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DateInput(),
        validators=[within_calendar_range],
        help_text=_("Empty: 30 working days from the follow-up notice."),
    )


class FileFromNoticeForm(forms.Form):
    """A planned feature registered from a notice: trigger 5 and the notice's date are fixed
    by the notice and are not fields here."""

    item = forms.ModelChoiceField(
        label=_("Service concerned"), queryset=NoticeItem.objects.none(), required=False
    )
    platform = forms.ModelChoiceField(
        label=_("Service"), queryset=Platform.objects.none(), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The service or function the notice concerns, for whom, and how it works."),
    )
    is_deep_synthesis = forms.BooleanField(label=_("Deep synthesis"), required=False)
    edits_faces = forms.BooleanField(label=_("Edits faces"), required=False)
    edits_voices = forms.BooleanField(label=_("Edits voices"), required=False)
    is_generative_ai = forms.BooleanField(label=_("Generative AI"), required=False)
    is_recommendation = forms.BooleanField(label=_("Recommendation algorithm"), required=False)

    def __init__(self, *args: Any, items: list[NoticeItem], platforms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "item", forms.ModelChoiceField).queryset = NoticeItem.objects.filter(
            pk__in=[i.pk for i in items]
        )
        field_of(self, "platform", forms.ModelChoiceField).queryset = platforms
        if items:
            self.fields["item"].required = True
            field_of(self, "item", forms.ModelChoiceField).empty_label = None
            del self.fields["platform"]
        else:
            self.fields["platform"].required = True
            del self.fields["item"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        item = data.get("item")
        if item is not None:
            data["platform"] = item.platform
        return data

    def flags(self) -> FeatureFlags:
        flags = FeatureFlags()
        for name in FEATURE_FLAGS:
            flags[name] = bool(self.cleaned_data.get(name))
        return flags


def today() -> dt.date:
    return timezone.localdate()
