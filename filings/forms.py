"""Forms of the officer's filing pages. Services check the rules again; these give the
person a message next to the field first."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.uploads import max_bytes
from platforms.formfields import within_calendar_range
from platforms.models import PRE_LAUNCH_TRIGGERS, Trigger

from .models import RectificationItem, RectificationOrder


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlannedFeatureForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the feature does, for whom, and how it reaches users."),
    )
    trigger = forms.ChoiceField(
        label=_("Why it is assessed (trigger)"), choices=Trigger.choices, initial=Trigger.LAUNCH
    )
    trigger_date = forms.DateField(
        label=_("Date of the triggering event"),
        required=False,
        widget=DateInput(),
        help_text=_("Only for user growth, harmful content or a written notice."),
        validators=[within_calendar_range],
    )
    is_deep_synthesis = forms.BooleanField(label=_("Deep synthesis"), required=False)
    edits_faces = forms.BooleanField(label=_("Edits faces"), required=False)
    edits_voices = forms.BooleanField(label=_("Edits voices"), required=False)
    is_generative_ai = forms.BooleanField(label=_("Generative AI"), required=False)
    is_recommendation = forms.BooleanField(label=_("Recommendation algorithm"), required=False)
    planned_launch_date = forms.DateField(
        label=_("Planned launch date"), widget=DateInput(), validators=[within_calendar_range]
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        trigger, launch = data.get("trigger"), data.get("planned_launch_date")
        if trigger in PRE_LAUNCH_TRIGGERS and launch and launch < timezone.localdate():
            self.add_error(
                "planned_launch_date",
                _(
                    "The planned launch date is in the past. A launch that has happened is "
                    "filed under another trigger (for example a written notice)."
                ),
            )
        given = data.get("trigger_date") or "trigger_date" in self.errors  # given, but refused
        if trigger and trigger not in PRE_LAUNCH_TRIGGERS and not given:
            self.add_error("trigger_date", _("Give the date of the event that triggers it."))
        if data.get("trigger_date") and data["trigger_date"] > timezone.localdate():
            self.add_error("trigger_date", _("The triggering event cannot be in the future."))
        return data


class LaunchForm(forms.Form):
    launched_on = forms.DateField(
        label=_("Launched on"), widget=DateInput(), validators=[within_calendar_range]
    )

    def clean_launched_on(self) -> Any:
        day = self.cleaned_data["launched_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Record a launch once it has happened."))
        return day


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ChangeForm(forms.Form):
    description = forms.CharField(label=_("What changed"), widget=forms.Textarea(attrs={"rows": 4}))
    changed_on = forms.DateField(
        label=_("The facts changed (or change) on"),
        required=False,
        widget=DateInput(),
        validators=[within_calendar_range],
    )


class RecordFactChangeForm(forms.Form):
    """Recording a change or the end of the service: the day, and what it is."""

    effective_on = forms.DateField(widget=DateInput(), validators=[within_calendar_range])
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind == "cancellation":
            self.fields["effective_on"].label = _("The service ended (or ends) on")
            self.fields["description"].label = _("Why the service ends")
        else:
            self.fields["effective_on"].label = _("The facts changed (or change) on")
            self.fields["description"].label = _("What changed")


class CancellationForm(forms.Form):
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    ended_on = forms.DateField(
        label=_("The service ended (or ends) on"),
        required=False,
        widget=DateInput(),
        validators=[within_calendar_range],
    )


class AnswerRequestForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 5}))


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); cleans to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        # An empty file is refused by the upload rules, by name, without failing the field
        # (and with it every other file chosen in the same input).
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        given = data if isinstance(data, list | tuple) else [data]
        return [f for f in (super(MultipleFileField, self).clean(d, initial) for d in given) if f]


class RectificationResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Response to the order"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What was rectified and where the evidence is: attach files to the items above, "
            "or to the questions concerned in the assessment."
        ),
    )

    def __init__(
        self, *args: Any, order: RectificationOrder, sending: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Attaching files or removing one keeps the response open: the text may wait.
        self.fields["response"].required = sending
        # The draft kept on the order (services.rectification.keep_draft) fills the page.
        self.fields["response"].initial = order.response
        self.items = list(order.items.all())
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=_("Item %(n)d: %(text)s") % {"n": item.number, "text": item.text},
                required=False,
                initial=item.response,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"file_{item.pk}"] = MultipleFileField(
                label=_("Files for item %(n)d") % {"n": item.number},
                required=False,
                help_text=_(
                    "PDF, image, office document, plain text or CSV; at most %(mb)d MB each."
                )
                % {"mb": max_bytes() // (1024 * 1024)},
            )

    def rows(self) -> list[tuple[RectificationItem, BoundField, BoundField]]:
        return [(item, self[f"item_{item.pk}"], self[f"file_{item.pk}"]) for item in self.items]

    def item_responses(self) -> dict[int, str]:
        """The items' texts that passed their field (a refused one is left as stored)."""
        texts = {item.pk: self.cleaned_data.get(f"item_{item.pk}") for item in self.items}
        return {pk: text for pk, text in texts.items() if text is not None}

    def typed_response(self) -> str | None:
        """The response as typed, for the draft, even when sending found it missing."""
        if "response" in self.cleaned_data:
            return self.cleaned_data["response"]
        return None if "response" in self.errors and self.data.get("response") else ""

    def item_files(self) -> dict[int, list[UploadedFile]]:
        files = {item.pk: self.cleaned_data.get(f"file_{item.pk}") for item in self.items}
        return {pk: given for pk, given in files.items() if given}
