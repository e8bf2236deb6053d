"""Template helpers for long lists, where per-row and per-option work adds up.

Django draws a form's `<select>` with one template per option, and `get_FOO_display`
rebuilds the field's choices on every call; on a queue page of 50 rows and 60 options that
was most of the rendering time. These do the same in a line of Python each.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

from filings.models import ReviewState, State

register = template.Library()
_state_labels: dict[tuple[str, str], dict[str, str]] = {}


def _label(choices: Any, value: str) -> str:
    language = get_language() or ""
    key = (choices.__name__, language)
    labels = _state_labels.get(key)
    if labels is None:
        labels = _state_labels[key] = {s.value: str(s.label) for s in choices}
    return labels.get(value, value)


@register.filter
def state_label(value: str) -> str:
    """A filing state's label in the current language, looked up once per language."""
    return _label(State, value)


@register.filter
def review_state_label(value: str) -> str:
    """An office review's state label, likewise."""
    return _label(ReviewState, value)


@register.simple_tag
def select(field: forms.BoundField) -> str:
    """A bound Select or SelectMultiple field as `<select>`, its options drawn in Python, with
    the widget's attributes and the field's id and name."""
    widget = field.field.widget
    value = field.value()
    chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value or "")}
    attrs = {**widget.attrs, "id": field.id_for_label, "name": field.html_name}
    multiple = isinstance(widget, forms.SelectMultiple)
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (key, " selected" if str(key) in chosen else "", label)
            for key, label in _flat(widget.choices)
        ),
    )
    return format_html(
        "<select{}{}>{}</select>",
        format_html_join("", ' {}="{}"', sorted(attrs.items())),
        " multiple" if multiple else "",
        options,
    )


def _flat(choices: Any) -> list[tuple[Any, Any]]:
    flat: list[tuple[Any, Any]] = []
    for key, label in choices:
        if isinstance(label, list | tuple):
            flat.extend(label)
        else:
            flat.append((key, label))
    return flat
