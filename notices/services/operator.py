"""The operator's side: acknowledging a notice and filing from it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record_event
from filings.models import DeadlineKind, DeadlineRule, State
from filings.services import FilingError, register_planned_feature
from filings.services.deadlines import open_deadline
from platforms.models import FEATURE_FLAGS, FeatureFlags, Platform, Trigger
from platforms.models import Role as MemberRole

from .. import access, texts
from ..models import Notice, NoticeFiling, NoticeItem, NoticeRecipient
from .errors import NoticeError

if TYPE_CHECKING:
    from typing_extensions import Unpack


def _locked(recipient: NoticeRecipient) -> NoticeRecipient:
    return (
        NoticeRecipient.objects.select_for_update(of=("self",), no_key=True)
        .select_related("notice", "operator")
        .get(pk=recipient.pk)
    )


@transaction.atomic
def acknowledge_notice(*, recipient: NoticeRecipient, by: Any) -> NoticeRecipient:
    """An officer or signatory of the operator confirms receipt (once)."""
    if not access.is_operator_staff_of(by, recipient):
        raise NoticeError(_("Only the operator's staff acknowledge its notices."))
    recipient = _locked(recipient)
    if recipient.notice.state != Notice.State.ISSUED:
        raise NoticeError(_("This notice has not been issued."))
    if recipient.acknowledged_at is not None:
        raise NoticeError(
            _("Receipt was already acknowledged on %(when)s.")
            % {"when": timezone.localtime(recipient.acknowledged_at).strftime("%Y-%m-%d %H:%M")}
        )
    _acknowledge(recipient, by)
    return recipient


def _acknowledge(recipient: NoticeRecipient, by: Any) -> None:
    recipient.acknowledged_at, recipient.acknowledged_by = timezone.now(), by
    recipient.save(update_fields=["acknowledged_at", "acknowledged_by"])
    record_event(
        action="notice.acknowledged",
        obj=recipient.notice,
        actor=by,
        actor_role=MemberRole.OFFICER,
        data={"operator": recipient.operator_id},
    )


@transaction.atomic
def start_filing_from_notice(
    *,
    recipient: NoticeRecipient,
    by: Any,
    today: dt.date,
    platform: Platform,
    item: NoticeItem | None = None,
    title: str,
    description: str,
    planned_launch_date: dt.date | None = None,
    **flags: Unpack[FeatureFlags],
) -> list[NoticeFiling]:
    """Register the planned feature the notice concerns with trigger 5 (written notice), the
    notice's date as the event and the notice's deadline as the filing deadline, and link
    the filings it creates to the notice. Acknowledges receipt if that was not done yet."""
    if not access.is_officer_of(by, recipient):
        raise NoticeError(_("Only the operator's compliance officers file from its notices."))
    recipient = _locked(recipient)
    notice = recipient.notice
    if notice.state != Notice.State.ISSUED:
        raise NoticeError(_("This notice has not been issued."))
    unknown = set(flags) - set(FEATURE_FLAGS)
    if unknown:
        raise NoticeError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    if platform.operator_id != recipient.operator_id:
        raise NoticeError(_("Choose one of your own services."))
    if item is not None and (item.recipient_id != recipient.pk or item.platform_id != platform.pk):
        raise NoticeError(_("That service is not one this notice names."))
    live = (
        NoticeFiling.objects.filter(recipient=recipient, filing__platform=platform)
        .exclude(filing__state=State.WITHDRAWN)
        .select_related("filing")
    )
    if item is not None:
        live = live.filter(item=item)
    existing = live.first()
    if existing is not None:
        raise NoticeError(
            _("A filing from this notice already exists for this service: %(ref)s.")
            % {"ref": existing.filing.reference}
        )
    if item is not None and item.planned_feature_id:
        feature = item.planned_feature
        for name in FEATURE_FLAGS:
            flags[name] = flags.get(name) or getattr(feature, name)
    try:
        _feature, obligations = register_planned_feature(
            platform=platform,
            by=by,
            today=today,
            title=title,
            description=description,
            trigger=Trigger.AUTHORITY_NOTICE,
            trigger_date=notice.issued_on,
            planned_launch_date=planned_launch_date or notice.issued_on,
            **flags,
        )
    except FilingError as exc:
        raise NoticeError(str(exc)) from exc
    # An issued notice has both (a constraint).
    assert notice.deadline is not None and notice.issued_on is not None  # noqa: S101
    linked = []
    for obligation in obligations:
        deadline = obligation.deadline
        rule = deadline.rule if deadline is not None else None
        # The filings the notice calls for count from the notice (trigger 5); others (an
        # algorithm filing counted from launch) keep their own clock and are not the notice's.
        if deadline is None or rule is None or rule.anchor != DeadlineRule.Anchor.TRIGGER_EVENT:
            continue
        if deadline.due_date != notice.deadline:
            # The office set a later date: a fixed date, which a calendar change never moves.
            open_deadline(
                filing=obligation.filing,
                kind=DeadlineKind.FILING,
                anchor_date=notice.issued_on,
                amount=(notice.deadline - notice.issued_on).days,
                unit=DeadlineRule.Unit.CALENDAR_DAYS,
                rule=rule,
                rule_text=_(texts.DEADLINE)
                % {"number": notice.number, "date": notice.deadline.isoformat()},
            )
        linked.append(
            NoticeFiling.objects.create(
                recipient=recipient, item=item, filing=obligation.filing, created_by=by
            )
        )
    if not linked:
        raise NoticeError(_("No regime makes this feature a filing counted from the notice."))
    if recipient.acknowledged_at is None:
        _acknowledge(recipient, by)
    record_event(
        action="notice.filing_started",
        obj=notice,
        actor=by,
        actor_role=MemberRole.OFFICER,
        data={"operator": recipient.operator_id, "filings": [n.filing_id for n in linked]},
    )
    return linked
