"""The sentences notices store for people to read later (a filing's deadline, the inbox's
messages), registered with filings.texts so that each reader gets them in their language."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_noop

from filings.texts import labels_of, register, register_action
from platforms.models import Authority, Operator

DEADLINE = gettext_noop("By notice %(number)s: due %(date)s")
ISSUED = gettext_noop("Notice %(number)s from %(offices)s: %(title)s. Due %(due)s.")
REMINDER = gettext_noop("%(step)s: notice %(number)s (%(title)s), due %(due)s.")
ESCALATION = gettext_noop("Escalation: %(operator)s is overdue on notice %(number)s (due %(due)s).")
# How the issuing offices are joined in ISSUED.
OFFICES_SEPARATOR = " / "


def _names(model: type[Operator] | type[Authority], stored: set[str]) -> dict[str, str]:
    rows = model.objects.filter(Q(name_en__in=stored) | Q(name_zh__in=stored))
    return {name: row.name for row in rows for name in (row.name_en, row.name_zh)}


def operator_names(stored: set[str]) -> dict[str, str]:
    return _names(Operator, stored)


def office_names(stored: set[str]) -> dict[str, str]:
    each = {name for joined in stored for name in joined.split(OFFICES_SEPARATOR)}
    names = _names(Authority, each)
    return {
        joined: OFFICES_SEPARATOR.join(names.get(n, n) for n in joined.split(OFFICES_SEPARATOR))
        for joined in stored
    }


def register_texts() -> None:
    from .models import NoticeReminder

    for value, label in NoticeReminder.Step.choices:
        register_action(f"notice.{value}", label)
    register(DEADLINE)
    register(ISSUED, offices=office_names)
    register(REMINDER, step=labels_of(NoticeReminder.Step))
    register(ESCALATION, operator=operator_names)
