"""The summons meeting (约谈) a notice calls the operators to: when and where, who attends,
and its minutes, arranged by the offices named on the notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.services import AssessmentError
from assessments.uploads import check_upload, store_file
from audit.services import record_event
from platforms.roles import get_actor

from .. import access
from ..models import Notice, NoticeMinutes
from .errors import MinutesFileError, NoticeError


@transaction.atomic
def record_meeting(
    *, notice: Notice, by: Any, meeting_at: dt.datetime | None, place: str, attendees: str
) -> Notice:
    """Set or change the summons meeting (约谈): date, place and attendees."""
    notice = Notice.objects.select_for_update(no_key=True).get(pk=notice.pk)
    if not access.is_office_member(by, notice):
        raise NoticeError(_("Only the offices named on the notice arrange its summons."))
    if meeting_at is None and (place.strip() or attendees.strip()):
        raise NoticeError(_("Give the meeting's date and time."))
    notice.meeting_at = meeting_at
    notice.meeting_place = place.strip()[:200]
    notice.meeting_attendees = attendees.strip()
    notice.save(update_fields=["meeting_at", "meeting_place", "meeting_attendees"])
    record_event(
        action="notice.meeting_recorded",
        obj=notice,
        actor=by,
        actor_role=get_actor(by).primary_role(),
        data={"at": meeting_at.isoformat() if meeting_at else None},
    )
    return notice


@transaction.atomic
def add_minutes(*, notice: Notice, by: Any, upload: UploadedFile) -> NoticeMinutes:
    """Attach the summons meeting's minutes (checked like evidence; never overwritten)."""
    notice = Notice.objects.select_for_update(no_key=True).get(pk=notice.pk)
    if not access.is_office_member(by, notice):
        raise NoticeError(_("Only the offices named on the notice attach its minutes."))
    if notice.meeting_at is None:
        raise NoticeError(_("Record the summons meeting before attaching its minutes."))
    try:
        checked = check_upload(upload)
    except AssessmentError as exc:
        raise MinutesFileError(str(exc)) from exc
    minutes = store_file(NoticeMinutes(notice=notice), checked, by=by)
    record_event(
        action="notice.minutes_attached",
        obj=notice,
        actor=by,
        actor_role=get_actor(by).primary_role(),
        data={"sha256": checked.sha256, "size": checked.size, "minutes": minutes.pk},
    )
    return minutes
