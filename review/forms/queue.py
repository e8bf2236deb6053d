"""The queue's filter and its bulk assignment."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from filings import access
from filings.models import (
    Filing,
    Regime,
    ReviewState,
    State,
)
from platforms.formfields import ModelIdsField, as_id, field_of
from platforms.models import Authority, Operator, Platform
from platforms.roles import get_actor

from .. import selectors

if TYPE_CHECKING:
    pass


# --- The queue ------------------------------------------------------------------------------
class QueueFilterForm(forms.Form):
    """Read from the query string. An unknown value is a form error (a 400), never a 500."""

    DUE_CHOICES = [
        ("", _("Any due date")),
        ("overdue", _("Review overdue")),
        ("soon", _("Review due within 5 working days")),
        ("rectification_overdue", _("Rectification overdue")),
    ]
    SORT_CHOICES = [
        ("due", _("Due date, soonest first")),
        ("-due", _("Due date, latest first")),
        ("received", _("Received, oldest first")),
        ("-received", _("Received, newest first")),
    ]

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.MultipleChoiceField(label=_("State"), choices=State.choices, required=False)
    review_state = forms.MultipleChoiceField(
        label=_("My office's review"),
        choices=[c for c in ReviewState.choices if c[0] != ReviewState.WAITING],
        required=False,
    )
    regime = forms.ModelChoiceField(
        label=_("Regime"), queryset=Regime.objects.all(), required=False
    )
    authority = forms.ModelChoiceField(
        label=_("Authority"), queryset=Authority.objects.none(), required=False
    )
    # Thousands of operators and platforms make a <select> heavier than the page: these two
    # are set by clicking a name in the table, and shown as a removable chip (`chosen`).
    operator = forms.ModelChoiceField(
        label=_("Operator"),
        queryset=Operator.objects.all(),
        required=False,
        widget=forms.HiddenInput,
    )
    platform = forms.ModelChoiceField(
        label=_("Platform"),
        queryset=Platform.objects.all(),
        required=False,
        widget=forms.HiddenInput,
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    due = forms.ChoiceField(label=_("Due"), choices=DUE_CHOICES, required=False)
    due_before = forms.DateField(label=_("Next due on or before"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)
    after = forms.CharField(
        label=_("Page link"), required=False, widget=forms.HiddenInput, max_length=60
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        regimes: list[Regime] | None = None,
        people: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """`regimes` and `people` (assignable reviewers): lists the page already holds, so
        that drawing the choices asks the database nothing more."""
        super().__init__(*args, **kwargs)
        actor = get_actor(user)
        field_of(self, "authority", forms.ModelChoiceField).queryset = Authority.objects.filter(
            pk__in=actor.authority_ids
        )
        if regimes is not None:
            self.fields["regime"].widget.choices = [
                ("", field_of(self, "regime", forms.ModelChoiceField).empty_label),
                *((r.pk, str(r)) for r in regimes),
            ]
        if people is None:
            people = list(selectors.assignable_reviewers(user))
        self.people = people
        field_of(self, "assignee", forms.ChoiceField).choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Unassigned")),
            *((str(u.pk), u.get_username()) for u in people),
        ]
        for name, field in self.fields.items():
            if name != "after":
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs.setdefault("class", f"{css} form-select-sm form-control-sm")
        self.fields["due_before"].widget.input_type = "date"

    def labelled_errors(self) -> list[tuple[str, str]]:
        """(the field's label, the message) for the page's alert: labels, never codes."""
        return [
            (str(self.fields[name].label) if name in self.fields else "", str(message))
            for name, messages in self.errors.items()
            for message in messages
        ]

    def clean_after(self) -> tuple[Any, int] | None:
        """The cursor `<sort key>_<id>`: a date (due) or a timestamp (received).

        A cursor the page did not write (edited, truncated, out of range) is a 400 with a
        message, never a 500: the id must be ASCII digits within a bigint (`as_id`), and a
        timestamp a datetime that UTC can hold (`9999-12-31T23:59:59-14:00` overflowed
        when the database adapter converted it)."""
        raw = self.cleaned_data.get("after") or ""
        if not raw:
            return None
        invalid = ValidationError(_("This page link is not valid; start from the first page."))
        key, sep, pk = raw.rpartition("_")
        pk_value = as_id(pk) if sep else None
        if pk_value is None:
            raise invalid
        try:
            value: Any = (
                dt.datetime.fromisoformat(key)
                if "received" in (self.data.get("sort") or "")
                else dt.date.fromisoformat(key)
            )
            if isinstance(value, dt.datetime):
                value = (
                    value.replace(tzinfo=dt.UTC)
                    if value.tzinfo is None
                    else value.astimezone(dt.UTC)
                )
        except (ValueError, OverflowError) as exc:
            raise invalid from exc
        return value, pk_value

    @staticmethod
    def cursor(value: tuple[Any, int]) -> str:
        key = value[0]
        if isinstance(key, dt.datetime):  # in UTC with "Z": no "+" to escape in the URL
            return f"{key.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%S.%fZ}_{value[1]}"
        return f"{key.isoformat()}_{value[1]}"


class BulkAssignForm(forms.Form):
    filings = ModelIdsField(queryset=Filing.objects.none())
    reviewer = forms.ModelChoiceField(label=_("Assign to"), queryset=Filing.objects.none())

    def __init__(
        self, *args: Any, user: Any, people: list[Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:  # the page draws its rows' boxes itself; the choice is checked here
            field_of(self, "filings", forms.ModelChoiceField).queryset = access.regulator_filings(
                user
            )
        self.fields["filings"].error_messages["required"] = _("Tick at least one filing.")
        field_of(
            self, "reviewer", forms.ModelChoiceField
        ).queryset = selectors.assignable_reviewers(user)
        if people is not None:  # drawn from the page's list; validated against the queryset
            self.fields["reviewer"].widget.choices = [
                ("", field_of(self, "reviewer", forms.ModelChoiceField).empty_label),
                *((u.pk, str(u)) for u in people),
            ]
