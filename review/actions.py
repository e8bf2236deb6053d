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

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from filings import services
from filings.access import office_review
from filings.actions import Action
from filings.models import Deadline, Filing

from . import forms

ACTIONS: dict[str, Action] = {
    a.slug: a
    for a in [
        Action(
            "claim",
            _("Claim"),
            forms.ActionForm,
            lambda c: services.claim_filing(filing=c.filing, by=c.user, address=c.address),
            _("You claimed this filing; it is now under your review."),
            transition="claim",
            on_review=True,
            explain=_("You become the assigned reviewer and the filing moves to review."),
        ),
        Action(
            "assign",
            _("Assign"),
            forms.AssignForm,
            lambda c: services.assign_filing(
                filing=c.filing, by=c.user, reviewer=c.data["reviewer"], address=c.address
            ),
            _("The filing was assigned."),
            transition="assign",
            on_review=True,
        ),
        Action(
            "comment",
            _("Comment"),
            forms.CommentForm,
            lambda c: services.comment_on_filing(
                filing=c.filing,
                by=c.user,
                body=c.data["body"],
                question=c.data["question"],
                visibility=c.data["visibility"],
                address=c.address,
            ),
            _("Your comment was added."),
        ),
        Action(
            "request-information",
            _("Request information"),
            forms.InformationRequestForm,
            lambda c: services.comment_on_filing(
                filing=c.filing,
                by=c.user,
                body=c.data["body"],
                question=c.data["question"],
                information_request=True,
                answer_within=c.data.get("answer_within"),
                address=c.address,
            ),
            _("Your information request was sent to the filer."),
        ),
        Action(
            "return",
            _("Return for correction"),
            forms.ReturnForm,
            lambda c: services.return_filing(
                filing=c.filing, by=c.user, reasons=c.data["reasons"], address=c.address
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
            lambda c: services.propose_decision(
                filing=c.filing,
                by=c.user,
                kind=c.data["kind"],
                reasons=c.data["reasons"],
                items=c.data.get("items") or [],
                due_date=c.data.get("due_date"),
                address=c.address,
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
            lambda c: services.approve_filing(
                filing=c.filing, by=c.user, reasons=c.data["reasons"], address=c.address
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
            lambda c: services.reject_filing(
                filing=c.filing, by=c.user, reasons=c.data["reasons"], address=c.address
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
            lambda c: services.send_back_proposal(
                filing=c.filing, by=c.user, reasons=c.data["reasons"], address=c.address
            ),
            _("The proposal was sent back to review."),
            transition="send_back",
            on_review=True,
        ),
        Action(
            "rectify",
            _("Order rectification"),
            forms.RectificationForm,
            lambda c: services.order_rectification(
                filing=c.filing,
                by=c.user,
                items=c.data["items"],
                due_date=c.data["due_date"],
                address=c.address,
            ),
            _("The rectification order was issued."),
            transition="order_rectification",
        ),
        Action(
            "verify",
            _("Verify rectification"),
            forms.ActionForm,
            lambda c: services.verify_rectification(filing=c.filing, by=c.user, address=c.address),
            _("The rectification was verified; the filing is approved again."),
            transition="verify_rectification",
        ),
        Action(
            "accept-change",
            _("Accept the change"),
            forms.OptionalReasonsForm,
            lambda c: services.accept_change(
                filing=c.filing, by=c.user, reasons=c.data["reasons"], address=c.address
            ),
            _("The change was accepted; the filing keeps its number."),
            transition="accept_change",
            explain=_("The filed facts become those of the change's revision."),
        ),
        Action(
            "refuse-change",
            _("Refuse the change"),
            forms.ReasonsForm,
            lambda c: services.refuse_change(
                filing=c.filing, by=c.user, reasons=c.data["reasons"], address=c.address
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
            lambda c: services.accept_cancellation(
                filing=c.filing, by=c.user, reasons=c.data["reasons"], address=c.address
            ),
            _("The cancellation was accepted."),
            transition="accept_cancellation",
        ),
        Action(
            "refuse-cancellation",
            _("Refuse the cancellation"),
            forms.ReasonsForm,
            lambda c: services.refuse_cancellation(
                filing=c.filing, by=c.user, reasons=c.data["reasons"], address=c.address
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
            lambda c: services.extend_deadline(
                filing=c.filing, by=c.user, kind=c.data["kind"], reasons=c.data["reasons"]
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
            lambda c: services.revoke_filing(
                filing=c.filing, by=c.user, reasons=c.data["reasons"], address=c.address
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
