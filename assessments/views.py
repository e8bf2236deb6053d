"""The officer's assessment pages: sections with autosave, evidence, check and sign.

Every object is fetched through `visible_to(request.user)`: another operator's assessment,
question or file is a 404. Refusals from the services (AssessmentError) become a message next
to the field and a 4xx; nothing already saved is lost.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from platforms.models import Role
from platforms.roles import get_actor

from . import prefill, uploads
from .downloads import evidence_response
from .forms import EvidenceForm, typed_answer
from .models import Answer, Assessment, Evidence, Question
from .progress import QuestionRow, SectionProgress, progress, shared_notes
from .services import (
    AssessmentError,
    AssessmentLocked,
    missing_items,
    save_answer,
    sign_assessment,
    unsign_assessment,
)


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    return get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related(
            "template", "planned_feature__platform__operator", "signed_by"
        ),
        pk=pk,
    )


def _question(assessment: Assessment, question_pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("section"),
        pk=question_pk,
        section__template_id=assessment.template_id,
    )


def _roles(request: HttpRequest, assessment: Assessment) -> dict[str, bool]:
    actor = get_actor(request.user)
    operator_id = assessment.planned_feature.platform.operator_id
    is_officer = actor.has_operator_role(operator_id, Role.OFFICER)
    return {
        "can_edit": is_officer and not assessment.is_signed,
        "is_officer": is_officer,
        "is_signatory": actor.has_operator_role(operator_id, Role.SIGNATORY),
    }


def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The sections with their progress."""
    assessment = _assessment(request, pk)
    sections = progress(assessment)
    context = {"assessment": assessment, "sections": sections, **_roles(request, assessment)}
    return render(request, "assessments/assessment_detail.html", context)


def _render_section(
    request: HttpRequest,
    assessment: Assessment,
    code: str,
    status: int = 200,
    shown: SectionProgress | None = None,
) -> HttpResponse:
    """The section page; `shown` carries what was typed and refused, to show it again."""
    sections = progress(assessment)
    index = next((i for i, s in enumerate(sections) if s.section.code == code), None)
    if index is None:
        raise Http404
    if shown is not None:
        sections[index] = shown
    current = sections[index]
    notes = shared_notes(assessment)
    sources = prefill.sources(row.answer for row in current.rows)
    for row in current.rows:
        row.notes = notes.get(row.question.pk, [])
        pre_filled_from = row.answer.prefilled_from_id if row.answer else None
        row.source = sources.get(pre_filled_from) if pre_filled_from is not None else None
    context = {
        "assessment": assessment,
        "sections": sections,
        "current": current,
        "previous": sections[index - 1] if index else None,
        "next": sections[index + 1] if index + 1 < len(sections) else None,
        "ratings": Answer.Rating.choices,
        "classifications": Evidence.Classification.choices,
        **_roles(request, assessment),
    }
    return render(request, "assessments/assessment_section.html", context, status=status)


def _section_of(
    assessment: Assessment, section_id: int | None = None, code: str = ""
) -> SectionProgress:
    found = next(
        (s for s in progress(assessment) if s.section.pk == section_id or s.section.code == code),
        None,
    )
    if found is None:
        raise Http404
    return found


def _save_typed(request: HttpRequest, assessment: Assessment, section: SectionProgress) -> bool:
    """Save every answer the section form carried; keep what was typed next to any refusal."""
    ok = True
    for row in section.rows:
        typed = typed_answer(request.POST, row.question)
        if typed is None:
            continue
        row.typed = typed
        try:
            row.answer = save_answer(
                assessment=assessment,
                question=row.question,
                value=typed["value"],
                risk_rating=typed["risk"],
                note=typed["note"],
                by=request.user,
            )
        except AssessmentError as exc:
            row.error, ok = str(exc), False
    return ok


