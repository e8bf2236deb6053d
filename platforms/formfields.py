"""Form fields shared by the apps above `platforms`."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The largest primary key a bigint (PostgreSQL) or an SQLite INTEGER holds.
BIGINT_MAX = 2**63 - 1
# A date a person gives for a deadline's clock lies within this many years of today.
CALENDAR_YEARS = 10


def within_calendar_range(value: dt.date) -> None:
    """Refuse a date more than CALENDAR_YEARS from today. Every such date starts or ends a
    deadline counted in working days, and counting the working days to the year 1000 or 9898
    took seconds to minutes of a web worker (a launch planned in 9898 timed the API out);
    no filing's clock runs that far."""
    today = timezone.localdate()
    try:
        earliest = today.replace(year=today.year - CALENDAR_YEARS)
        latest = today.replace(year=today.year + CALENDAR_YEARS)
    except ValueError:  # 29 February
        earliest = today.replace(year=today.year - CALENDAR_YEARS, day=28)
        latest = today.replace(year=today.year + CALENDAR_YEARS, day=28)
    if not earliest <= value <= latest:
        raise ValidationError(
            _("Give a date between %(earliest)s and %(latest)s."),
            code="out_of_range",
            params={"earliest": earliest.isoformat(), "latest": latest.isoformat()},
        )


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
