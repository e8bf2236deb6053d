"""What a token reaches: its owner's rights (filings.access and the models' `visible_to`),
narrowed to the token's own organisation. Anything else is a 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from rest_framework.exceptions import PermissionDenied

from assessments.models import Assessment
from filings import access
from filings.models import Decision, Filing
from notices import access as notice_access
from notices.models import Notice, NoticeRecipient
from platforms.models import Authority, PlannedFeature, Platform

from .models import ApiToken


def operator_of(token: ApiToken) -> int:
    """The operator an operator's token acts for (a regulator's token: 403, as the views'
    side check already answers)."""
    if token.operator_id is None:
        raise PermissionDenied
    return token.operator_id


def office_of(token: ApiToken) -> int:
    """The office a regulator's token acts for (an operator's token: 403)."""
    if token.authority_id is None:
        raise PermissionDenied
    return token.authority_id


def platforms(token: ApiToken) -> QuerySet[Platform]:
    return Platform.objects.visible_to(token.owner).filter(operator_id=operator_of(token))


def features(token: ApiToken) -> QuerySet[PlannedFeature]:
    return PlannedFeature.objects.visible_to(token.owner).filter(
        platform__operator_id=operator_of(token)
    )


def assessments(token: ApiToken) -> QuerySet[Assessment]:
    return Assessment.objects.visible_to(token.owner).filter(
        planned_feature__platform__operator_id=operator_of(token)
    )


def operator_filings(token: ApiToken) -> QuerySet[Filing]:
    """The operator's filings, drafts included (access.officer_filings)."""
    return access.officer_filings(token.owner).filter(operator_id=operator_of(token))


def office_filter(token: ApiToken) -> Q:
    """Addressed to the token's office, or escalated to it for confirmation."""
    addressed = Filing.authorities.through.objects.filter(authority_id=office_of(token))
    escalated = Decision.objects.filter(
        escalated_to_id=office_of(token), outcome=Decision.Outcome.PENDING
    )
    return Q(pk__in=addressed.values("filing_id")) | Q(pk__in=escalated.values("filing_id"))


def regulator_filings(token: ApiToken) -> QuerySet[Filing]:
    """The filings the office works, once submitted (access.regulator_filings)."""
    return access.regulator_filings(token.owner).filter(office_filter(token))


def received_notices(token: ApiToken) -> QuerySet[NoticeRecipient]:
    """The issued notices addressed to the token's operator: its own recipient row of each
    (notices.access.received), never the other operators a notice went to."""
    return notice_access.received(token.owner).filter(operator_id=operator_of(token))


def office_notices(token: ApiToken) -> QuerySet[Notice]:
    """The notices the token's office drafted or issued, and, for a national office, every
    issued notice (notices.access.office_notices, narrowed to the token's office)."""
    office = office_of(token)
    mine = Q(offices__authority_id=office)
    if Authority.objects.filter(pk=office, level=Authority.Level.NATIONAL).exists():
        mine |= Q(state=Notice.State.ISSUED)
    return notice_access.office_notices(token.owner).filter(
        pk__in=Notice.objects.filter(mine).values("pk")
    )
