"""Who may see and do what with notices: every view, service and template asks here.

An operator's staff see the notices addressed to their operator (one recipient row each),
never the others it went to. The offices named on a notice see it, drafts included, and its
campaign board; a national office sees every issued notice (it supervises the local ones).
Anyone else gets a 404 from the views, which fetch through these querysets.
"""

from __future__ import annotations

from typing import Any

from platforms.models import Authority, Role
from platforms.roles import get_actor

from .models import Notice, NoticeOffice, NoticeRecipient, RecipientQuerySet


def office_notices(user: Any) -> Any:
    return Notice.objects.issued_by_or_supervised(user)


def received(user: Any) -> RecipientQuerySet:
    return NoticeRecipient.objects.for_operator_staff(user)


def drafting_offices(user: Any) -> list[Authority]:
    """The offices the user may draft a notice for: any office they review or supervise at
    (all offices in the system are city level or above, as the 2018 provisions require)."""
    return list(Authority.objects.filter(pk__in=get_actor(user).authority_ids))


def is_office_member(user: Any, notice: Notice) -> bool:
    """A reviewer or supervisor of an office named on the notice."""
    ids = {o.authority_id for o in notice.offices.all()}
    return get_actor(user).regulator_of(ids)


def offices_to_sign(user: Any, notice: Notice) -> list[NoticeOffice]:
    """The unsigned offices of a draft the user supervises."""
    if notice.state != Notice.State.DRAFT:
        return []
    actor = get_actor(user)
    return [
        o
        for o in notice.offices.all()
        if o.signed_at is None and actor.has_authority_role({o.authority_id}, Role.SUPERVISOR)
    ]


def is_officer_of(user: Any, recipient: NoticeRecipient) -> bool:
    return get_actor(user).has_operator_role(recipient.operator_id, Role.OFFICER)


def is_operator_staff_of(user: Any, recipient: NoticeRecipient) -> bool:
    return recipient.operator_id in get_actor(user).operator_ids
