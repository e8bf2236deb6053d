from .changes import FactChange
from .deadlines import Deadline, DeadlinePause
from .filing import (
    ACCEPTED_STATES,
    DECIDED_STATES,
    FINAL_STATES,
    NO_DEADLINE,
    NUMBERED_STATES,
    REVIEW_STATES,
    Filing,
    FilingRevision,
    RevisionImmutableError,
    State,
)
from .notifications import Notification, OutboxMessage, SweepRun
from .office import Conclusion, OfficeReview, ReviewState
from .regimes import OPERATOR_DEADLINES, DeadlineKind, DeadlineRule, Regime
from .review import (
    Comment,
    Decision,
    RectificationAttachment,
    RectificationFrozenError,
    RectificationItem,
    RectificationOrder,
    Visibility,
)

__all__ = [
    "ACCEPTED_STATES",
    "DECIDED_STATES",
    "FINAL_STATES",
    "NO_DEADLINE",
    "NUMBERED_STATES",
    "OPERATOR_DEADLINES",
    "REVIEW_STATES",
    "Comment",
    "Conclusion",
    "Deadline",
    "DeadlineKind",
    "DeadlinePause",
    "DeadlineRule",
    "Decision",
    "FactChange",
    "Filing",
    "FilingRevision",
    "Notification",
    "OfficeReview",
    "OutboxMessage",
    "RectificationAttachment",
    "RectificationFrozenError",
    "RectificationItem",
    "RectificationOrder",
    "Regime",
    "ReviewState",
    "RevisionImmutableError",
    "State",
    "SweepRun",
    "Visibility",
]
