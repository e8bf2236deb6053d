"""The officer's steps on a filing, written once as a table (`OFFICER_ACTIONS`) and taken
the way every step is (`filings.actions.confirm`): GET shows the confirmation page, POST
takes the step; invalid input is a 400 and a refusal of the service a 409, both on the same
page with what was typed; nothing is lost.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from assessments.models import Assessment
from assessments.services import missing_items

from .. import access
from ..actions import Action, confirm, posted
from ..forms import (
    AnswerRequestForm,
    CancellationForm,
    ChangeForm,
    RecordFactChangeForm,
    WithdrawForm,
)
from ..models import Comment, FactChange, Filing, State, Visibility
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


# --- The officer's steps, written once (filings.actions: GET shows, POST takes) -------------
OFFICER_ACTIONS: dict[str, Action] = {
    a.slug: a
    for a in [
        Action(
            "submit",
            _("Submit"),
            lambda data, **_: forms.Form(data),
            lambda c: submit_filing(filing=c.filing, by=c.user, address=c.address),
            _("Submitted. Keep this receipt."),
            transition="submit",
            template="filings/filing_submit.html",
        ),
        Action(
            "withdraw",
            _("Withdraw"),
            lambda data, **_: WithdrawForm(data),
            lambda c: withdraw_filing(
                filing=c.filing, by=c.user, reason=c.data["reason"], address=c.address
            ),
            _("The filing is withdrawn."),
            transition="withdraw",
            danger=True,
            template="filings/filing_withdraw.html",
        ),
        Action(
            "record-change",
            _("Record a change"),
            lambda data, kind, **_: RecordFactChangeForm(data, kind=kind),
            lambda c: record_fact_change(
                filing=c.filing,
                by=c.user,
                kind=c.target,
                effective_on=c.data["effective_on"],
                description=c.data["description"],
                address=c.address,
            ),
            lambda change: (
                _("Recorded. File it by %(date)s.") % {"date": change.deadline.due_date.isoformat()}
                if change.deadline is not None
                else _("Recorded.")
            ),
            template="filings/filing_record_change.html",
        ),
        Action(
            "change",
            _("File a change"),
            lambda data, filing, **_: ChangeForm(
                data,
                initial=_recorded_initial(
                    filing, FactChange.Kind.CHANGE, "changed_on", "description"
                ),
            ),
            lambda c: file_change(
                filing=c.filing,
                by=c.user,
                description=c.data["description"],
                changed_on=c.data["changed_on"],
                address=c.address,
            ),
            _("The change is filed under the same filing number."),
            transition="file_change",
            template="filings/filing_change.html",
        ),
        Action(
            "cancel",
            _("File a cancellation"),
            lambda data, filing, **_: CancellationForm(
                data,
                initial=_recorded_initial(
                    filing, FactChange.Kind.CANCELLATION, "ended_on", "reason"
                ),
            ),
            lambda c: file_cancellation(
                filing=c.filing,
                by=c.user,
                reason=c.data["reason"],
                ended_on=c.data["ended_on"],
                address=c.address,
            ),
            _("The cancellation is filed; the authority confirms it."),
            transition="file_cancellation",
            danger=True,
            template="filings/filing_cancel.html",
        ),
        Action(
            "answer",
            _("Answer the request"),
            lambda data, **_: AnswerRequestForm(data),
            lambda c: answer_information_request(
                request=c.target, by=c.user, body=c.data["body"], address=c.address
            ),
            _("Your answer is sent to the regulator."),
            template="filings/filing_answer_request.html",
        ),
    ]
}


def _take(
    request: HttpRequest,
    filing: Filing,
    slug: str,
    *,
    success: Any = None,
    target: Any = None,
    context: dict[str, Any] | None = None,
    **form_kwargs: Any,
) -> HttpResponse:
    """One of the officer's steps, confirmed as every step is (`filings.actions.confirm`);
    done, back to the filing unless `success` says otherwise."""
    action = OFFICER_ACTIONS[slug]
    form = action.form(posted(request), filing=filing, **form_kwargs)
    return confirm(
        request,
        filing,
        action,
        form,
        success=success or (lambda _result: redirect("filings:detail", pk=filing.pk)),
        target=target,
        context=context,
    )


def _to_receipt(filing: Filing) -> Any:
    return lambda revision: redirect("filings:receipt", pk=filing.pk, number=revision.number)


def submit(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _filing(request, pk)
    assessment = filing.assessment
    context = {
        "missing": missing_items(assessment) if assessment else [],
        "resubmission": filing.state == State.RETURNED,
    }
    return _take(request, filing, "submit", success=_to_receipt(filing), context=context)


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
    return _take(request, _filing(request, pk), "withdraw")


def record_change(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Record a change of the filed facts, or the end of the service: the regime's clock to
    file it starts from the day given."""
    if kind not in FactChange.Kind.values:
        raise Http404
    filing = _filing(request, pk)
    if filing.state not in RECORDABLE_STATES:
        messages.info(request, _("A change or an end of service is recorded on a filed filing."))
        return redirect("filings:detail", pk=filing.pk)
    context = {"kind": kind, "kind_label": FactChange.Kind(kind).label}
    return _take(request, filing, "record-change", target=kind, kind=kind, context=context)


def _recorded_initial(filing: Filing, kind: str, date_field: str, text_field: str) -> Any:
    """What the officer recorded, to start the filing form from."""
    change = recorded(filing, kind)
    if change is None:
        return None
    return {date_field: change.effective_on, text_field: change.description}


def change(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _filing(request, pk)
    return _take(request, filing, "change", success=_to_receipt(filing))


def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _take(request, _filing(request, pk), "cancel")


def answer_request(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    filing = _filing(request, pk)
    info_request = get_object_or_404(
        filing.comments.select_related("question"),
        pk=comment_pk,
        kind=Comment.Kind.INFORMATION_REQUEST,
        visibility=Visibility.FILER,
    )
    context = {"info_request": info_request}
    return _take(request, filing, "answer", target=info_request, context=context)


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
    form = SignoffRequestForm(posted(request))
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
