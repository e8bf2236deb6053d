"""One pattern for every step a person takes on a filing from a page, on both sides.

Each side writes its steps once, as a table of `Action`s (the officer's in
`filings/views/filer.py`, the regulator's in `review/actions.py`): the label, the form, the
one service call it makes, what it says when done. One view function, `confirm`, runs them
all the same way:

- **GET** shows the confirmation page: what the step does, its form.
- **POST** validates the form: invalid input is the same page again with a **400**, the
  messages next to the fields and everything typed kept.
- The service may still refuse (`FilingError`: the state moved on a moment ago, a guard
  failed, the role does not allow it): the same page again with a **409**, the reason at the
  top and everything typed kept. Nothing was changed.
- Done: a success message and a redirect (to the filing, or what the action names).

Whether the page *offers* a step is the transition table's business (`available_actions` of
the filing or of the office's review, `filings/models/`); whether the person may act at all
is `filings.access`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audit.services import client_address

from .models import Filing
from .services import FilingError


@dataclass(frozen=True)
class Call:
    """What an action's service call is given: the filing, who acts, the form's cleaned data,
    their address (for the audit trail) and the object the step concerns, if any (the
    information request answered, the kind of change recorded)."""

    filing: Filing
    user: Any
    data: Mapping[str, Any]
    address: str | None
    target: Any = None


@dataclass(frozen=True)
class Action:
    slug: str
    label: Any
    form: Callable[..., forms.Form]
    run: Callable[[Call], Any]
    # The success message: text, or a function of the service's result.
    done: Any
    # The filing's (or, `on_review`, the office review's) transition that offers it.
    transition: str | None = None
    on_review: bool = False
    danger: bool = False
    explain: Any = ""
    # The confirmation page, unless the side's view gives one for all its steps.
    template: str = ""
    # For the confirmation of a proposal: offered for a "reject" proposal or for any other.
    when_proposal: str | None = None

    def message(self, result: Any) -> str:
        return str(self.done(result) if callable(self.done) else self.done)


def posted(request: HttpRequest) -> Any:
    """The posted data, bound even when empty (a confirmation posts no fields)."""
    return request.POST if request.method == "POST" else None


def confirm(
    request: HttpRequest,
    filing: Filing,
    action: Action,
    form: forms.Form,
    *,
    success: Callable[[Any], HttpResponse],
    target: Any = None,
    context: Mapping[str, Any] | None = None,
    template: str = "",
) -> HttpResponse:
    """GET shows the step; POST takes it (400: the form's errors, 409: the service's refusal,
    both with what was typed; else the success message and `success(result)`)."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            call = Call(filing, request.user, form.cleaned_data, client_address(request), target)
            try:
                result = action.run(call)
            except FilingError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(request, action.message(result))
                return success(result)
    page = {"filing": filing, "form": form, "spec": action, **(context or {})}
    return render(request, template or action.template, page, status=status)
