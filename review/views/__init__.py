"""The regulator's pages: dashboard, queue, filing workspace and its actions, evidence,
exports, and the notifications inbox (for every logged-in user)."""

from .dashboard import dashboard
from .notifications import inbox, mark_all_read, mark_read, open_notification
from .queue import bulk_assign, export, queue
from .workspace import action, evidence_download, rectification_file, workspace

__all__ = [
    "action",
    "bulk_assign",
    "dashboard",
    "evidence_download",
    "export",
    "inbox",
    "mark_all_read",
    "mark_read",
    "open_notification",
    "queue",
    "rectification_file",
    "workspace",
]
