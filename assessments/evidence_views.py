"""The officer's pages for a draft's evidence: remove a file, replace it, attach one from the
operator's library (assessments.evidence).

Each page fetches the assessment through `visible_to(request.user)` and the file through the
assessment (or the operator's library): another operator's, or a regulator's request, is a
404. GET shows the page; POST does it. A signed assessment is refused with 409, a user who
is not a compliance officer with 403, a bad form with 400; nothing changes then.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from platforms.formfields import as_id

from . import evidence as services
from . import uploads
from .forms import EvidenceForm, LibraryForm
from .models import Assessment, Evidence
from .services import AssessmentError
from .views import _assessment, _question, _question_url, _roles

LIBRARY_PAGE_SIZE = 50


def _status(exc: AssessmentError) -> int:
    if isinstance(exc, uploads.EvidenceLockedError):
        return 409
    if isinstance(exc, uploads.EvidenceRoleError):
        return 403
    if isinstance(exc, services.EvidenceGoneError):
        return 404
    return 400


def _attached(assessment: Assessment, pk: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.filter(answer__assessment=assessment).select_related(
            "answer__question__section"
        ),
        pk=pk,
    )


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    assessment = context["assessment"]
    context = {**context, **_roles(request, assessment)}
    if assessment.is_signed:
        context["locked"] = _("The assessment is signed, so its evidence is read-only.")
    return render(request, f"assessments/{template}", context, status=status)


def remove_evidence(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """GET: what removing does to this file; POST: take it off the question."""
    assessment = _assessment(request, pk)
    evidence = _attached(assessment, evidence_pk)
    question = evidence.held_by.question
    context = {
        "assessment": assessment,
        "evidence": evidence,
        "question": question,
        "filed": evidence.sha256 in services.filed_hashes(assessment),
    }
    if request.method != "POST":
        return _page(request, "evidence_remove.html", context)
    try:
        taken = services.remove_evidence(
            assessment=assessment, evidence_id=evidence.pk, by=request.user
        )
    except AssessmentError as exc:
        messages.error(request, str(exc))
        return _page(request, "evidence_remove.html", context, _status(exc))
    if taken.kept:
        text = _("%(name)s is removed from %(code)s; it is kept for the revisions filed with it.")
    else:
        text = _("%(name)s is removed from %(code)s and deleted.")
    messages.success(request, text % {"name": taken.name, "code": question.code})
    return redirect(_question_url(assessment, question))


@csrf_exempt
def replace_evidence(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    # As for an upload (views.upload_evidence): the size limit before the CSRF check reads
    # the body.
    uploads.limit_evidence_size(request)
    return _replace_evidence(request, pk, evidence_pk)


@csrf_protect
def _replace_evidence(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    evidence = _attached(assessment, evidence_pk)
    question = evidence.held_by.question
    if request.method != "POST":
        form = EvidenceForm(initial={"classification": evidence.classification})
        context = {"assessment": assessment, "evidence": evidence, "form": form}
        return _page(request, "evidence_replace.html", context)
    form = EvidenceForm(request.POST, request.FILES)
    context = {"assessment": assessment, "evidence": evidence, "form": form}
    if getattr(request, "evidence_too_large", False):
        context["upload_error"] = uploads.too_large_message()
        return _page(request, "evidence_replace.html", context, 413)
    if not form.is_valid():
        context["upload_error"] = " ".join(str(e) for errs in form.errors.values() for e in errs)
        return _page(request, "evidence_replace.html", context, 400)
    try:
        done = services.replace_evidence(
            assessment=assessment,
            evidence_id=evidence.pk,
            upload=form.cleaned_data["file"],
            classification=form.cleaned_data["classification"],
            by=request.user,
        )
    except AssessmentError as exc:
        context["upload_error"] = str(exc)
        return _page(request, "evidence_replace.html", context, _status(exc))
    messages.success(
        request,
        _("%(old)s is replaced by %(name)s (SHA-256 %(sha)s).")
        % {"old": done.old.name, "name": done.new.original_name, "sha": done.new.sha256},
    )
    return redirect(_question_url(assessment, question))


def _search(request: HttpRequest) -> str:
    # PostgreSQL refuses a NUL in a parameter (a 500); no file name holds one.
    return (request.GET.get("q") or "").replace("\x00", "").strip()[:100]


def evidence_library(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """GET: the operator's files, to choose one for this question; POST: attach it."""
    assessment = _assessment(request, pk)
    question = _question(assessment, question_pk)
    if not assessment.applicable_questions().filter(pk=question.pk).exists():
        raise Http404
    form = LibraryForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = _attach(request, assessment, question, form)
        if status == 302:
            return redirect(_question_url(assessment, question))
    files = services.library(assessment)
    search = _search(request)
    if search:
        files = files.filter(original_name__icontains=search)
    page = Paginator(files, LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    attached = set(
        Evidence.objects.filter(
            answer__assessment=assessment, answer__question=question
        ).values_list("sha256", flat=True)
    )
    context = {
        "assessment": assessment,
        "question": question,
        "form": form,
        "page": page,
        "search": search,
        "attached": attached,
        "classifications": Evidence.Classification.choices,
    }
    return _page(request, "evidence_library.html", context, status)


def _attach(request: HttpRequest, assessment: Assessment, question: Any, form: LibraryForm) -> int:
    """Attach the chosen file; the status of the answer (302 when done)."""
    if not form.is_valid():
        return 400
    source_id = as_id(form.cleaned_data["source"])
    if source_id is None:
        form.add_error("source", _("Choose a file from the list."))
        return 400
    # Another operator's file, or one that does not exist: as if it were not there.
    get_object_or_404(services.library(assessment), pk=source_id)
    try:
        evidence = services.attach_from_library(
            assessment=assessment,
            question=question,
            source_id=source_id,
            classification=form.cleaned_data["classification"],
            by=request.user,
        )
    except AssessmentError as exc:
        if isinstance(exc, services.EvidenceGoneError):
            raise Http404 from exc
        form.add_error(None, str(exc))
        return _status(exc)
    messages.success(
        request,
        _("%(name)s attached to %(code)s (SHA-256 %(sha)s).")
        % {"name": evidence.original_name, "code": question.code, "sha": evidence.sha256},
    )
    return 302
