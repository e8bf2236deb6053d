"""One form per regulator's action on a filing (`review/actions.py` names which)."""

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
    Visibility,
)
from filings.services.deadlines import MAX_ANSWER_WORKING_DAYS, rule_for
from platforms.formfields import field_of, within_calendar_range

from .. import selectors

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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
