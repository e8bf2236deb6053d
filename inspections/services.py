"""Every write about inspections (keyword-only, in a transaction, audited:
docs/architecture.md#the-service-frame).

Locks follow filings/services/locks.py: the filing's row first, then the inspection's (a row
that belongs to the filing), the audit chain's lock last, after every row is written.
Ordering rectification goes through `filings.services.order_rectification`, which takes the
filing's row again (already held), writes the order and records its own event; the
inspection's link to the order and its event follow.

Audit events name the inspection. Those about a recorded inspection also carry the filing's
id, so they join the filing's timeline that every addressed office reads; a draft's events do
not (a one-office draft is not the other office's business until it is recorded).

Notifications are in-app rows written in the same transaction (as notices write theirs), in
the site's language: stored text is read by many people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.services import AssessmentError
from assessments.uploads import CheckedUpload, check_upload, safe_original_name, store_file
from audit.services import record_event
from filings.models import Filing, Notification, RectificationOrder
from filings.services import FilingError
from filings.services import order_rectification as order_filing_rectification
from platforms.models import Authority, Membership, Role
from platforms.roles import get_actor

from . import access
from .models import Inspection, InspectionFile


class InspectionError(Exception):
    """An inspection action refused, with a message a person can act on (the state or the
    person's role does not allow it: a conflict, 409)."""


class InspectionInputError(InspectionError):
    """What was given is wrong (a date, a missing text, an office): a bad request, 400.
    `field` names the form field the message belongs next to, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InspectionFileError(InspectionInputError):
    """A file the evidence upload rules refuse."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="files")


# --- The frame ------------------------------------------------------------------------------
def _lock_filing(filing_id: int) -> Filing:
    return Filing.objects.select_for_update(no_key=True).get(pk=filing_id)


def _lock(inspection: Inspection) -> Inspection:
    """The filing's row, then the inspection's (locks.py); the inspection knows its filing."""
    filing = _lock_filing(inspection.filing_id)
    locked = (
        Inspection.objects.select_for_update(of=("self",), no_key=True)
        .select_related("authority", "joint_authority")
        .get(pk=inspection.pk)
    )
    locked.filing = filing
    return locked


def _record(
    inspection: Inspection,
    by: Any,
    action: str,
    *,
    address: str | None,
    data: dict[str, Any] | None = None,
) -> None:
    record_event(
        action=f"inspection.{action}",
        obj=inspection,
        actor=by,
        actor_role=get_actor(by).primary_role(),
        filing_id=inspection.filing_id if inspection.is_recorded else None,
        address=address,
        data={"filing": inspection.filing_id, **(data or {})},
    )


def _notify(filing: Filing, user_ids: set[int], verb: str, message: str) -> None:
    Notification.objects.bulk_create(
        Notification(recipient_id=user_id, filing=filing, verb=verb, message=message[:2000])
        for user_id in sorted(user_ids)
    )


def _regulators(office_ids: Iterable[int]) -> set[int]:
    return set(
        Membership.objects.filter(
            authority_id__in=list(office_ids),
            role__in=[Role.REVIEWER, Role.SUPERVISOR],
            user__is_active=True,
        ).values_list("user_id", flat=True)
    )


def _officers(operator_id: int) -> set[int]:
    return set(
        Membership.objects.filter(
            operator_id=operator_id, role=Role.OFFICER, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def _offices_text(inspection: Inspection) -> str:
    return " / ".join(str(a) for a in inspection.offices)


# --- Checks ---------------------------------------------------------------------------------
def _text(value: str) -> str:
    return (value or "").strip()


def _date(filing: Filing, inspected_on: dt.date | None, today: dt.date) -> dt.date:
    if inspected_on is None:
        raise InspectionInputError(_("Give the date of the inspection."), field="inspected_on")
    if inspected_on > today:
        raise InspectionInputError(
            _("The date of the inspection cannot be in the future."), field="inspected_on"
        )
    assert filing.first_submitted_at is not None  # noqa: S101 (only submitted filings)
    submitted = timezone.localdate(filing.first_submitted_at)
    if inspected_on < submitted:
        raise InspectionInputError(
            _("The inspection cannot be dated before the filing was first submitted (%(date)s).")
            % {"date": submitted.isoformat()},
            field="inspected_on",
        )
    return inspected_on


def _place(place: str) -> str:
    place = _text(place)
    if not place:
        raise InspectionInputError(_("Give the place of the inspection."), field="place")
    return place[:200]


def _joint(filing: Filing, lead: Authority, joint: Authority | None) -> Authority | None:
    if joint is None:
        return None
    if joint.pk == lead.pk:
        raise InspectionInputError(
            _("A joint inspection names two different offices."), field="joint_authority"
        )
    if joint.pk not in access.addressed_offices(filing):
        raise InspectionInputError(
            _("Choose one of the other offices the filing is addressed to, or none."),
            field="joint_authority",
        )
    return joint


def _check_files(files: Iterable[UploadedFile]) -> list[CheckedUpload]:
    """Every file checked by the evidence rules before anything is stored."""
    checked = []
    for upload in files:
        try:
            checked.append(check_upload(upload))
        except AssessmentError as exc:
            name = safe_original_name(upload.name or "")
            raise InspectionFileError(
                _("%(name)s: %(reason)s") % {"name": name, "reason": exc}
            ) from exc
    return checked


def _store(inspection: Inspection, checked: list[CheckedUpload], by: Any) -> list[InspectionFile]:
    """Store the checked files; the same content twice is kept once (a reloaded page that
    posts its files again adds nothing)."""
    seen = set(inspection.files.values_list("sha256", flat=True))
    new = []
    for upload in checked:
        if upload.sha256 in seen:
            continue
        seen.add(upload.sha256)
        new.append(store_file(InspectionFile(inspection=inspection), upload, by=by))
    return new


def _record_files(
    inspection: Inspection, files: list[InspectionFile], by: Any, address: str | None
) -> None:
    for f in files:
        _record(
            inspection,
            by,
            "file_attached",
            address=address,
            data={"file": f.pk, "sha256": f.sha256, "size": f.size, "name": f.original_name},
        )


# --- The offices ----------------------------------------------------------------------------
@transaction.atomic
def create_inspection(
    *,
    filing: Filing,
    by: Any,
    authority: Authority,
    joint_authority: Authority | None = None,
    inspected_on: dt.date | None,
    place: str,
    team: str = "",
    findings: str = "",
    internal_notes: str = "",
    files: Sequence[UploadedFile] = (),
    today: dt.date,
    address: str | None = None,
) -> Inspection:
    """Open a draft inspection of a submitted filing for an office it is addressed to,
    alone or jointly with another such office; files pass the evidence upload rules."""
    filing = _lock_filing(filing.pk)
    if authority.pk not in {a.pk for a in access.inspecting_offices(by, filing)}:
        raise InspectionError(
            _(
                "Only a reviewer or supervisor of an office the filing is addressed to "
                "inspects it, once it has been submitted."
            )
        )
    joint = _joint(filing, authority, joint_authority)
    inspected_on = _date(filing, inspected_on, today)
    place = _place(place)
    checked = _check_files(files)
    inspection = Inspection.objects.create(
        filing=filing,
        authority=authority,
        joint_authority=joint,
        inspected_on=inspected_on,
        place=place,
        team=_text(team),
        findings=_text(findings),
        internal_notes=_text(internal_notes),
        created_by=by,
    )
    new = _store(inspection, checked, by)
    if joint is not None:
        with translation.override(settings.LANGUAGE_CODE):
            message = _(
                "%(office)s opened a draft inspection of %(ref)s jointly with %(joint)s, "
                "on %(date)s."
            ) % {
                "office": authority,
                "ref": filing.reference,
                "joint": joint,
                "date": inspected_on.isoformat(),
            }
        _notify(filing, _regulators([joint.pk]) - {by.pk}, "inspection.opened", message)
    _record(
        inspection,
        by,
        "created",
        address=address,
        data={"offices": sorted(inspection.office_ids), "date": inspected_on.isoformat()},
    )
    _record_files(inspection, new, by, address)
    return inspection


@transaction.atomic
def update_inspection(
    *,
    inspection: Inspection,
    by: Any,
    joint_authority: Authority | None,
    inspected_on: dt.date | None,
    place: str,
    team: str,
    findings: str,
    internal_notes: str,
    files: Sequence[UploadedFile] = (),
    today: dt.date,
    address: str | None = None,
) -> Inspection:
    """Change a draft (either inspecting office) and attach files to it. Who inspects
    jointly is the opening office's to change."""
    inspection = _lock(inspection)
    _editable(inspection, by)
    filing = inspection.filing
    if joint_authority != inspection.joint_authority and not access.is_lead_office(by, inspection):
        raise InspectionError(_("Only the office that opened the inspection changes who joins it."))
    values = {
        "joint_authority": _joint(filing, inspection.authority, joint_authority),
        "inspected_on": _date(filing, inspected_on, today),
        "place": _place(place),
        "team": _text(team),
        "findings": _text(findings),
        "internal_notes": _text(internal_notes),
    }
    checked = _check_files(files)
    changed = [name for name, value in values.items() if getattr(inspection, name) != value]
    for name, value in values.items():
        setattr(inspection, name, value)
    if changed:
        inspection.save()
    new = _store(inspection, checked, by)
    if changed:
        _record(inspection, by, "edited", address=address, data={"fields": changed})
    _record_files(inspection, new, by, address)
    return inspection


def _editable(inspection: Inspection, by: Any) -> None:
    if inspection.is_recorded:
        raise InspectionError(_("This inspection is recorded; it no longer changes."))
    if not access.is_inspecting(by, inspection):
        raise InspectionError(_("Only the inspecting offices change the inspection."))


@transaction.atomic
def remove_inspection_file(
    *, inspection: Inspection, file_id: int, by: Any, address: str | None = None
) -> InspectionFile:
    """Take a file off a draft (a wrong file, before the inspection is recorded)."""
    inspection = _lock(inspection)
    _editable(inspection, by)
    found = InspectionFile.objects.filter(inspection=inspection, pk=file_id).first()
    if found is None:
        raise InspectionError(_("That file is no longer attached to this inspection."))
    stored_name, storage = found.file.name, found.file.storage
    found.inspection = inspection
    found.delete()
    _record(
        inspection,
        by,
        "file_removed",
        address=address,
        data={"file": file_id, "sha256": found.sha256, "name": found.original_name},
    )
    # robust: the row is gone; a store briefly unreachable leaves an orphan nothing serves.
    transaction.on_commit(lambda: storage.delete(stored_name), robust=True)
    return found


@transaction.atomic
def record_inspection(*, inspection: Inspection, by: Any, address: str | None = None) -> Inspection:
    """The draft becomes the record: the operator and the filing's other offices see it,
    and it no longer changes. The team and the findings are required."""
    inspection = _lock(inspection)
    if inspection.is_recorded:
        assert inspection.recorded_at is not None  # noqa: S101 (recorded)
        raise InspectionError(
            _("This inspection was already recorded on %(when)s.")
            % {"when": timezone.localtime(inspection.recorded_at).strftime("%Y-%m-%d %H:%M")}
        )
    _editable(inspection, by)
    if not inspection.team.strip():
        raise InspectionInputError(_("Name the inspection team before recording it."))
    if not inspection.findings.strip():
        raise InspectionInputError(_("Write the findings before recording the inspection."))
    inspection.state = Inspection.State.RECORDED
    inspection.recorded_by, inspection.recorded_at = by, timezone.now()
    inspection.save(update_fields=["state", "recorded_by", "recorded_at", "updated_at"])
    filing = inspection.filing
    with translation.override(settings.LANGUAGE_CODE):
        message = _("On-site inspection of %(ref)s by %(offices)s on %(date)s: %(findings)s") % {
            "ref": filing.reference,
            "offices": _offices_text(inspection),
            "date": inspection.inspected_on.isoformat(),
            "findings": "; ".join(inspection.finding_lines),
        }
    who = _officers(filing.operator_id) | _regulators(access.addressed_offices(filing))
    _notify(filing, who - {by.pk}, "inspection.recorded", message)
    _record(
        inspection,
        by,
        "recorded",
        address=address,
        data={
            "offices": sorted(inspection.office_ids),
            "date": inspection.inspected_on.isoformat(),
            "files": inspection.files.count(),
        },
    )
    return inspection


@transaction.atomic
def order_rectification_from(
    *,
    inspection: Inspection,
    by: Any,
    items: Sequence[str],
    due_date: dt.date | None,
    address: str | None = None,
) -> RectificationOrder:
    """A supervisor of an inspecting office orders rectification from the recorded
    inspection, through the filing's own service (the filing must be approved or
    concluded); the order is linked to the inspection."""
    items = [i.strip() for i in items if i and i.strip()]
    if not items:
        raise InspectionInputError(_("List at least one item to rectify."), field="items")
    if due_date is None or due_date <= timezone.localdate():
        raise InspectionInputError(_("The due date must be after today."), field="due_date")
    inspection = _lock(inspection)
    if not access.is_inspecting(by, inspection):
        raise InspectionError(_("Only a supervisor of an inspecting office orders rectification."))
    refusal = access.order_refusal(by, inspection)
    if refusal:
        raise InspectionError(refusal)
    try:
        order = order_filing_rectification(
            filing=inspection.filing, by=by, items=items, due_date=due_date, address=address
        )
    except FilingError as exc:
        raise InspectionError(str(exc)) from exc
    inspection.rectification_order = order
    inspection.save(update_fields=["rectification_order", "updated_at"])
    _record(
        inspection,
        by,
        "rectification_ordered",
        address=address,
        data={"order": order.pk, "items": len(items), "due_date": due_date.isoformat()},
    )
    return order
