"""Drafting, signing and issuing notices; follow-up notices. (The summons meeting: `summons`.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import record_event
from filings.access import visible_filings
from filings.models import Notification
from filings.services.outbox import emit
from platforms.models import Authority, FeatureTag, Membership, Operator, PlannedFeature, Platform
from platforms.models import Role as MemberRole
from platforms.roles import get_actor
from workcalendar.calendar import add_working_days

from .. import access, texts
from ..models import (
    DEFAULT_LEGAL_BASIS,
    NOTICE_WORKING_DAYS,
    Notice,
    NoticeItem,
    NoticeOffice,
    NoticeRecipient,
    NoticeReminder,
)
from .errors import NoticeError
from .mail import queue_emails

# Every feature tag marks a service with public-opinion attributes or social-mobilisation
# capacity (2018 provisions, Art. 2); deep synthesis alone does not.
OPINION_TAGS = frozenset(FeatureTag.values) - {FeatureTag.DEEP_SYNTHESIS}


def default_deadline(issued_on: dt.date) -> dt.date:
    return add_working_days(issued_on, NOTICE_WORKING_DAYS).date


@transaction.atomic
def draft_notice(
    *,
    by: Any,
    authority: Authority,
    joint_authority: Authority | None = None,
    title: str,
    reason: str,
    operators: Iterable[Operator],
    scope: str,
    services: Iterable[Platform] = (),
    features: Iterable[PlannedFeature] = (),
    legal_basis: str = DEFAULT_LEGAL_BASIS,
    requires_assessment: bool = True,
    risks_to_rectify: str = "",
    requested_deadline: dt.date | None = None,
    meeting_at: dt.datetime | None = None,
    meeting_place: str = "",
    meeting_attendees: str = "",
    today: dt.date,
    kind: str = Notice.Kind.NOTICE,
    follows: Notice | None = None,
) -> Notice:
    """Write a draft notice. A supervisor drafting it signs for their office at once; the
    notice is issued when every office named on it has signed."""
    actor = get_actor(by)
    if not actor.regulator_of({authority.pk}):
        raise NoticeError(_("Only reviewers and supervisors of an office draft its notices."))
    if joint_authority is not None and joint_authority.pk == authority.pk:
        raise NoticeError(_("A joint notice names two different offices."))
    operators = list({o.pk: o for o in operators}.values())
    if not operators:
        raise NoticeError(_("Choose at least one operator the notice goes to."))
    if not title.strip() or not reason.strip():
        raise NoticeError(_("Give the notice a title and a reason."))
    if scope not in Notice.Scope.values:
        raise NoticeError(_("Choose which services the notice concerns."))
    if not requires_assessment and not risks_to_rectify.strip():
        raise NoticeError(_("Require an assessment, or name the risks to rectify, or both."))
    earliest = default_deadline(today)
    if requested_deadline is not None and requested_deadline < earliest:
        raise NoticeError(
            _(
                "The deadline cannot be earlier than 30 working days from the notice "
                "(%(date)s); leave it empty for that date."
            )
            % {"date": earliest.isoformat()}
        )
    features = list(features)
    known = set(
        visible_filings(by)
        .filter(planned_feature__in=features)
        .values_list("planned_feature_id", flat=True)
    )
    if any(f.pk not in known for f in features):
        raise NoticeError(_("Name only planned features filed with your office."))
    items = _items(operators, scope, list(services), features)
    notice = Notice.objects.create(
        kind=kind,
        follows=follows,
        title=title.strip()[:200],
        reason=reason.strip(),
        legal_basis=(legal_basis or DEFAULT_LEGAL_BASIS).strip()[:200],
        scope=scope,
        requires_assessment=requires_assessment,
        risks_to_rectify=risks_to_rectify.strip(),
        requested_deadline=requested_deadline,
        meeting_at=meeting_at,
        meeting_place=meeting_place.strip()[:200],
        meeting_attendees=meeting_attendees.strip(),
        drafted_by=by,
    )
    NoticeOffice.objects.create(notice=notice, authority=authority, is_lead=True)
    if joint_authority is not None:
        NoticeOffice.objects.create(notice=notice, authority=joint_authority)
    for operator in operators:
        recipient = NoticeRecipient.objects.create(notice=notice, operator=operator)
        NoticeItem.objects.bulk_create(
            NoticeItem(recipient=recipient, platform=p, planned_feature=f)
            for p, f in items.get(operator.pk, [])
        )
    events: list[dict[str, Any]] = [
        {
            "action": "notice.drafted",
            "actor_role": actor.primary_role(),
            "data": {
                "offices": [authority.pk] + ([joint_authority.pk] if joint_authority else []),
                "operators": sorted(o.pk for o in operators),
                "kind": kind,
            },
        }
    ]
    if access.offices_to_sign(by, notice):
        _sign(notice=notice, by=by, today=today, events=events)
    _record(notice, by, events)
    notice.refresh_from_db()
    return notice


def _record(notice: Notice, by: Any, events: list[dict[str, Any]]) -> None:
    # The audit chain's lock is the last a write takes (filings/services/locks.py): the
    # events are appended once every row of the action is written.
    for event in events:
        record_event(obj=notice, actor=by, **event)


def _items(
    operators: list[Operator],
    scope: str,
    services: list[Platform],
    features: list[PlannedFeature],
) -> dict[int, list[tuple[Platform, PlannedFeature | None]]]:
    """The services and features each operator is asked to file for (listed scope)."""
    if scope == Notice.Scope.ALL_OPINION:
        return {}  # worked out when the notice is issued, from the services then registered
    wanted = {o.pk for o in operators}
    found: dict[int, list[tuple[Platform, PlannedFeature | None]]] = {}
    for platform in services:
        if platform.operator_id not in wanted:
            raise NoticeError(
                _("%(service)s is not a service of an operator the notice goes to.")
                % {"service": platform}
            )
        found.setdefault(platform.operator_id, []).append((platform, None))
    for feature in features:
        platform = feature.platform
        if platform.operator_id not in wanted:
            raise NoticeError(
                _("%(feature)s is not a feature of an operator the notice goes to.")
                % {"feature": feature}
            )
        found.setdefault(platform.operator_id, []).append((platform, feature))
    missing = [str(o) for o in operators if o.pk not in found]
    if missing:
        raise NoticeError(
            _("Name at least one service or planned feature of: %(operators)s.")
            % {"operators": ", ".join(missing)}
        )
    return found


@transaction.atomic
def sign_notice(*, notice: Notice, by: Any, today: dt.date) -> Notice:
    """A supervisor signs for their office; the last signature issues the notice."""
    notice = Notice.objects.select_for_update(no_key=True).get(pk=notice.pk)
    if notice.state != Notice.State.DRAFT:
        raise NoticeError(_("This notice has already been issued."))
    if not access.offices_to_sign(by, notice):
        raise NoticeError(
            _("Only a supervisor of an office named on the notice signs it, once per office.")
        )
    events: list[dict[str, Any]] = []
    _sign(notice=notice, by=by, today=today, events=events)
    _record(notice, by, events)
    notice.refresh_from_db()
    return notice


def _sign(*, notice: Notice, by: Any, today: dt.date, events: list[dict[str, Any]]) -> None:
    now = timezone.now()
    for office in access.offices_to_sign(by, notice):
        updated = NoticeOffice.objects.filter(pk=office.pk, signed_at__isnull=True).update(
            signed_by=by, signed_at=now
        )
        if updated:
            events.append(
                {
                    "action": "notice.signed",
                    "actor_role": MemberRole.SUPERVISOR,
                    "data": {"office": office.authority_id},
                }
            )
    if not notice.offices.filter(signed_at__isnull=True).exists():
        _issue(notice=notice, today=today, now=now, events=events)


def _number(notice: Notice, lead: Authority, year: int) -> str:
    prefix = "F" if notice.kind == Notice.Kind.FOLLOW_UP else "N"
    # The lead office's row serialises numbering within the office; the unique constraint on
    # the number is the backstop.
    Authority.objects.select_for_update(no_key=True).filter(pk=lead.pk).exists()
    issued = Notice.objects.filter(
        state=Notice.State.ISSUED,
        issued_on__year=year,
        offices__authority=lead,
        offices__is_lead=True,
    ).count()
    return f"{prefix}{lead.region_code}-{year}-{issued + 1:04d}"


def _issue(
    *, notice: Notice, today: dt.date, now: dt.datetime, events: list[dict[str, Any]]
) -> None:
    lead = notice.offices.get(is_lead=True).authority
    due = add_working_days(today, NOTICE_WORKING_DAYS)
    deadline, provisional = due.date, due.provisional
    if notice.requested_deadline and notice.requested_deadline > deadline:
        deadline, provisional = notice.requested_deadline, False
    notice.number = _number(notice, lead, today.year)
    notice.state = Notice.State.ISSUED
    notice.issued_on, notice.issued_at = today, now
    notice.deadline, notice.deadline_provisional = deadline, provisional
    try:
        with transaction.atomic():
            notice.save(
                update_fields=[
                    "number",
                    "state",
                    "issued_on",
                    "issued_at",
                    "deadline",
                    "deadline_provisional",
                ]
            )
    except IntegrityError as exc:
        raise NoticeError(_("Another notice took this number a moment ago; sign again.")) from exc
    if notice.scope == Notice.Scope.ALL_OPINION:
        _expand_opinion_services(notice)
    recipients = list(notice.recipients.select_related("operator"))
    officers = _officers({r.operator_id for r in recipients})
    with translation.override(settings.LANGUAGE_CODE):
        _notify_issued(notice, recipients, officers, deadline)
    events.append(
        {
            "action": "notice.issued",
            "actor_role": MemberRole.SUPERVISOR,
            "data": {
                "number": notice.number,
                "deadline": deadline.isoformat(),
                "operators": sorted(r.operator_id for r in recipients),
            },
        }
    )
    # For the operators' own systems (webhooks, docs/api.md#webhooks): through the outbox, in
    # this transaction, so an issued notice is never missed.
    emit(
        "notice.issued",
        {"notice_id": notice.pk, "operators": sorted(r.operator_id for r in recipients)},
    )
    transaction.on_commit(queue_emails)


def _notify_issued(
    notice: Notice,
    recipients: list[NoticeRecipient],
    officers: dict[int, list[int]],
    deadline: dt.date,
) -> None:
    """The in-app message and the e-mail row for every officer of every operator, in the
    site's language (as the filing reminders are): stored text is read by many people."""
    rows = []
    for recipient in recipients:
        for user_id in officers.get(recipient.operator_id, []):
            step = NoticeReminder.Step.ISSUED
            rows.append(NoticeReminder(recipient=recipient, step=step, user_id=user_id))
            Notification.objects.create(
                recipient_id=user_id,
                verb="notice.issued",
                message=_(texts.ISSUED)
                % {
                    "number": notice.number,
                    "offices": texts.OFFICES_SEPARATOR.join(
                        str(o.authority) for o in notice.offices.all()
                    ),
                    "title": notice.title,
                    "due": deadline.isoformat(),
                },
            )
    NoticeReminder.objects.bulk_create(rows, ignore_conflicts=True)


