"""What a token reaches: its owner's rights (filings.access and the models' `visible_to`),
narrowed to the token's own organisation. Anything else is a 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from assessments.models import Assessment
from filings import access
from filings.models import Decision, Filing
from platforms.models import PlannedFeature, Platform

from .models import ApiToken


def platforms(token: ApiToken) -> QuerySet[Platform]:
    return Platform.objects.visible_to(token.owner).filter(operator_id=token.operator_id)


def features(token: ApiToken) -> QuerySet[PlannedFeature]:
    return PlannedFeature.objects.visible_to(token.owner).filter(
        platform__operator_id=token.operator_id
    )


def assessments(token: ApiToken) -> QuerySet[Assessment]:
    return Assessment.objects.visible_to(token.owner).filter(
        planned_feature__platform__operator_id=token.operator_id
    )


def operator_filings(token: ApiToken) -> QuerySet[Filing]:
    """The operator's filings, drafts included (access.officer_filings)."""
    return access.officer_filings(token.owner).filter(operator_id=token.operator_id)


def office_filter(token: ApiToken) -> Q:
    """Addressed to the token's office, or escalated to it for confirmation."""
    addressed = Filing.authorities.through.objects.filter(authority_id=token.authority_id)
    escalated = Decision.objects.filter(
        escalated_to_id=token.authority_id, outcome=Decision.Outcome.PENDING
    )
    return Q(pk__in=addressed.values("filing_id")) | Q(pk__in=escalated.values("filing_id"))


def regulator_filings(token: ApiToken) -> QuerySet[Filing]:
    """The filings the office works, once submitted (access.regulator_filings)."""
    return access.regulator_filings(token.owner).filter(office_filter(token))
