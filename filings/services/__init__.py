"""Every write that matters in the filings app. Views and tasks call these; nothing else
changes a filing's state."""

from .changes import (
    accept_cancellation,
    accept_change,
    file_cancellation,
    file_change,
    record_fact_change,
    refuse_cancellation,
    refuse_change,
)
from .deadlines import extend_deadline, recompute_deadlines
from .decisions import (
    approve_filing,
    order_rectification,
    propose_decision,
    reject_filing,
    revoke_filing,
    send_back_proposal,
    verify_rectification,
)
from .errors import FilingError
from .filer import (
    answer_information_request,
    respond_to_rectification,
    submit_filing,
    withdraw_filing,
)
from .obligations import (
    Obligation,
    applicable_regimes,
    launch_feature,
    plan_filings,
    register_planned_feature,
)
from .rectification import (
    Attached,
    RectificationFileError,
    attach_rectification_files,
    remove_rectification_file,
    save_rectification_draft,
)
from .review import (
    assign_filing,
    claim_filing,
    comment_on_filing,
    filing_number,
    return_filing,
)

__all__ = [
    "Attached",
    "FilingError",
    "Obligation",
    "RectificationFileError",
    "accept_cancellation",
    "accept_change",
    "answer_information_request",
    "applicable_regimes",
    "approve_filing",
    "assign_filing",
    "attach_rectification_files",
    "claim_filing",
    "comment_on_filing",
    "extend_deadline",
    "file_cancellation",
    "file_change",
    "filing_number",
    "launch_feature",
    "order_rectification",
    "plan_filings",
    "propose_decision",
    "recompute_deadlines",
    "record_fact_change",
    "refuse_cancellation",
    "refuse_change",
    "register_planned_feature",
    "reject_filing",
    "remove_rectification_file",
    "respond_to_rectification",
    "return_filing",
    "revoke_filing",
    "save_rectification_draft",
    "send_back_proposal",
    "submit_filing",
    "verify_rectification",
    "withdraw_filing",
]
