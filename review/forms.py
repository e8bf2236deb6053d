"""Forms of the regulator's pages: the queue's filter and one form per action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessments.models import Question
from filings import access, outcomes
from filings.models import (
    Comment,
    Deadline,
    DeadlineKind,
    Decision,
    Filing,
    Regime,
    ReviewState,
    State,
    Visibility,
)
from filings.services.deadlines import MAX_ANSWER_WORKING_DAYS, rule_for
from platforms.formfields import ModelIdsField, as_id, field_of, within_calendar_range
from platforms.models import Authority, Operator, Platform
from platforms.roles import get_actor

from . import selectors

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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


# --- Actions --------------------------------------------------------------------------------
class ActionForm(forms.Form):
    """Actions that need nothing but the confirmation."""

    def __init__(self, *args: Any, filing: Filing, user: Any, **kwargs: Any) -> None:
        self.filing, self.user = filing, user
        super().__init__(*args, **kwargs)


def _question_choices(filing: Filing) -> list[tuple[str, StrOrPromise]]:
    questions = Question.objects.filter(section__template_id=filing.template_id).order_by(
        "section__order", "order"
    )
    return [("", _("The filing as a whole"))] + [
        (str(q.pk), f"{q.code} · {q.text[:80]}") for q in questions
    ]


class QuestionField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("About question"), required=False, coerce=int, empty_value=None, **kwargs
        )


def _question(filing: Filing, pk: int | None) -> Question | None:
    if pk is None:
        return None
    return Question.objects.get(pk=pk, section__template_id=filing.template_id)


class ReasonsForm(ActionForm):
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))


def extendable_deadlines(
    filing: Filing, loaded: Iterable[Deadline] | None = None
) -> list[Deadline]:
    """The filing's open clocks whose regime rule allows one extension not yet taken, from
    the deadlines already `loaded` with their rules when the page has them."""
    if loaded is None:
        loaded = filing.deadlines.filter(status=Deadline.Status.OPEN).select_related("rule")
    return [
        d
        for d in loaded
        if d.status == Deadline.Status.OPEN
        and d.extended_at is None
        and d.rule is not None
        and d.rule.extension_amount
    ]


class ExtendDeadlineForm(ActionForm):
    """Extend a clock by what the regime allows (GDPR Art. 36(2)), telling the filer why."""

    kind = forms.ChoiceField(label=_("Clock"))
    reasons = forms.CharField(
        label=_("Reasons (the filer reads them)"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        for d in extendable_deadlines(self.filing):
            rule = d.rule
            if rule is None:  # never: extendable_deadlines keeps only clocks with a rule
                continue
            more = f"{rule.extension_amount} {rule.get_extension_unit_display()}"
            clock = DeadlineKind(d.kind).label
            due = d.due_date.isoformat()
            label = _("%(clock)s: due %(due)s, %(more)s more") % {
                "clock": clock,
                "due": due,
                "more": more,
            }
            choices.append((d.kind, label))
        field_of(self, "kind", forms.ChoiceField).choices = choices


class OptionalReasonsForm(ActionForm):
    reasons = forms.CharField(
        label=_("Reasons (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(ActionForm):
    reviewer = forms.ModelChoiceField(label=_("Assign to"), queryset=Filing.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(
            self, "reviewer", forms.ModelChoiceField
        ).queryset = selectors.assignable_reviewers(self.user)


class CommentForm(ActionForm):
    body = forms.CharField(
        label=pgettext_lazy("a comment's body", "Text"), widget=forms.Textarea(attrs={"rows": 4})
    )
    question = QuestionField()
    visibility = forms.ChoiceField(
        label=_("Who reads it"),
        choices=Visibility.choices,
        initial=Visibility.OFFICE,
        widget=forms.RadioSelect,
        help_text=_(
            "An internal note stays in your office. Shared with the other offices: every "
            "office reviewing this filing reads it, the filer does not. Shared with the "
            "filer: the operator's officers read it too."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "question", forms.ChoiceField).choices = _question_choices(self.filing)

    def clean_question(self) -> Question | None:
        return _question(self.filing, self.cleaned_data.get("question"))


class InformationRequestForm(CommentForm):
    """Sent to the filer (and read by every reviewing office). Where the regime's data sets
    no period for the answer, the office may give one, in working days."""

    visibility = None  # type: ignore[assignment]  # Django's way to drop an inherited field
    answer_within = forms.IntegerField(
        label=_("Answer within (working days, optional)"),
        min_value=1,
        max_value=MAX_ANSWER_WORKING_DAYS,
        required=False,
        help_text=_(
            "The filer is reminded before the day, and their signatory if it passes; the "
            "workspace shows the date. Leave it empty to set no date."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if rule_for(self.filing, DeadlineKind.INFORMATION) is not None:
            # The regime's own period applies; the office does not set another.
            del self.fields["answer_within"]


class ProposeForm(ActionForm):
    """The conclusions this office may propose are the regime's (filings.outcomes)."""

    kind = forms.ChoiceField(label=_("Proposal"), choices=(), widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    items = forms.CharField(
        label=_("Items to rectify, or reasons per question for a re-assessment (one per line)"),
        help_text=_(
            "For a re-assessment, start a line with the question's code and a colon (F3: ...) "
            "to tie the reason to that question."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    due_date = forms.DateField(
        label=_("Date by which the operator must act (re-assessment or rectification)"),
        required=False,
        validators=[within_calendar_range],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        review = access.office_review(self.filing, self.user)
        proposals = field_of(self, "kind", forms.ChoiceField)
        proposals.choices = outcomes.proposal_choices(review) if review else []
        self.fields["due_date"].widget.input_type = "date"
        if not any(kind in outcomes.DATED for kind, _label in proposals.choices):
            del self.fields["items"], self.fields["due_date"]
        # A conclusion reached before the operator answered is one to take on purpose.
        if Comment.objects.filter(
            filing=self.filing, kind=Comment.Kind.INFORMATION_REQUEST, answered_at__isnull=True
        ).exists():
            self.fields["despite_open_request"] = forms.BooleanField(
                label=_("Propose before the operator has answered the open information request"),
                error_messages={
                    "required": _(
                        "An information request is still open: tick the box to propose anyway, "
                        "or wait for the answer."
                    )
                },
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        lines = (data.get("items") or "").splitlines()
        data["items"] = [line.strip() for line in lines if line.strip()]
        if kind in outcomes.DATED:
            due = data.get("due_date")
            if due is None or due <= timezone.localdate():
                self.add_error("due_date", _("Give a date after today."))
            if kind == Decision.Kind.RECTIFY and not data["items"]:
                self.add_error("items", _("List at least one item to rectify."))
        return data


class ReturnForm(ActionForm):
    """Reasons per question: a row per reason; at least one is required."""

    ROWS = 5

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _question_choices(self.filing)
        for i in range(self.ROWS):
            question = QuestionField()
            question.choices = choices
            self.fields[f"question_{i}"] = question
            self.fields[f"reason_{i}"] = forms.CharField(
                label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"question_{i}"], self[f"reason_{i}"]) for i in range(self.ROWS)]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        reasons = []
        for i in range(self.ROWS):
            text = (data.get(f"reason_{i}") or "").strip()
            if text:
                reasons.append((_question(self.filing, data.get(f"question_{i}")), text))
        if not reasons:
            raise ValidationError(_("Give at least one reason, naming the question it concerns."))
        data["reasons"] = reasons
        return data


class RectificationForm(ActionForm):
    items = forms.CharField(
        label=_("What must be rectified (one item per line)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    due_date = forms.DateField(label=_("Due date"), validators=[within_calendar_range])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["due_date"].widget.input_type = "date"

    def clean_items(self) -> list[str]:
        items = [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]
        if not items:
            raise ValidationError(_("List at least one item to rectify."))
        return items

    def clean_due_date(self) -> dt.date:
        due = self.cleaned_data["due_date"]
        if due <= timezone.localdate():
            raise ValidationError(_("The due date must be after today."))
        return due
