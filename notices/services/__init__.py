"""Every write about notices (keyword-only, in a transaction, audited:
docs/architecture.md#the-service-frame)."""

from .errors import MinutesFileError, NoticeError
from .issuing import default_deadline, draft_notice, issue_follow_up, sign_notice
from .operator import acknowledge_notice, start_filing_from_notice
from .reminders import sweep
from .summons import add_minutes, record_meeting

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
