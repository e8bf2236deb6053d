"""Typed adapters between our transition rules and django-fsm.

django-fsm declares a permission as `(Model, user) -> bool` and a condition as
`(Model) -> bool`: it cannot know that a transition declared on `Filing` is only ever taken on a
`Filing`. Our rules are written against their own model (`filing: Filing`); these decorators
hand django-fsm the type it declares without loosening the rule's own annotations. A guard
also carries its `refusal`, what a person is told when it fails (read by
`filings.services._frame`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.db import models

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_M = TypeVar("_M", bound=models.Model)

Permission = Callable[[models.Model, Any], bool]
Condition = Callable[[models.Model], bool]


def permission(check: Callable[[_M, Any], bool]) -> Permission:
    """Who may take a transition: `(instance, user) -> bool`."""
    # django-fsm only calls it with an instance of the model the transition is declared on.
    return cast(Permission, check)


def guard(refusal: StrOrPromise) -> Callable[[Callable[[_M], bool]], Condition]:
    """A condition on the instance, with the message given when it fails."""

    def decorate(check: Callable[[_M], bool]) -> Condition:
        check.refusal = refusal  # type: ignore[attr-defined]  # a function attribute django-fsm keeps
        # django-fsm only calls it with an instance of the model the transition is declared on.
        return cast(Condition, check)

    return decorate
