"""What an office may conclude, by the regime's outcome kind and the review's stage.

Written once as a table so that the proposal form, the services and the pages agree. A new
regime picks its outcome kind (`Regime.outcome`) and its stages (`Regime.addressed_to`); no
workflow code changes for it.

| outcome    | stage           | proposals (Decision.Kind -> conclusion)                       |
|------------|-----------------|---------------------------------------------------------------|
| number     | not the last    | approve -> forwarded (first review passed)                    |
| number     | the last        | approve -> filed (number, register); reject -> not filed      |
| conclusion | any             | approve -> accepted; reassess -> re-assessment ordered;       |
|            |                 | rectify -> rectification ordered                              |
| advice     | any             | approve -> accepted (no objection); advise -> written advice  |
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import Conclusion, Decision, OfficeReview, Regime

Kind = Decision.Kind

# (outcome, last stage?) -> {proposal kind: (label, conclusion)}
_TABLE: dict[tuple[str, bool], dict[str, tuple[Any, str]]] = {
    (Regime.Outcome.NUMBER, False): {
        Kind.APPROVE: (
            _("Pass the first review (forward to the next office)"),
            Conclusion.FORWARDED,
        ),
    },
    (Regime.Outcome.NUMBER, True): {
        Kind.APPROVE: (_("File: issue the filing number"), Conclusion.FILED),
        Kind.REJECT: (_("Do not file (with reasons)"), Conclusion.NOT_FILED),
    },
    (Regime.Outcome.CONCLUSION, False): {
        Kind.APPROVE: (_("Accept the assessment"), Conclusion.ACCEPTED),
        Kind.REASSESS: (_("Order a re-assessment by a date"), Conclusion.REASSESSMENT),
        Kind.RECTIFY: (_("Order rectification by a date"), Conclusion.RECTIFICATION),
    },
    (Regime.Outcome.ADVICE, False): {
        Kind.APPROVE: (_("No objection"), Conclusion.ACCEPTED),
        Kind.ADVISE: (_("Give written advice"), Conclusion.ADVICE),
    },
}
_TABLE[(Regime.Outcome.CONCLUSION, True)] = _TABLE[(Regime.Outcome.CONCLUSION, False)]
_TABLE[(Regime.Outcome.ADVICE, True)] = _TABLE[(Regime.Outcome.ADVICE, False)]

# Proposals that need a date by which the operator acts.
DATED = frozenset({Kind.REASSESS, Kind.RECTIFY})


def is_last_stage(review: OfficeReview) -> bool:
    stages = {int(t.get("stage", 1)) for t in review.filing.regime.addressed_to}
    return review.stage >= max(stages, default=1)


def proposals(review: OfficeReview) -> dict[str, tuple[Any, str]]:
    """The proposals this review may make: kind -> (label, conclusion it leads to)."""
    return _TABLE[(review.filing.regime.outcome, is_last_stage(review))]


def proposal_choices(review: OfficeReview) -> list[tuple[str, Any]]:
    return [(kind, label) for kind, (label, _conclusion) in proposals(review).items()]


def conclusion_for(review: OfficeReview, kind: str) -> str | None:
    found = proposals(review).get(kind)
    return found[1] if found else None