def _officers(operator_ids: set[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for operator_id, user_id in Membership.objects.filter(
        operator_id__in=operator_ids, role=MemberRole.OFFICER, user__is_active=True
    ).values_list("operator_id", "user_id"):
        found.setdefault(operator_id, []).append(user_id)
    return found


def _expand_opinion_services(notice: Notice) -> None:
    for recipient in notice.recipients.all():
        platforms = [
            p
            for p in Platform.objects.filter(operator_id=recipient.operator_id)
            if OPINION_TAGS & set(p.feature_tags or [])
        ]
        NoticeItem.objects.bulk_create(
            [NoticeItem(recipient=recipient, platform=p) for p in platforms],
            ignore_conflicts=True,
        )


@transaction.atomic
def issue_follow_up(
    *,
    notice: Notice,
    by: Any,
    today: dt.date,
    reason: str,
    requested_deadline: dt.date | None = None,
) -> Notice:
    """A follow-up notice to every operator overdue on `notice`, in one step: same offices,
    same services; signed at once by a supervisor drafting it (the joint office still signs)."""
    from ..selectors import board_rows

    notice = Notice.objects.select_for_update(no_key=True).get(pk=notice.pk)
    if not notice.is_issued or not access.is_office_member(by, notice):
        raise NoticeError(_("Only the offices that issued the notice follow it up."))
    overdue = [r for r in board_rows(notice, today=today) if r.status == "overdue"]
    if not overdue:
        raise NoticeError(_("No operator is overdue on this notice."))
    actor = get_actor(by)
    offices = list(notice.offices.all())
    mine = next((o for o in offices if actor.regulator_of({o.authority_id})), None)
    assert mine is not None  # noqa: S101 (is_office_member checked it)
    other = next((o.authority for o in offices if o.pk != mine.pk), None)
    items = [i for r in overdue for i in r.recipient.items.all()]
    # Every overdue operator's services named: the same list; otherwise all its services.
    listed = all(r.recipient.items.exists() for r in overdue)
    follow_up = draft_notice(
        by=by,
        authority=mine.authority,
        joint_authority=other,
        title=_("Follow-up to notice %(number)s") % {"number": notice.number},
        reason=reason or notice.reason,
        operators=[r.recipient.operator for r in overdue],
        scope=Notice.Scope.LISTED if listed else Notice.Scope.ALL_OPINION,
        services=[i.platform for i in items if listed and i.planned_feature_id is None],
        features=[i.planned_feature for i in items if listed and i.planned_feature is not None],
        legal_basis=notice.legal_basis,
        requires_assessment=notice.requires_assessment,
        risks_to_rectify=notice.risks_to_rectify,
        requested_deadline=requested_deadline,
        today=today,
        kind=Notice.Kind.FOLLOW_UP,
        follows=notice,
    )
    record_event(
        action="notice.followed_up",
        obj=notice,
        actor=by,
        actor_role=actor.primary_role(),
        data={"follow_up": follow_up.pk, "operators": [r.recipient.operator_id for r in overdue]},
    )
    return follow_up


@transaction.atomic
def recompute_provisional_deadlines() -> int:
    """After a calendar change: a notice's 30 working days counted across a year whose holiday
    schedule was not loaded are counted again (the filings from it move the same way, in
    filings.services.deadlines). A later date the office set is a fixed date and stays."""
    moved = 0
    for notice in Notice.objects.select_for_update(no_key=True).filter(
        state=Notice.State.ISSUED, deadline_provisional=True
    ):
        assert notice.issued_on is not None  # noqa: S101 (issued)
        due = add_working_days(notice.issued_on, NOTICE_WORKING_DAYS)
        if notice.requested_deadline and notice.requested_deadline > due.date:
            continue
        if (due.date, due.provisional) != (notice.deadline, notice.deadline_provisional):
            notice.deadline, notice.deadline_provisional = due.date, due.provisional
            notice.save(update_fields=["deadline", "deadline_provisional"])
            moved += 1
    return moved
