"""The regulator's actions, written once as a table: the URL slug, the filing transition
that decides whether the page offers it, the form, and the one service call it makes.

The workspace offers an action when the transitions the user may take now hold it: review
actions (claim, assign, return, propose, confirm, send back) are transitions of the user's
office's review (`OfficeReview.available_actions`), decisions after the review are the
filing's (`Filing.available_actions`); the models are the single source of the rules.
Comments and information requests are not transitions, and the service decides whether they
are allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from filings import services
from filings.access import office_review
from filings.models import Deadline, Filing

from . import forms

Run = Callable[[Filing, Any, dict[str, Any], str | None], Any]


@dataclass(frozen=True)
class Action:
    slug: str
    label: Any
    form: type[forms.ActionForm]
    run: Run
    done: Any  # the success message
    transition: str | None = None
    danger: bool = False
    explain: Any = ""
    # The review's transitions, or the filing's.
    on_review: bool = False
    # For the confirmation of a proposal: offered for a "reject" proposal or for any other.
    when_proposal: str | None = None


ACTIONS: dict[str, Action] = {
    a.slug: a
    for a in [
        Action(
            "claim",
            _("Claim"),
            forms.ActionForm,
            lambda f, u, d, ip: services.claim_filing(filing=f, by=u, address=ip),
            _("You claimed this filing; it is now under your review."),
            transition="claim",
            on_review=True,
            explain=_("You become the assigned reviewer and the filing moves to review."),
        ),
        Action(
            "assign",
            _("Assign"),
            forms.AssignForm,
            lambda f, u, d, ip: services.assign_filing(
                filing=f, by=u, reviewer=d["reviewer"], address=ip
            ),
            _("The filing was assigned."),
            transition="assign",
            on_review=True,
        ),
        Action(
            "comment",
            _("Comment"),
            forms.CommentForm,
            lambda f, u, d, ip: services.comment_on_filing(
                filing=f,
                by=u,
                body=d["body"],
                question=d["question"],
                visibility=d["visibility"],
                address=ip,
            ),
            _("Your comment was added."),
        ),
        Action(
            "request-information",
            _("Request information"),
            forms.InformationRequestForm,
            lambda f, u, d, ip: services.comment_on_filing(
                filing=f,
                by=u,
                body=d["body"],
                question=d["question"],
                information_request=True,
                address=ip,
            ),
            _("Your information request was sent to the filer."),
        ),
        Action(
            "return",
            _("Return for correction"),
            forms.ReturnForm,
            lambda f, u, d, ip: services.return_filing(
                filing=f, by=u, reasons=d["reasons"], address=ip
            ),
            _("The filing was returned to the filer; the review clock is paused."),
            transition="return_for_correction",
            on_review=True,
            explain=_("Name the question each reason concerns. The review clock pauses."),
        ),
        Action(
            "propose",
            _("Propose a decision"),
            forms.ProposeForm,
            lambda f, u, d, ip: services.propose_decision(
                filing=f,
                by=u,
                kind=d["kind"],
                reasons=d["reasons"],
                items=d.get("items") or [],
                due_date=d.get("due_date"),
                address=ip,
            ),
            _("Your proposal was sent to a supervisor."),
            transition="propose",
            on_review=True,
            explain=_(
                "A supervisor of your office other than you confirms or sends back the "
                "proposal (the supervising office, when yours has no other supervisor)."
            ),
        ),
        Action(
            "approve",
            _("Confirm the proposal"),
            forms.OptionalReasonsForm,
            lambda f, u, d, ip: services.approve_filing(
                filing=f, by=u, reasons=d["reasons"], address=ip
            ),
            _("The proposal was confirmed: it is your office's conclusion."),
            transition="confirm",
            on_review=True,
            when_proposal="positive",
            explain=_(
                "The proposal becomes your office's conclusion. Once every office has "
                "concluded, the filing is decided: an algorithm filing gets its number on the "
                "public register; an assessment its offices' written conclusions."
            ),
        ),
        Action(
            "reject",
            _("Reject"),
            forms.ReasonsForm,
            lambda f, u, d, ip: services.reject_filing(
                filing=f, by=u, reasons=d["reasons"], address=ip
            ),
            _("The filing was rejected."),
            transition="confirm",
            on_review=True,
            when_proposal="reject",
            danger=True,
        ),
        Action(
            "send-back",
            _("Send back to review"),
            forms.ReasonsForm,
            lambda f, u, d, ip: services.send_back_proposal(
                filing=f, by=u, reasons=d["reasons"], address=ip
            ),
            _("The proposal was sent back to review."),
            transition="send_back",
            on_review=True,
        ),
        Action(
            "rectify",
            _("Order rectification"),
            forms.RectificationForm,
            lambda f, u, d, ip: services.order_rectification(
                filing=f, by=u, items=d["items"], due_date=d["due_date"], address=ip
            ),
            _("The rectification order was issued."),
            transition="order_rectification",
        ),
        Action(
            "verify",
            _("Verify rectification"),
            forms.ActionForm,
            lambda f, u, d, ip: services.verify_rectification(filing=f, by=u, address=ip),
            _("The rectification was verified; the filing is approved again."),
            transition="verify_rectification",
        ),
        Action(
            "accept-change",
            _("Accept the change"),
            forms.OptionalReasonsForm,
            lambda f, u, d, ip: services.accept_change(
                filing=f, by=u, reasons=d["reasons"], address=ip
            ),
            _("The change was accepted; the filing keeps its number."),
            transition="accept_change",
            explain=_("The filed facts become those of the change's revision."),
        ),
        Action(
            "refuse-change",
            _("Refuse the change"),
            forms.ReasonsForm,
            lambda f, u, d, ip: services.refuse_change(
                filing=f, by=u, reasons=d["reasons"], address=ip
            ),
            _("The change was refused; the operator must file a corrected change."),
            transition="refuse_change",
            danger=True,
            explain=_(
                "The filing stays as last accepted. The operator reads your reasons and must "
                "file a corrected change within the regime's period, counted from today."
            ),
        ),
        Action(
            "accept-cancellation",
            _("Accept the cancellation"),
            forms.OptionalReasonsForm,
            lambda f, u, d, ip: services.accept_cancellation(
                filing=f, by=u, reasons=d["reasons"], address=ip
            ),
            _("The cancellation was accepted."),
            transition="accept_cancellation",
        ),
        Action(
            "refuse-cancellation",
            _("Refuse the cancellation"),
            forms.ReasonsForm,
            lambda f, u, d, ip: services.refuse_cancellation(
                filing=f, by=u, reasons=d["reasons"], address=ip
            ),
            _("The cancellation was refused; the filing stands."),
            transition="refuse_cancellation",
            danger=True,
            explain=_("The filing stays filed; the operator reads your reasons."),
        ),
        Action(
            "extend-deadline",
            _("Extend a clock"),
            forms.ExtendDeadlineForm,
            lambda f, u, d, ip: services.extend_deadline(
                filing=f, by=u, kind=d["kind"], reasons=d["reasons"]
            ),
            _("The clock was extended; the filer is told why."),
            explain=_(
                "Once, by what the regime allows, and only within the notice window the "
                "regime sets."
            ),
        ),
        Action(
            "revoke",
            _("Revoke"),
            forms.ReasonsForm,
            lambda f, u, d, ip: services.revoke_filing(
                filing=f, by=u, reasons=d["reasons"], address=ip
            ),
            _("The filing was revoked."),
            transition="revoke",
            danger=True,
        ),
    ]
}


def offered(
    filing: Filing, user: Any, *, regulator: bool, deadlines: Iterable[Deadline] | None = None
) -> list[Action]:
    """The actions the workspace shows this user now, in the table's order (`deadlines`: the
    filing's, with their rules, when the page has loaded them)."""
    review = office_review(filing, user)
    on_review = {t.name for t in review.available_actions(user)} if review else set()
    on_filing = {t.name for t in filing.available_actions(user)}
    proposal = review.open_proposal if review else None
    negative = proposal is not None and proposal.kind == "reject"
    shown = []
    for action in ACTIONS.values():
        names = on_review if action.on_review else on_filing
        if action.transition not in names:
            continue
        if action.when_proposal == "reject" and not negative:
            continue
        if action.when_proposal == "positive" and negative:
            continue
        shown.append(action)
    if regulator and review is not None:
        shown.append(ACTIONS["comment"])
        if review.state == "under_review":
            shown.append(ACTIONS["request-information"])
        if forms.extendable_deadlines(filing, deadlines):
            shown.append(ACTIONS["extend-deadline"])
    return shown
