"""Registering a planned feature, and the feature's page with the filings it obliges."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from platforms.models import PlannedFeature, Platform
from workcalendar.calendar import working_days_between

from ..forms import LaunchForm, PlannedFeatureForm
from ..models import Deadline, DeadlineKind, Filing
from ..services import FilingError, launch_feature, register_planned_feature


def platform_detail(request: HttpRequest, pk: int) -> HttpResponse:
    platform = get_object_or_404(
        Platform.objects.visible_to(request.user).select_related("operator"), pk=pk
    )
    features = platform.features.order_by("-created_at")
    return render(
        request, "filings/platform_detail.html", {"platform": platform, "features": features}
    )


def register_feature(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form; POST: register the feature and show the filings it obliges."""
    platform = get_object_or_404(
        Platform.objects.visible_to(request.user).select_related("operator"), pk=pk
    )
    form = PlannedFeatureForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                feature, _obligations = register_planned_feature(
                    platform=platform,
                    by=request.user,
                    today=timezone.localdate(),
                    **form.cleaned_data,
                )
            except FilingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("“%(title)s” is registered. These are the filings it needs.")
                    % {"title": feature.title},
                )
                return redirect("filings:feature", pk=feature.pk)
    return render(
        request,
        "filings/feature_form.html",
        {"platform": platform, "form": form},
        status=status,
    )


@dataclass
class ObligationRow:
    filing: Filing
    reason: str
    deadline: Deadline | None
    working_days_left: int | None


def obligations_of(feature: PlannedFeature) -> list[ObligationRow]:
    today = timezone.localdate()
    rows = []
    filings = (
        feature.filings.select_related("regime", "assessment")
        .prefetch_related(
            "authorities", Prefetch("deadlines", Deadline.objects.select_related("rule"))
        )
        .order_by("regime__code", "-created_at")
    )
    for filing in filings:
        open_deadlines = [d for d in filing.deadlines.all() if d.status == Deadline.Status.OPEN]
        due = next((d for d in open_deadlines if d.kind == DeadlineKind.FILING), None) or next(
            iter(sorted(open_deadlines, key=lambda d: d.due_date)), None
        )
        days = working_days_between(today, due.due_date) if due else None
        rows.append(ObligationRow(filing, filing.regime.reason_for(feature), due, days))
    return rows


def feature_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feature = get_object_or_404(
        PlannedFeature.objects.visible_to(request.user).select_related("platform__operator"),
        pk=pk,
    )
    context: dict[str, Any] = {
        "feature": feature,
        "obligations": obligations_of(feature),
        "assessments": feature.assessments.select_related("template", "signed_by"),
        "today": timezone.localdate(),
    }
    return render(request, "filings/feature_detail.html", context)


def launch(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: confirm the launch date; POST: record it (refused while a filing due before
    launch has not been submitted, with the filings named)."""
    feature = get_object_or_404(
        PlannedFeature.objects.visible_to(request.user).select_related("platform"), pk=pk
    )
    form = LaunchForm(
        request.POST if request.method == "POST" else None,
        initial={"launched_on": timezone.localdate()},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                launch_feature(
                    feature=feature, by=request.user, on=form.cleaned_data["launched_on"]
                )
            except FilingError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(request, _("The launch is recorded."))
                return redirect("filings:feature", pk=feature.pk)
    return render(
        request, "filings/feature_launch.html", {"feature": feature, "form": form}, status=status
    )
