"""The files an officer gives as evidence in a rectification response.

They pass the evidence upload rules (assessments.uploads: content sniffing, size cap, allowed
types, names kept only as data) and are stored like evidence. They belong to the order while
it is open: the officer attaches and removes them, then sends the response with them; from
then on they are frozen.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.services import AssessmentError
from assessments.uploads import CheckedUpload, check_upload, safe_original_name, store_file
from audit.services import record_event
from platforms.models import Role
from platforms.roles import get_actor

from ..models import Filing, RectificationAttachment, RectificationOrder, State
from ._frame import _lock
from .errors import FilingError

# Item id -> the files given for that item.
ItemFiles = dict[int, list[UploadedFile]]


class RectificationFileError(FilingError):
    """A file the upload rules refuse; `item_id` names the item it was given for."""

    def __init__(self, message: str, *, item_id: int) -> None:
        super().__init__(message)
        self.item_id = item_id


def open_order(filing: Filing, by: Any) -> RectificationOrder:
    """The locked filing's open order, if `by` may respond to it."""
    if not get_actor(by).has_operator_role(filing.operator_id, Role.OFFICER):
        raise FilingError(_("Only the operator's compliance officers respond to an order."))
    order = filing.rectification_orders.filter(status=RectificationOrder.Status.OPEN).first()
    if filing.state != State.RECTIFICATION_REQUIRED or order is None:
        raise FilingError(_("There is no open rectification order on this filing."))
    return order


def _checked(upload: UploadedFile, item_id: int) -> CheckedUpload:
    """The upload checked by the evidence rules, or the reason the file is refused."""
    try:
        return check_upload(upload)
    except AssessmentError as exc:
        name = safe_original_name(upload.name or "")
        raise RectificationFileError(
            _("%(name)s: %(reason)s") % {"name": name, "reason": exc}, item_id=item_id
        ) from exc


def store_attachments(
    *, order: RectificationOrder, files: ItemFiles, by: Any
) -> tuple[list[RectificationAttachment], list[RectificationAttachment]]:
    """Check every file, then store them all. Call with the order's filing locked. Returns
    the attachments for the files given, and those of them that are new: the caller records
    the new ones (`record_attached`) after its last row is written (locks.py).

    The same content given twice for one item is kept once: a reloaded page that posts its
    files again adds nothing."""
    items = {item.pk: item for item in order.items.all()}
    checked = []
    for item_id, uploads in files.items():
        if item_id not in items:
            raise FilingError(_("This item belongs to another rectification order."))
        checked += [(items[item_id], _checked(u, item_id)) for u in uploads]
    stored, new = [], []
    for item, upload in checked:
        existing = item.attachments.filter(sha256=upload.sha256).first()
        if existing is not None:
            stored.append(existing)
            continue
        attachment = store_file(RectificationAttachment(item=item), upload, by=by)
        stored.append(attachment)
        new.append(attachment)
    return stored, new


def record_attached(
    attachments: list[RectificationAttachment], *, by: Any, address: str | None = None
) -> None:
    for attachment in attachments:
        record_event(
            action="rectification.file_attached",
            obj=attachment,
            actor=by,
            actor_role=Role.OFFICER,
            filing_id=attachment.item.order.filing_id,
            address=address,
            data={
                "sha256": attachment.sha256,
                "size": attachment.size,
                "item": attachment.item.number,
            },
        )


@transaction.atomic
def attach_rectification_files(
    *, filing: Filing | int, by: Any, files: ItemFiles, address: str | None = None
) -> list[RectificationAttachment]:
    """Attach files to the items of the open order; the response stays unsent."""
    filing = _lock(filing)
    order = open_order(filing, by)
    stored, new = store_attachments(order=order, files=files, by=by)
    record_attached(new, by=by, address=address)
    return stored


@transaction.atomic
def remove_rectification_file(
    *, filing: Filing | int, attachment_id: int, by: Any, address: str | None = None
) -> RectificationAttachment:
    """Take a file off the open order (a wrong file, before the response is sent)."""
    filing = _lock(filing)
    order = open_order(filing, by)
    attachment = RectificationAttachment.objects.filter(item__order=order, pk=attachment_id).first()
    if attachment is None:
        raise FilingError(_("That file is no longer attached to this order."))
    names = {
        "object_type": attachment._meta.label_lower,
        "object_id": str(attachment.pk),
        "object_repr": str(attachment),
    }
    stored_name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    # The audit chain's lock after the row's (locks.py); the event names the deleted row.
    record_event(
        action="rectification.file_removed",
        actor=by,
        actor_role=Role.OFFICER,
        filing_id=filing.pk,
        address=address,
        data={"sha256": attachment.sha256, "name": attachment.original_name},
        **names,
    )
    # robust: the row is gone and the removal done; a store that is briefly unreachable (a
    # shared bucket) leaves an orphan object that nothing serves, logged, never a 500.
    transaction.on_commit(lambda: storage.delete(stored_name), robust=True)
    return attachment
