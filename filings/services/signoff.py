"""Sign-off routing (issue #15, item 4): an officer asks the operator's signatories to sign a
complete assessment; they are notified, find it on their home under "Waiting on you", and are
reminded once if it is still unsigned after REMIND_AFTER_WORKING_DAYS. Signing clears the
request (assessments.services.sign_assessment); the audit trail keeps every request.

It lives in filings, not assessments, because it speaks through the filing's notifications
(the outbox's `filing.event`), which the assessments app below must not import.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Assessment
from assessments.services import incomplete_message, missing_items
from audit.services import record_event
from platforms.models import Role
from platforms.roles import get_actor
from workcalendar import calendar

from .errors import FilingError
from .outbox import emit

REMIND_AFTER_WORKING_DAYS = 2


def _filing_id(assessment: Assessment) -> int | None:
    return assessment.filings.order_by("pk").values_list("pk", flat=True).first()


@transaction.atomic
def request_signoff(*, assessment: Assessment | int, by: Any, note: str = "") -> Assessment:
    pk = assessment.pk if isinstance(assessment, Assessment) else assessment
    assessment = (
        Assessment.objects.select_for_update(of=("self",), no_key=True)
        .select_related("planned_feature__platform")
        .get(pk=pk)
    )
    operator_id = assessment.planned_feature.platform.operator_id
    if not get_actor(by).has_operator_role(operator_id, Role.OFFICER):
        raise FilingError(_("Only the operator's compliance officers request a sign-off."))
    if assessment.is_signed:
        raise FilingError(_("The assessment is already signed."))
    missing = missing_items(assessment)
    if missing:
        raise FilingError(incomplete_message(missing))
    now = timezone.now()
    assessment.signoff_requested_at, assessment.signoff_requested_by = now, by
    assessment.signoff_note = (note or "").strip()[:2000]
    assessment.signoff_reminded_at = None
    assessment.save(
        update_fields=[
            "signoff_requested_at",
            "signoff_requested_by",
            "signoff_note",
            "signoff_reminded_at",
            "updated_at",
        ]
    )
    filing_id = _filing_id(assessment)
    record_event(
        action="assessment.signoff_requested",
        obj=assessment,
        actor=by,
        actor_role=Role.OFFICER,
        filing_id=filing_id,
    )
    if filing_id is not None:
        emit(
            "filing.event",
            {
                "filing_id": filing_id,
                "action": "signoff_requested",
                "actor_id": by.pk,
                "text": assessment.signoff_note,
            },
        )
    return assessment


def remind_signatories(*, now: dt.datetime | None = None) -> int:
    """Remind the signatories, once, of each request still unsigned after the period.
    Run by the minute sweep; each reminder is claimed by a conditional UPDATE, so two
    sweeps at once remind once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    cutoff = calendar.subtract_working_days(today, REMIND_AFTER_WORKING_DAYS)
    due = Assessment.objects.filter(
        signoff_requested_at__isnull=False,
        signed_at__isnull=True,
        signoff_reminded_at__isnull=True,
        signoff_requested_at__date__lte=cutoff,
    ).values_list("pk", "signoff_requested_by_id", "signoff_note")
    sent = 0
    for pk, requester_id, note in due[:500]:
        with transaction.atomic():
            claimed = Assessment.objects.filter(pk=pk, signoff_reminded_at__isnull=True).update(
                signoff_reminded_at=now
            )
            filing_id = _filing_id(Assessment(pk=pk))
            if not claimed or filing_id is None:
                continue
            emit(
                "filing.event",
                {
                    "filing_id": filing_id,
                    "action": "signoff_reminder",
                    "actor_id": requester_id,
                    "text": note,
                },
            )
            sent += 1
    return sent
