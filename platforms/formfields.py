"""Form fields shared by the apps above `platforms`."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError

# The largest primary key a bigint (PostgreSQL) or an SQLite INTEGER holds.
BIGINT_MAX = 2**63 - 1


def as_id(value: Any) -> int | None:
    """A primary key typed into a form or a URL's query string, or None when it cannot be
    one: ASCII digits only (`"²".isdigit()` is true, `int("²")` a ValueError) and within a
    bigint (SQLite raises OverflowError, PostgreSQL "out of range", both a 500)."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or int(text) > BIGINT_MAX:
        return None
    return int(text)


class ModelIdsField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField for integer keys that refuses an out-of-range key as an
    invalid choice. Django guards `pk=` lookups against overflow but not `pk__in=`, which
    this field runs: a 40-digit id reached the database and answered a 500."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if as_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]  # private in Django, not in django-stubs


_F = TypeVar("_F", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[_F]) -> _F:
    """The form's field `name` as the `kind` the form declares it (`form.fields` is typed as
    plain fields): for setting a queryset or choices that depend on the request."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not {kind}")
    return field
