"""The officer's transitions: each one a confirmation page (GET) and the action (POST).

A refusal from the service (FilingError: the state moved on, a guard failed) is shown on
the same page with a 409 and what was typed; nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from assessments.models import Assessment
from assessments.services import missing_items
from audit.services import client_address

from .. import access
from ..forms import (
    AnswerRequestForm,
    CancellationForm,
    ChangeForm,
    RecordFactChangeForm,
    WithdrawForm,
)
from ..models import Comment, FactChange, Filing, FilingRevision, State, Visibility
from ..services import (
    FilingError,
    answer_information_request,
    file_cancellation,
    file_change,
    record_fact_change,
    signoff,
    submit_filing,
    withdraw_filing,
)
from ..services.changes import RECORDABLE_STATES, recorded


def _filing(request: HttpRequest, pk: int) -> Filing:
    """The filing, for its operator's staff only (regulators act in the review app)."""
    return get_object_or_404(
        access.officer_filings(request.user).select_related(
            "regime", "platform", "planned_feature", "operator", "assessment__signed_by"
        ),
        pk=pk,
    )


def _data(request: HttpRequest) -> Any:
    """The posted data, bound even when empty (a confirmation posts no fields)."""
    return request.POST if request.method == "POST" else None


def _confirm(
    request: HttpRequest,
    filing: Filing,
    *,
    form: forms.Form,
    template: str,
    act: Callable[[dict[str, Any]], Any],
    done: Callable[[Any], HttpResponse],
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = act(form.cleaned_data)
            except FilingError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                return done(result)
    return render(
        request, template, {"filing": filing, "form": form, **(context or {})}, status=status
    )


def submit(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _filing(request, pk)

    def done(revision: FilingRevision) -> HttpResponse:
        messages.success(request, _("Submitted. Keep this receipt."))
        return redirect("filings:receipt", pk=filing.pk, number=revision.number)

    assessment = filing.assessment
    return _confirm(
        request,
        filing,
        form=forms.Form(_data(request)),
        template="filings/filing_submit.html",
        act=lambda data: submit_filing(
            filing=filing, by=request.user, address=client_address(request)
        ),
        done=done,
        context={
            "missing": missing_items(assessment) if assessment else [],
            "resubmission": filing.state == State.RETURNED,
        },
    )


def receipt(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The printable receipt of one submitted revision."""
    filing = _filing(request, pk)
    revision = get_object_or_404(filing.revisions.select_related("submitted_by"), number=number)
    context = {
        "filing": filing,
        "revision": revision,
        "authorities": filing.authorities.all(),
        # A change's receipt says what changed.
        "change": FactChange.objects.filter(revision=revision).first(),
        "files": filed_files(revision.snapshot),
    }
    return render(request, "filings/filing_receipt.html", context)


def filed_files(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The files a revision froze, by question: name, size and SHA-256 as filed."""
    answers = snapshot.get("answers") or {}
    return [
        {**file, "question": code}
        for code in sorted(answers)
        for file in answers[code].get("evidence") or []
    ]


def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _filing(request, pk)

    def done(_result: Any) -> HttpResponse:
        messages.success(request, _("The filing is withdrawn."))
        return redirect("filings:detail", pk=filing.pk)

    return _confirm(
        request,
        filing,
        form=WithdrawForm(_data(request)),
        template="filings/filing_withdraw.html",
        act=lambda data: withdraw_filing(
            filing=filing, by=request.user, reason=data["reason"], address=client_address(request)
        ),
        done=done,
    )


def record_change(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Record a change of the filed facts, or the end of the service: the regime's clock to
    file it starts from the day given."""
    if kind not in FactChange.Kind.values:
        raise Http404
    filing = _filing(request, pk)
    if filing.state not in RECORDABLE_STATES:
        messages.info(request, _("A change or an end of service is recorded on a filed filing."))
        return redirect("filings:detail", pk=filing.pk)

    def done(change: FactChange) -> HttpResponse:
        if change.deadline is not None:
            messages.success(
                request,
                _("Recorded. File it by %(date)s.")
                % {"date": change.deadline.due_date.isoformat()},
            )
        else:
            messages.success(request, _("Recorded."))
        return redirect("filings:detail", pk=filing.pk)

    return _confirm(
        request,
        filing,
        form=RecordFactChangeForm(_data(request), kind=kind),
        template="filings/filing_record_change.html",
        act=lambda data: record_fact_change(
            filing=filing,
            by=request.user,
            kind=kind,
            effective_on=data["effective_on"],
            description=data["description"],
            address=client_address(request),
        ),
        done=done,
        context={"kind": kind, "kind_label": FactChange.Kind(kind).label},
    )


def _recorded_initial(filing: Filing, kind: str, date_field: str, text_field: str) -> Any:
    """What the officer recorded, to start the filing form from."""
    change = recorded(filing, kind)
    if change is None:
        return None
    return {date_field: change.effective_on, text_field: change.description}


def change(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _filing(request, pk)

    def done(revision: FilingRevision) -> HttpResponse:
        messages.success(request, _("The change is filed under the same filing number."))
        return redirect("filings:receipt", pk=filing.pk, number=revision.number)

    return _confirm(
        request,
        filing,
        form=ChangeForm(
            _data(request),
            initial=_recorded_initial(filing, FactChange.Kind.CHANGE, "changed_on", "description"),
        ),
        template="filings/filing_change.html",
        act=lambda data: file_change(
            filing=filing,
            by=request.user,
            description=data["description"],
            changed_on=data["changed_on"],
            address=client_address(request),
        ),
        done=done,
    )


def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _filing(request, pk)

    def done(_result: Any) -> HttpResponse:
        messages.success(request, _("The cancellation is filed; the authority confirms it."))
        return redirect("filings:detail", pk=filing.pk)

    return _confirm(
        request,
        filing,
        form=CancellationForm(
            _data(request),
            initial=_recorded_initial(filing, FactChange.Kind.CANCELLATION, "ended_on", "reason"),
        ),
        template="filings/filing_cancel.html",
        act=lambda data: file_cancellation(
            filing=filing,
            by=request.user,
            reason=data["reason"],
            ended_on=data["ended_on"],
            address=client_address(request),
        ),
        done=done,
    )


def answer_request(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    filing = _filing(request, pk)
    info_request = get_object_or_404(
        filing.comments.select_related("question"),
        pk=comment_pk,
        kind=Comment.Kind.INFORMATION_REQUEST,
        visibility=Visibility.FILER,
    )

    def done(_result: Any) -> HttpResponse:
        messages.success(request, _("Your answer is sent to the regulator."))
        return redirect("filings:detail", pk=filing.pk)

    return _confirm(
        request,
        filing,
        form=AnswerRequestForm(_data(request)),
        template="filings/filing_answer_request.html",
        act=lambda data: answer_information_request(
            request=info_request,
            by=request.user,
            body=data["body"],
            address=client_address(request),
        ),
        done=done,
        context={"info_request": info_request},
    )


class SignoffRequestForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the signatory (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def request_signoff(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer asks the operator's signatories to sign the assessment (GET shows what is
    asked, POST sends it). Anyone else, and another operator's assessment: 404."""
    assessment = get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related("planned_feature__platform"),
        pk=pk,
    )
    if not access.officer_of(request.user, assessment.planned_feature.platform.operator_id):
        raise Http404
    form = SignoffRequestForm(_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                signoff.request_signoff(
                    assessment=assessment, by=request.user, note=form.cleaned_data["note"]
                )
            except FilingError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(request, _("The signatories are asked to sign."))
                return redirect("assessments:check", pk=assessment.pk)
    context = {"assessment": assessment, "form": form, "missing": missing_items(assessment)}
    return render(request, "filings/assessment_request_signoff.html", context, status=status)
