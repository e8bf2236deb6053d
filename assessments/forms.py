"""Forms of the officer's assessment pages.

An answer's fields are named after its question (`q<pk>-value`, `q<pk>-risk`, `q<pk>-note`)
so that one section form carries every answer and the autosave posts one of them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Evidence, Question

ANSWER_KEYS = ("value", "risk", "note")


def answer_field(question: Question, key: str) -> str:
    return f"q{question.pk}-{key}"


def typed_answer(data: Any, question: Question) -> dict[str, str] | None:
    """What was posted for this question, or None when the form did not carry it."""
    if answer_field(question, "value") not in data:
        return None
    return {key: data.get(answer_field(question, key), "") for key in ANSWER_KEYS}


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"))
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=Evidence.Classification.choices,
        initial=Evidence.Classification.CONFIDENTIAL,
    )


class LibraryForm(forms.Form):
    """A file of the operator's library to attach; the id is checked by the view (as_id)."""

    source = forms.CharField(label=_("File"), max_length=40)
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=Evidence.Classification.choices,
        initial=Evidence.Classification.CONFIDENTIAL,
    )


class ConfirmForm(forms.Form):
    """A transition's confirmation: nothing to fill in, the POST is the decision."""
