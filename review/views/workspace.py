"""One page per filing, and one confirmation page (GET) and action (POST) per transition."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Exists, FilteredRelation, OuterRef, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assessments.downloads import evidence_response
from core.aggregates import rows_as_json
from filings import access, activity
from filings.actions import confirm, posted
from filings.models import (
    Decision,
    FactChange,
    Filing,
    OfficeReview,
    RectificationAttachment,
    RectificationOrder,
)
from filings.selectors import FACT_CHANGE_FIELDS, fact_changes_read_with, rectification_orders
from platforms.formfields import as_id
from platforms.roles import get_actor

from .. import selectors
from ..actions import ACTIONS, offered


def _reviews_with_proposals() -> QuerySet[OfficeReview]:
    """A filing's office reviews, each with its pending proposal joined on its row (a LEFT
    JOIN: at most one per review, `decision_one_pending_per_review`)."""
    pending = FilteredRelation(
        "decisions", condition=Q(decisions__outcome=Decision.Outcome.PENDING)
    )
    # django-stubs does not know a FilteredRelation's name in select_related.
    return OfficeReview.objects.annotate(pending=pending).select_related(  # type: ignore[misc]
        "authority", "assignee", "decision", "pending__proposed_by", "pending__escalated_to"
    )


def _filing(request: HttpRequest, pk: int) -> Filing:
    """A filing addressed to the user's authority (anything else is a 404).

    Each office's review comes with its pending proposal, if any. The changes of the filed
    facts come with the filing's row (as JSON, `core.aggregates.rows_as_json`), and whether
    it has a rectification order (an EXISTS probe of an index): most filings have none,
    and the page then reads no orders (the workspace's query budget, docs/performance.md)."""
    filing = get_object_or_404(
        access.regulator_filings(request.user)
        .select_related("regime", "planned_feature__platform__operator", "assessment")
        .annotate(
            has_orders=Exists(RectificationOrder.objects.filter(filing=OuterRef("pk"))),
            fact_change_rows=rows_as_json(FactChange.objects.all(), "filing", FACT_CHANGE_FIELDS),
        )
        .prefetch_related(
            Prefetch("reviews", _reviews_with_proposals()),
        ),
        pk=pk,
    )
    reviews = list(filing.reviews.all())
    for review in reviews:
        # The cached_property, read above (no attribute when the join found no row).
        review.__dict__["open_proposal"] = getattr(review, "pending", None)
    # A filing's platform and operator are its planned feature's: no second join for them.
    filing.platform = filing.planned_feature.platform
    filing.operator = filing.platform.operator
    return filing


CHANGE_DECISIONS = {
    "accept_change": "change",
    "refuse_change": "change",
    "accept_cancellation": "cancellation",
    "refuse_cancellation": "cancellation",
}


@require_GET
def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _filing(request, pk)
    number = request.GET.get("rev", "")
    # An unknown or malformed number shows the latest revision (as_id: "²" is a digit).
    diff = selectors.revision_diff(filing, as_id(number))
    mine = access.office_review(filing, request.user)
    clocks = selectors.deadlines(filing)
    context = {
        "filing": filing,
        "diff": diff,
        # Each file of the diff links to review:evidence by the filing and its SHA-256: the
        # prefix once, not a {% url %} a file.
        "evidence_base": reverse("review:workspace", args=[filing.pk]) + "evidence/",
        "deadlines": clocks,
        "timeline": activity.timeline(filing, offices=get_actor(request.user).authority_ids),
        "thread": selectors.thread(filing, request.user),
        "revisions": diff.revisions,
        "actions": offered(
            filing, request.user, regulator=True, deadlines=[c.deadline for c in clocks]
        ),
        "my_review": mine,
        "reviews": filing.reviews.all(),
        "stages": len({r.stage for r in filing.reviews.all()}) > 1,
        # An office's proposal is its own business until it is confirmed.
        "proposal": mine.open_proposal if mine is not None else None,
        "fact_changes": fact_changes_read_with(filing),
        # Orders with their items and the items' files in one query (read from the items).
        "orders": rectification_orders(filing) if getattr(filing, "has_orders", True) else [],
    }
    return render(request, "review/filing_workspace.html", context)


@require_http_methods(["GET", "POST"])
def action(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """One regulator's step (`review/actions.py`), confirmed as every step is
    (`filings.actions.confirm`)."""
    spec = ACTIONS.get(slug)
    if spec is None:
        raise Http404
    filing = _filing(request, pk)
    if request.method == "GET" and spec not in offered(filing, request.user, regulator=True):
        messages.info(request, _("That action is not available on this filing now."))
        return redirect("review:workspace", pk=filing.pk)
    context = {}
    if spec.transition in CHANGE_DECISIONS:
        # What is decided on, read before deciding: the change's text and its revision.
        kind = CHANGE_DECISIONS[spec.transition]
        context["fact_changes"] = [
            c
            for c in fact_changes_read_with(filing)
            if c.kind == kind and c.status == c.Status.FILED
        ]
    return confirm(
        request,
        filing,
        spec,
        spec.form(posted(request), filing=filing, user=request.user),
        success=lambda _result: redirect("review:workspace", pk=filing.pk),
        context=context,
        template="review/filing_action.html",
    )


@require_GET
def evidence_download(request: HttpRequest, pk: int, sha256: str) -> FileResponse:
    """A file a submitted revision of a filing addressed to the user's authority names, as an
    attachment; the download goes on that filing's record ("who read this evidence" is
    answered from the filing). Anything else, a draft's file included, is a 404."""
    filing = get_object_or_404(
        access.regulator_filings(request.user).only("pk", "assessment_id"), pk=pk
    )
    evidence = selectors.filed_evidence(filing, sha256)
    if evidence is None:
        raise Http404
    return evidence_response(request, evidence, filing_id=filing.pk)


@require_GET
def rectification_file(request: HttpRequest, pk: int) -> FileResponse:
    """A file of a rectification response sent on a filing addressed to the user's authority.
    Files of a response not yet sent are the officer's draft: the regulator sees none."""
    attachment = get_object_or_404(
        RectificationAttachment.objects.filter(
            item__order__filing__in=access.regulator_filings(request.user)
        )
        .exclude(item__order__status=RectificationOrder.Status.OPEN)
        .select_related("item__order"),
        pk=pk,
    )
    filing_id = attachment.item.order.filing_id
    # evidence_response reads what Evidence and RectificationAttachment share: the file, its
    # name, type, size and hash.
    return evidence_response(request, attachment, filing_id=filing_id)  # type: ignore[arg-type]  # shares what evidence_response reads (file, name, type, size, hash)
