"""Every write about notices (keyword-only, in a transaction, audited:
docs/architecture.md#the-service-frame)."""

from .errors import MinutesFileError, NoticeError
from .issuing import (
    add_minutes,
    default_deadline,
    draft_notice,
    issue_follow_up,
    record_meeting,
    sign_notice,
)
from .operator import acknowledge_notice, start_filing_from_notice
from .reminders import sweep

__all__ = [
    "MinutesFileError",
    "NoticeError",
    "acknowledge_notice",
    "add_minutes",
    "default_deadline",
    "draft_notice",
    "issue_follow_up",
    "record_meeting",
    "sign_notice",
    "start_filing_from_notice",
    "sweep",
]
