"""The files an officer gives as evidence in a rectification response.

They pass the evidence upload rules (assessments.uploads: content sniffing, size cap, allowed
types, names kept only as data) and are stored like evidence. They belong to the order while
it is open: the officer attaches and removes them, then sends the response with them; from
then on they are frozen.

Attaching keeps every file that passes and names each one refused (file and item): files
chosen in a browser cannot be put back into a file input, so refusing them all for one bad
file made the officer choose the good ones again, unaware they had not been kept. What the
officer typed is kept as the open order's draft response (the order's and items' `response`,
shown only to the operator until it is sent), so a refused file or a reload loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.services import AssessmentError
from assessments.uploads import CheckedUpload, check_upload, safe_original_name, store_file
from audit.services import record_event
from platforms.models import Role
from platforms.roles import get_actor

from ..models import Filing, RectificationAttachment, RectificationItem, RectificationOrder, State
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


@dataclass
class Attached:
    """What attaching did: the attachments for the files that passed (new or already there)
    and the reason for each file refused."""

    stored: list[RectificationAttachment] = field(default_factory=list)
    refused: list[RectificationFileError] = field(default_factory=list)


def refused_file(name: str, item: RectificationItem, reason: Any) -> RectificationFileError:
    """The message for a file that is not attached, naming the file and its item."""
    return RectificationFileError(
        _("%(name)s (item %(n)d) is not attached: %(reason)s")
        % {"name": safe_original_name(name), "n": item.number, "reason": reason},
        item_id=item.pk,
    )


def _checked(upload: UploadedFile, item: RectificationItem) -> CheckedUpload:
    """The upload checked by the evidence rules, or the reason the file is refused."""
    try:
        return check_upload(upload)
    except AssessmentError as exc:
        raise refused_file(upload.name or "", item, exc) from exc


def store_attachments(
    *, order: RectificationOrder, files: ItemFiles, by: Any, keep_passing: bool = True
) -> tuple[Attached, list[RectificationAttachment]]:
    """Check every file and store those that pass (with `keep_passing=False`, raise the
    first refusal before storing any). Call with the order's filing locked. Returns what
    was attached and refused, and the attachments that are new: the caller records the new
    ones (`record_attached`) after its last row is written (locks.py).

    The same content given twice for one item is kept once: a reloaded page that posts its
    files again adds nothing."""
    items = {item.pk: item for item in order.items.all()}
    done, checked = Attached(), []
    for item_id, uploads in files.items():
        if item_id not in items:
            raise FilingError(_("This item belongs to another rectification order."))
        for upload in uploads:
            try:
                checked.append((items[item_id], _checked(upload, items[item_id])))
            except RectificationFileError as exc:
                done.refused.append(exc)
    if done.refused and not keep_passing:
        raise done.refused[0]
    new = []
    for item, passed in checked:
        existing = item.attachments.filter(sha256=passed.sha256).first()
        if existing is not None:
            done.stored.append(existing)
            continue
        attachment = store_file(RectificationAttachment(item=item), passed, by=by)
        done.stored.append(attachment)
        new.append(attachment)
    return done, new


def keep_draft(
    order: RectificationOrder, response: str | None, item_responses: dict[int, str] | None
) -> None:
    """Keep what the officer typed on the open order until the response is sent. Call with
    the order's filing locked. None (or an item left out) leaves the stored text as it is."""
    if response is not None and response != order.response:
        order.response = response
        order.save(update_fields=["response"])
    for item in order.items.all():
        text = (item_responses or {}).get(item.pk)
        if text is not None and text != item.response:
            item.response = text
            item.save(update_fields=["response"])


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
def save_rectification_draft(
    *,
    filing: Filing | int,
    by: Any,
    response: str | None = None,
    item_responses: dict[int, str] | None = None,
) -> RectificationOrder:
    """Keep the typed response on the open order without sending it (no audit event: like
    an answer's autosave, a draft decides nothing and the regulator never sees it)."""
    filing = _lock(filing)
    order = open_order(filing, by)
    keep_draft(order, response, item_responses)
    return order


@transaction.atomic
def attach_rectification_files(
    *,
    filing: Filing | int,
    by: Any,
    files: ItemFiles,
    address: str | None = None,
    response: str | None = None,
    item_responses: dict[int, str] | None = None,
) -> Attached:
    """Attach the files that pass to the items of the open order, say why each other one is
    refused, and keep the typed response as a draft; the response stays unsent."""
    filing = _lock(filing)
    order = open_order(filing, by)
    keep_draft(order, response, item_responses)
    done, new = store_attachments(order=order, files=files, by=by)
    record_attached(new, by=by, address=address)
    return done


@transaction.atomic
def remove_rectification_file(
    *,
    filing: Filing | int,
    attachment_id: int,
    by: Any,
    address: str | None = None,
    response: str | None = None,
    item_responses: dict[int, str] | None = None,
) -> RectificationAttachment:
    """Take a file off the open order (a wrong file, before the response is sent); keep the
    typed response as a draft."""
    filing = _lock(filing)
    order = open_order(filing, by)
    keep_draft(order, response, item_responses)
    attachment = RectificationAttachment.objects.filter(item__order=order, pk=attachment_id).first()
    if attachment is None:
        raise FilingError(_("That file is no longer attached to this order."))
    # The event names the row, read before it is deleted.
    object_type, object_id = attachment._meta.label_lower, str(attachment.pk)
    object_repr = str(attachment)
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
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
    )
    # robust: the row is gone and the removal done; a store that is briefly unreachable (a
    # shared bucket) leaves an orphan object that nothing serves, logged, never a 500.
    transaction.on_commit(lambda: storage.delete(stored_name), robust=True)
    return attachment
