"""Texts written once and read by many, each in their own language.

A deadline's rule, a clock's pause, a reminder in the inbox are written by a service or the
sweep in one language (the site's, or the acting person's) and read later by people in
theirs. They are stored as sentences made from a msgid and values; `localise` finds the
msgid a stored sentence was made from, in any of the site's languages, and makes it again in
the active language. A value that is itself a label or a name (a reminder's step, an
operator) is shown through a resolver given at registration, called once for all the texts
of a page. A sentence no registered msgid matches (a person's own words) is shown as stored.

The labels of the audit trail's actions (`action_label`) live here too: the workspace's
timeline and the inbox name what happened in the reader's language.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

# Stored values -> how each is shown now (a value it does not know is shown as stored).
Resolve = Callable[[set[str]], dict[str, str]]


@dataclass(frozen=True)
class StoredText:
    msgid: str
    values: dict[str, Resolve] = field(default_factory=dict)


_TEXTS: list[StoredText] = []
_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


def register(msgid: str, **values: Resolve) -> None:
    """A msgid whose sentences are stored (mark it with gettext_noop where it is defined)."""
    if all(t.msgid != msgid for t in _TEXTS):
        _TEXTS.append(StoredText(msgid, values))


def labels_of(choices: type[models.Choices]) -> Resolve:
    """A resolver for a choice's label stored in any language: the label in the active one."""

    def resolve(stored: set[str]) -> dict[str, str]:
        current = {value: str(label) for value, label in choices.choices}
        back: dict[str, Any] = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                back.update({str(label): value for value, label in choices.choices})
        return {s: current[back[s]] for s in stored if s in back}

    return resolve


@lru_cache(maxsize=256)
def _pattern(msgid: str, language: str) -> re.Pattern[str]:
    with translation.override(language):
        text = gettext(msgid)
    parts, start = [], 0
    for found in _PLACEHOLDER.finditer(text):
        parts.append(re.escape(text[start : found.start()]))
        name, kind = found.groups()
        parts.append(rf"(?P<{name}>-?\d+)" if kind == "d" else rf"(?P<{name}>.+?)")
        start = found.end()
    parts.append(re.escape(text[start:]))
    return re.compile("".join(parts), re.S)


def _match(text: str) -> tuple[StoredText, dict[str, str]] | None:
    for entry in _TEXTS:
        for code, _name in settings.LANGUAGES:
            found = _pattern(entry.msgid, code).fullmatch(text)
            if found:
                return entry, found.groupdict()
    return None


def localise_all(texts: Iterable[str]) -> list[str]:
    """Each stored text in the active language (see the module's docstring)."""
    texts = list(texts)
    matches = [_match(t) if t else None for t in texts]
    wanted: dict[Resolve, set[str]] = defaultdict(set)
    for match in matches:
        if match is not None:
            entry, values = match
            for name, resolve in entry.values.items():
                wanted[resolve].add(values[name])
    shown = {resolve: resolve(stored) for resolve, stored in wanted.items()}
    out = []
    for text, match in zip(texts, matches, strict=True):
        if match is None:
            out.append(text)
            continue
        entry, values = match
        kinds = dict(_PLACEHOLDER.findall(entry.msgid))
        again: dict[str, Any] = {}
        for name, value in values.items():
            if name in entry.values:
                again[name] = shown[entry.values[name]].get(value, value)
            else:
                again[name] = int(value) if kinds.get(name) == "d" else value
        out.append(gettext(entry.msgid) % again)
    return out


def localise(text: str) -> str:
    return localise_all([text])[0]


# What the filings app itself stores (a notice's deadline text is registered by notices).
RECTIFICATION_ORDER = gettext_noop("set by the rectification order")
REASSESSMENT_ORDER = gettext_noop("set by the re-assessment order")
RETURNED = gettext_noop("Returned to the filer for correction")
INFORMATION_REQUESTED = gettext_noop("Information requested from the filer")
INFORMATION_WITHIN = gettext_noop("within %(n)d working days, as the reviewing office asked")
for _msgid in (
    RECTIFICATION_ORDER,
    REASSESSMENT_ORDER,
    RETURNED,
    INFORMATION_REQUESTED,
    INFORMATION_WITHIN,
):
    register(_msgid)


# --- What happened, as the audit trail and the outbox name it -------------------------------
ACTION_LABELS = {
    "filing.planned": _("Filing planned"),
    "filing.submitted": _("Submitted"),
    "filing.resubmitted": _("Resubmitted after a return"),
    "filing.reassessment_submitted": _("New assessment submitted"),
    "filing.withdrawn": _("Withdrawn"),
    "filing.claimed": _("Claimed for review"),
    "filing.assigned": _("Assigned to a reviewer"),
    "filing.returned": _("Returned for correction"),
    "filing.decision_proposed": _("Decision proposed"),
    "filing.proposal_taken_back": _("Proposal taken back"),
    "filing.sent_back": _("Proposal sent back to review"),
    "filing.approved": _("Approved"),
    "filing.concluded": _("Concluded"),
    "filing.rejected": _("Rejected"),
    "filing.commented": _("Comment"),
    "filing.information_requested": _("Information requested"),
    "filing.information_answered": _("Information request answered"),
    "filing.rectification_ordered": _("Rectification ordered"),
    "filing.rectification_responded": _("Rectification response sent"),
    "filing.rectification_verified": _("Rectification verified"),
    "filing.change_filed": _("Change filed"),
    "filing.change_accepted": _("Change accepted"),
    "filing.cancellation_filed": _("Cancellation filed"),
    "filing.cancellation_accepted": _("Cancellation accepted"),
    "filing.revoked": _("Revoked"),
    "filing.deadline_extended": _("Deadline extended"),
    "rectification.file_attached": _("Rectification file attached"),
    "rectification.file_removed": _("Rectification file removed"),
    "evidence.uploaded": _("Evidence uploaded"),
    "evidence.downloaded": _("Evidence downloaded"),
    "evidence.removed": _("Evidence removed from a draft"),
    "evidence.replaced": _("Evidence replaced in a draft"),
    "evidence.attached": _("Evidence attached from the operator's files"),
    "notice.filing_started": _("Filing started from a notice"),
}


def register_action(code: str, label: Any) -> None:
    """The label of an action another app records or notifies (a notice's reminder)."""
    ACTION_LABELS.setdefault(code, label)


def action_labels() -> dict[str, str]:
    """The labels in the active language, worked out once for a page's rows."""
    return {code: str(label) for code, label in ACTION_LABELS.items()}


# A reminder in the inbox, made from its step and deadline when it is shown (the stored
# message is the e-mail's subject, in the language it was sent in). The same words as the
# e-mail's subject (emails/reminder_subject.txt).
REMINDER_LEADS = {
    "before_5": _("Due in 5 working days"),
    "before_1": _("Due tomorrow (1 working day)"),
    "due": _("Due today"),
    "overdue": _("Overdue"),
    "escalation": _("Escalation: overdue"),
}
REMINDER_LINE = _("%(lead)s: %(kind)s, due %(date)s")
