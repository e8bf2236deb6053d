"""Taking a filing through the services, one step at a time: the one implementation the demo's
scenarios (demo/scenarios/, run by demo/scenario.py) and the drive to any state (demo/drive.py,
which the tests' `filing_in_state` in tests/builders.py calls) share.

Every step is a call to the services people's requests make, so a step refuses what a person
would be refused. The steps take the people and the texts as arguments: the demo passes its
own (named reviewers, reasons a reader can follow), the tests short defaults.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from assessments.models import Answer, Evidence, Question
from filings import services
from filings.models import Filing, OfficeReview, ReviewState
from platforms.models import PlannedFeature, Platform


@dataclass(frozen=True)
class Proposal:
    """What an office's reviewer proposes and its supervisor confirms."""

    kind: str  # "approve", "reject", "reassess" or "rectify" (filings.outcomes)
    reasons: str
    # The supervisor's reasons: required to confirm a rejection, optional otherwise.
    confirm_reasons: str = ""
    # A re-assessment or rectification order's items and date.
    items: Sequence[str] = ()
    due_date: dt.date | None = None


# The reviewer and the supervisor who act for an office.
OfficePeople = Callable[[OfficeReview], tuple[Any, Any]]


def register_feature(
    *, platform: Platform, by: Any, today: dt.date, **fields: Any
) -> tuple[PlannedFeature, list[Filing]]:
    """A planned feature, and the filings it obliges (in the order the rules create them)."""
    feature, obligations = services.register_planned_feature(
        platform=platform, by=by, today=today, **fields
    )
    return feature, [o.filing for o in obligations]


def attach_evidence(
    answer: Answer,
    *,
    by: Any,
    content: bytes,
    name: str,
    classification: str | None = None,
    stored: list[str] | None = None,
) -> Evidence:
    """A file attached to an answer as an upload would be (hashed, sized, stored under a random
    name). `stored` collects the stored name before the row is written, so a caller can remove
    the file if what follows fails."""
    evidence = Evidence(
        answer=answer,
        original_name=name,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        content_type="application/pdf",
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    if classification is not None:
        evidence.classification = classification
    evidence.file.save("upload", ContentFile(content), save=False)
    if stored is not None:
        stored.append(evidence.file.name)
    evidence.save()
    return evidence


def propose(filing: Filing, *, office_id: int, reviewer: Any, proposal: Proposal) -> None:
    """The office's reviewer claims its review and proposes."""
    services.claim_filing(filing=filing, by=reviewer, office_id=office_id)
    services.propose_decision(
        filing=filing,
        by=reviewer,
        kind=proposal.kind,
        reasons=proposal.reasons,
        items=proposal.items,
        due_date=proposal.due_date,
        office_id=office_id,
    )


def conclude_office(
    filing: Filing, *, office_id: int, reviewer: Any, supervisor: Any, proposal: Proposal
) -> None:
    """One office's review: claimed and proposed by its reviewer, confirmed by its supervisor
    (four eyes)."""
    propose(filing, office_id=office_id, reviewer=reviewer, proposal=proposal)
    if proposal.kind == "reject":
        services.reject_filing(
            filing=filing, by=supervisor, reasons=proposal.confirm_reasons, office_id=office_id
        )
    else:
        services.approve_filing(
            filing=filing, by=supervisor, reasons=proposal.confirm_reasons, office_id=office_id
        )


def open_reviews(filing: Filing) -> list[OfficeReview]:
    """The offices' reviews that can act now (a later stage waits for the earlier one)."""
    return list(
        OfficeReview.objects.filter(filing=filing)
        .exclude(state__in=[ReviewState.CONCLUDED, ReviewState.WAITING])
        .order_by("stage", "pk")
    )


def conclude_every_office(
    filing: Filing, *, people: OfficePeople, proposal_for: Callable[[OfficeReview], Proposal]
) -> None:
    """Every office concludes, stage by stage (a first review forwards to the second), each
    with its own people: the filing is then decided."""
    while reviews := open_reviews(filing):
        for review in reviews:
            reviewer, supervisor = people(review)
            conclude_office(
                filing,
                office_id=review.authority_id,
                reviewer=reviewer,
                supervisor=supervisor,
                proposal=proposal_for(review),
            )


def return_for_correction(
    filing: Filing, *, by: Any, reasons: Sequence[tuple[Question | None, str]]
) -> None:
    """The reviewer returns the filing with reasons per question; the clock pauses."""
    services.return_filing(filing=filing, by=by, reasons=reasons)


def order_rectification(
    filing: Filing, *, by: Any, items: Sequence[str], due_date: dt.date
) -> None:
    services.order_rectification(filing=filing, by=by, items=items, due_date=due_date)


def verify_rectification(filing: Filing, *, by: Any) -> None:
    services.verify_rectification(filing=filing, by=by)


def file_change(
    filing: Filing, *, by: Any, description: str, changed_on: dt.date | None = None
) -> None:
    services.file_change(filing=filing, by=by, description=description, changed_on=changed_on)


def file_cancellation(
    filing: Filing, *, by: Any, reason: str, ended_on: dt.date | None = None
) -> None:
    services.file_cancellation(filing=filing, by=by, reason=reason, ended_on=ended_on)


def accept_cancellation(filing: Filing, *, by: Any) -> None:
    services.accept_cancellation(filing=filing, by=by)


def revoke(filing: Filing, *, by: Any, reasons: str) -> None:
    services.revoke_filing(filing=filing, by=by, reasons=reasons)
