"""Forms of the regulator's pages: the queue's filter (`queue`) and one form per action
(`actions`)."""

from .actions import (
    ActionForm,
    AssignForm,
    CommentForm,
    ExtendDeadlineForm,
    InformationRequestForm,
    OptionalReasonsForm,
    ProposeForm,
    QuestionField,
    ReasonsForm,
    RectificationForm,
    ReturnForm,
    extendable_deadlines,
)
from .queue import BulkAssignForm, QueueFilterForm

__all__ = [
    "ActionForm",
    "AssignForm",
    "BulkAssignForm",
    "CommentForm",
    "ExtendDeadlineForm",
    "InformationRequestForm",
    "OptionalReasonsForm",
    "ProposeForm",
    "QuestionField",
    "QueueFilterForm",
    "ReasonsForm",
    "RectificationForm",
    "ReturnForm",
    "extendable_deadlines",
]
