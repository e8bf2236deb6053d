"""Officer-facing pages of the filings app (the regulator's side lives in the review app)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django_fsm import Transition, has_transition_perm

from .. import access, activity, selectors
from ..models import Deadline, DeadlineKind, Filing, OfficeReview
from ..services.changes import RECORDABLE_STATES
from .filer import OFFICER_ACTIONS

# The officer's transitions and the page that confirms each one (the officer's action table).
ACTION_URLS = {a.transition: f"filings:{a.slug}" for a in OFFICER_ACTIONS.values() if a.transition}


def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The filing's page. Regulators work a filing in the review workspace."""
    filing = get_object_or_404(
        access.visible_filings(request.user)
        .select_related("regime", "platform", "planned_feature", "operator")
        .prefetch_related(
            Prefetch(
                "reviews",
                OfficeReview.objects.select_related("authority", "decision").order_by(
                    "stage", "authority_id"
                ),
            ),
        ),
        pk=pk,
    )
    # A submitted filing's offices are its reviews' (one query for both); a draft has none yet.
    reviews = list(filing.reviews.all())
    addressed = [r.authority for r in reviews] or list(filing.authorities.all())
    if access.reviews_filing(request.user, filing, offices=[a.pk for a in addressed]):
        return redirect("review:workspace", pk=filing.pk)
    context = {
        "filing": filing,
        "addressed": addressed,
        "reviews": reviews,
        "stages": len({r.stage for r in reviews}) > 1,
        **selectors.shared_comments(filing),
        "orders": selectors.rectification_orders(filing),
        "deadlines": _deadlines(filing),
        "revisions": filing.revisions.order_by("-number")
        .select_related("submitted_by")
        .defer("snapshot"),
        "officer_actions": _officer_actions(filing, request.user),
        "timeline": activity.timeline(filing, offices=None),
        "recordable": access.can_record_change(request.user, filing, RECORDABLE_STATES),
    }
    return render(request, "filings/filing_detail.html", context)


def _officer_actions(filing: Filing, user: Any) -> list[tuple[Transition, str]]:
    """What `filing.available_actions(user)` offers of the officer's transitions, asked of
    these alone: asking all of them runs the regulators' guards, which query."""
    # In django-fsm's order, as available_actions lists them.
    names = dict.fromkeys(
        t.name for t in filing.get_all_state_transitions() if t.name in ACTION_URLS
    )
    offered = []
    for name in names:
        method = getattr(filing, name)
        if has_transition_perm(method, user):
            offered.append((method._django_fsm.get_transition(filing.state), ACTION_URLS[name]))
    return offered


def _deadlines(filing: Filing) -> list[Deadline]:
    kinds = {value: str(label) for value, label in DeadlineKind.choices}
    rows = list(filing.deadlines.select_related("rule").order_by("-status", "due_date"))
    for d in rows:
        d.kind_label = kinds.get(d.kind, d.kind)
    return rows
