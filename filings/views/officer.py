"""The compliance officer's pages."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from platforms.models import Platform

from ..home import Home, home_for
from ..links import row_url
from ..models import DeadlineKind, Filing, State


def home(request: HttpRequest) -> HttpResponse:
    """The officer's home at /dashboard/."""
    home = home_for(request.user)
    _prepare_rows(home)
    return render(request, "accounts/dashboard.html", {"home": home, "today": timezone.localdate()})


def _labels(choices: type[models.Choices]) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _prepare_rows(home: Home) -> None:
    """Each row's links and labels, worked out once a page: a `{% url %}` or a
    `get_FOO_display` in the template costs a resolver walk or the translation of every
    choice, per row (a quarter of the page's time with 250 rows)."""
    detail, feature = row_url("filings:detail"), row_url("filings:feature")
    answer, rectify = row_url("filings:answer", 2), row_url("filings:rectification")
    states, kinds, forms = _labels(State), _labels(DeadlineKind), _labels(Platform.Form)

    def prepare(filing: Filing) -> None:
        filing.url = detail(filing.pk)
        filing.feature_url = feature(filing.planned_feature_id)
        state = str(filing.state)
        filing.state_label = states.get(state, state)
        for deadline in filing.open_deadlines:
            deadline.kind_label = kinds.get(deadline.kind, deadline.kind)

    for filing in home.filings:
        prepare(filing)
    for task in home.tasks:
        prepare(task.filing)
        if task.kind == "information_request" and task.comment is not None:
            task.url = answer(task.filing.pk, task.comment.pk)
        elif task.kind == "rectification":
            task.url = rectify(task.filing.pk)
        else:
            task.url = task.filing.url
    platform_url, register = row_url("filings:platform"), row_url("filings:register_feature")
    for platform in home.platforms:
        platform.url, platform.register_url = platform_url(platform.pk), register(platform.pk)
        platform.form_label = forms.get(platform.form, platform.form)
    for planned in home.features:
        planned.url = feature(planned.pk)
