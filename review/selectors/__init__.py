"""Reads for the regulator's pages, scoped by `filings.access.regulator_filings(user)`: the
queue (`queue`), the dashboard (`dashboard`) and the filing workspace (`workspace`).

Every page here runs a fixed number of queries whatever the number of rows it shows: lists
use select_related and annotations, never a query per row.
"""

from __future__ import annotations

from .dashboard import (
    BACKLOG_BUCKETS,
    FIGURES,
    Dashboard,
    compute_dashboard,
    figures_key,
    refresh_figures,
)
from .queue import (
    FAR_FUTURE,
    LIST_RELATED,
    SOON_WORKING_DAYS,
    SORTS,
    Sort,
    assignable_reviewers,
    attach_related,
    due_filter,
    keyset_page,
    queue,
    search_filter,
    soon_limit,
)
from .workspace import (
    AnswerChange,
    DeadlineView,
    RevisionDiff,
    compare_revisions,
    deadlines,
    diff_snapshots,
    filed_evidence,
    revision_diff,
    template_questions,
    thread,
    visible_comments,
)

__all__ = [
    "BACKLOG_BUCKETS",
    "FAR_FUTURE",
    "FIGURES",
    "LIST_RELATED",
    "SOON_WORKING_DAYS",
    "SORTS",
    "AnswerChange",
    "Dashboard",
    "DeadlineView",
    "RevisionDiff",
    "Sort",
    "assignable_reviewers",
    "attach_related",
    "compare_revisions",
    "compute_dashboard",
    "deadlines",
    "diff_snapshots",
    "due_filter",
    "figures_key",
    "filed_evidence",
    "keyset_page",
    "queue",
    "refresh_figures",
    "revision_diff",
    "search_filter",
    "soon_limit",
    "template_questions",
    "thread",
    "visible_comments",
]
