from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EventType


class EndpointForm(forms.Form):
    # Checked by the service (https, a public address); a CharField so that its message, not
    # Django's, explains a refused URL.
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        help_text=_("Where events are POSTed, e.g. https://compliance.example.com/hooks."),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)