def assessment_section(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """One section. Answers autosave one by one; this POST saves them all (without JS)."""
    assessment = _assessment(request, pk)
    if request.method != "POST":
        return _render_section(request, assessment, code)
    current = _section_of(assessment, code=code)
    if _save_typed(request, assessment, current):
        messages.success(request, _("Section %(code)s saved.") % {"code": code})
        return redirect("assessments:section", pk=assessment.pk, code=code)
    return _render_section(request, assessment, code, 400, current)


def autosave_answer(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """htmx: save one answer as it is typed; answer the status line (422 when refused)."""
    assessment = _assessment(request, pk)
    question = _question(assessment, question_pk)
    if request.method != "POST":
        return redirect(_question_url(assessment, question))
    typed = typed_answer(request.POST, question) or {}
    row = QuestionRow(question, None, typed=typed)
    status = 200
    try:
        row.answer = save_answer(
            assessment=assessment,
            question=question,
            value=typed.get("value", ""),
            risk_rating=typed.get("risk", ""),
            note=typed.get("note", ""),
            by=request.user,
        )
    except AssessmentError as exc:
        row.error, status = str(exc), 422
    section = _section_of(assessment, section_id=question.section_id)
    context = {"row": row, "section": section, "assessment": assessment}
    return render(request, "assessments/_answer_status.html", context, status=status)


def _refusal_status(request: HttpRequest, assessment: Assessment) -> int:
    roles = _roles(request, assessment)
    return 403 if not roles["is_officer"] else 409 if assessment.is_signed else 400


def confirm_answer(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """POST: confirm a pre-filled answer as it stands (what else the section form carried is
    saved first, as an upload does); GET goes back to the question."""
    assessment = _assessment(request, pk)
    question = _question(assessment, question_pk)
    if request.method != "POST":
        return redirect(_question_url(assessment, question))
    current = _section_of(assessment, section_id=question.section_id)
    row = next(r for r in current.rows if r.question.pk == question.pk)
    try:
        if not _save_typed(request, assessment, current):
            raise AssessmentError(row.error or _("Some answers were not saved; see below."))
        prefill.confirm_answer(assessment=assessment, question=question, by=request.user)
    except AssessmentError as exc:
        row.error = str(exc)
        status = _refusal_status(request, assessment)
        return _render_section(request, assessment, current.section.code, status, current)
    messages.success(request, _("%(code)s confirmed.") % {"code": question.code})
    return redirect(_question_url(assessment, question))


@csrf_exempt
def upload_evidence(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    # The size limit must be in place before anything reads the body, and the CSRF check
    # reads it: so the handler goes in first and the check runs after (Django's documented
    # pattern for per-view upload handlers).
    uploads.limit_evidence_size(request)
    return _upload_evidence(request, pk, question_pk)


@csrf_protect
def _upload_evidence(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    question = _question(assessment, question_pk)
    if request.method != "POST":
        return redirect(_question_url(assessment, question))
    current = _section_of(assessment, section_id=question.section_id)
    answers_ok = _save_typed(request, assessment, current)
    form = EvidenceForm(request.POST, request.FILES, prefix=f"q{question.pk}")
    row = next(r for r in current.rows if r.question.pk == question.pk)
    if getattr(request, "evidence_too_large", False):
        row.upload_error = uploads.too_large_message()
        return _render_section(request, assessment, current.section.code, 413, current)
    if not form.is_valid():
        row.upload_error = " ".join(str(e) for errs in form.errors.values() for e in errs)
        return _render_section(request, assessment, current.section.code, 400, current)
    try:
        evidence = uploads.add_evidence(
            assessment=assessment,
            question=question,
            upload=form.cleaned_data["file"],
            classification=form.cleaned_data["classification"],
            by=request.user,
        )
    except AssessmentError as exc:
        row.upload_error = str(exc)
        return _render_section(request, assessment, current.section.code, 400, current)
    messages.success(
        request,
        _("%(name)s uploaded (SHA-256 %(sha)s).")
        % {"name": evidence.original_name, "sha": evidence.sha256},
    )
    if not answers_ok:
        return _render_section(request, assessment, current.section.code, 400, current)
    return redirect(_question_url(assessment, question))


def _question_url(assessment: Assessment, question: Question) -> str:
    url = reverse("assessments:section", args=[assessment.pk, question.section.code])
    return f"{url}#q-{question.code}"


def download_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """Only through here, only for whom the evidence is visible, always as an attachment."""
    evidence = get_object_or_404(
        Evidence.objects.visible_to(request.user).select_related("answer", "detached_from"),
        pk=pk,
    )
    # On the record of the assessment's filing (the first, when one assessment serves two).
    filing_id = (
        evidence.held_by.assessment.filings.order_by("pk").values_list("pk", flat=True).first()
    )
    return evidence_response(request, evidence, filing_id=filing_id)


def assessment_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Every missing answer or evidence, each linking to its question; the signature."""
    assessment = _assessment(request, pk)
    context = {
        "assessment": assessment,
        "missing": missing_items(assessment),
        "sections": progress(assessment),
        **_roles(request, assessment),
    }
    return render(request, "assessments/assessment_check.html", context)


def sign(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the check page (the confirmation); POST: the signatory signs."""
    assessment = _assessment(request, pk)
    if request.method != "POST":
        return redirect("assessments:check", pk=assessment.pk)
    try:
        sign_assessment(assessment=assessment, by=request.user)
    except AssessmentError as exc:
        messages.error(request, str(exc))
        context = {
            "assessment": assessment,
            "missing": missing_items(assessment),
            "sections": progress(assessment),
            **_roles(request, assessment),
        }
        return render(request, "assessments/assessment_check.html", context, status=409)
    messages.success(request, _("The assessment is signed."))
    return redirect("assessments:check", pk=assessment.pk)


def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: confirm; POST: withdraw the signature so that answers can change again."""
    assessment = _assessment(request, pk)
    if request.method != "POST":
        return render(request, "assessments/assessment_reopen.html", {"assessment": assessment})
    try:
        unsign_assessment(assessment=assessment, by=request.user)
    except AssessmentError as exc:
        messages.error(request, str(exc))
        status = 409 if isinstance(exc, AssessmentLocked) else 403
        return render(
            request, "assessments/assessment_reopen.html", {"assessment": assessment}, status=status
        )
    messages.success(request, _("The assessment is open for editing; it needs signing again."))
    return redirect("assessments:detail", pk=assessment.pk)
