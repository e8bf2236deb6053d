"""Forms of the inspection pages. The services check every rule again; these put a message
next to the field first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessments.uploads import max_bytes
from filings.forms import MultipleFileField
from platforms.formfields import within_calendar_range
from platforms.models import Authority

from .models import Inspection


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _office_choice(label: Any, offices: list[Authority], *, required: bool) -> Any:
    return forms.ModelChoiceField(
        label=label,
        queryset=Authority.objects.filter(pk__in=[o.pk for o in offices]).order_by("pk"),
        required=required,
        empty_label=None if required else _("None: my office alone"),
        error_messages={
            "invalid_choice": _("Choose one of the offices the filing is addressed to."),
        },
    )


class InspectionForm(forms.Form):
    """Open (with `offices`: the user's offices that may inspect) or edit a draft.
    `joint` lists the offices that may join; None leaves who joins as it is."""

    inspected_on = forms.DateField(
        label=_("Date of the inspection"), widget=DateInput(), validators=[within_calendar_range]
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    team = forms.CharField(
        label=_("Team"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One person a line: name and role. Required to record; not shown to the operator."
        ),
    )
    findings = forms.CharField(
        label=_("Findings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One finding a line. Required to record; the operator reads them once the "
            "inspection is recorded."
        ),
    )
    internal_notes = forms.CharField(
        label=_("Internal notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Read by the inspecting offices only, never by the operator."),
    )
    # A declared field: the form's metaclass moves it into base_fields, so `self.files` stays
    # the bound files.
    files = MultipleFileField(  # type: ignore[assignment]  # see above
        label=_("Files"),
        required=False,
        help_text=_(
            "Photos, the inspection record, samples: PDF, image, office document, plain text "
            "or CSV; at most %(mb)d MB each."
        )
        % {"mb": max_bytes() // (1024 * 1024)},
    )

    def __init__(
        self,
        *args: Any,
        offices: list[Authority] | None = None,
        joint: list[Authority] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields = dict(self.fields)
        self.fields.clear()
        if offices is not None:
            self.fields["authority"] = _office_choice(
                _("Inspecting office"), offices, required=True
            )
        if joint is not None:
            self.fields["joint_authority"] = _office_choice(
                pgettext_lazy("a joint inspection", "Jointly with (optional)"),
                joint,
                required=False,
            )
        self.fields.update(fields)

    def clean_inspected_on(self) -> dt.date:
        value = self.cleaned_data["inspected_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of the inspection cannot be in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        lead, joint = data.get("authority"), data.get("joint_authority")
        if lead is not None and lead == joint:
            self.add_error("joint_authority", _("Choose another office, or none."))
        return data

    @classmethod
    def initial_for(cls, inspection: Inspection) -> dict[str, Any]:
        return {
            "joint_authority": inspection.joint_authority_id,
            "inspected_on": inspection.inspected_on,
            "place": inspection.place,
            "team": inspection.team,
            "findings": inspection.findings,
            "internal_notes": inspection.internal_notes,
        }


class RecordForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I record this inspection: the operator and the filing's other offices then read "
            "it, and it no longer changes."
        ),
        required=True,
    )


class OrderForm(forms.Form):
    items = forms.CharField(
        label=_("What must be rectified"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One item a line; taken from the findings, change them as needed."),
    )
    due_date = forms.DateField(
        label=_("Due date"), widget=DateInput(), validators=[within_calendar_range]
    )

    def clean_due_date(self) -> dt.date:
        value = self.cleaned_data["due_date"]
        if value <= timezone.localdate():
            raise forms.ValidationError(_("The due date must be after today."))
        return value

    def item_lines(self) -> list[str]:
        text = self.cleaned_data.get("items", "")
        return [line.strip() for line in text.splitlines() if line.strip()]
