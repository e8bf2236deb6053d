from .deadlines import Deadline, DeadlinePause
from .filing import (
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
from .regimes import OPERATOR_DEADLINES, DeadlineKind, DeadlineRule, Regime
from .review import (
    Comment,
    Decision,
    RectificationAttachment,
    RectificationFrozenError,
    RectificationItem,
    RectificationOrder,
)

__all__ = [
    "FINAL_STATES",
    "NO_DEADLINE",
    "NUMBERED_STATES",
    "OPERATOR_DEADLINES",
    "REVIEW_STATES",
    "Comment",
    "Deadline",
    "DeadlineKind",
    "DeadlinePause",
    "DeadlineRule",
    "Decision",
    "Filing",
    "FilingRevision",
    "Notification",
    "OutboxMessage",
    "RectificationAttachment",
    "RectificationFrozenError",
    "RectificationItem",
    "RectificationOrder",
    "Regime",
    "RevisionImmutableError",
    "State",
    "SweepRun",
]
