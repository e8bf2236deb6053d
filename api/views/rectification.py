"""The operators' side of rectification: a filing's orders as the filer reads them, files
attached to the open order's items (the evidence upload rules) or taken off again, and the
response sent, each through the service the response page uses (filings.services)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from assessments import uploads
from audit.services import client_address
from filings.models import RectificationAttachment, RectificationItem, RectificationOrder
from filings.services import (
    FilingError,
    attach_rectification_files,
    remove_rectification_file,
    respond_to_rectification,
)

from .. import scoping
from ..idempotency import idempotent
from ..problems import Conflict, PayloadTooLarge
from ..serializers import (
    RectificationFileInput,
    RectificationFileSerializer,
    RectificationOrderSerializer,
    RectificationResponseInput,
)
from .base import OperatorApiView, audit_write, get_or_404, id_parameter
from .operators import IDEMPOTENCY_PARAMETER, _OperatorList


def _filing(token: Any, pk: Any) -> Any:
    return get_or_404(scoping.operator_filings(token), pk)


def _orders(filing: Any) -> Any:
    return filing.rectification_orders.select_related("authority").prefetch_related(
        Prefetch(
            "items",
            RectificationItem.objects.select_related("question").prefetch_related("attachments"),
        )
    )


class RectificationOrderList(_OperatorList):
    """A filing's rectification orders, newest first."""

    serializer_class = RectificationOrderSerializer

    @extend_schema(parameters=[id_parameter("pk", "the filing")])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        return _orders(_filing(self.request.auth, self.kwargs["pk"]))


class RectificationOrderDetail(OperatorApiView):
    @extend_schema(
        parameters=[id_parameter("pk", "the filing"), id_parameter("order_pk", "the order")],
        responses=RectificationOrderSerializer,
    )
    def get(self, request: Request, pk: str, order_pk: str) -> Response:
        order = get_or_404(_orders(_filing(self.token, pk)), order_pk, "order_pk")
        return Response(RectificationOrderSerializer(order).data)


class RectificationFileAttach(OperatorApiView):
    """Attach one file to an item of the filing's open order, under the evidence upload
    rules (assessments.uploads): the type sniffed from the content, at most
    EVIDENCE_MAX_BYTES (413 past it), hashed, stored under a random name. A multipart form
    (`file`). The same content given again for the item is kept once (200). Refused with 409
    once the response is sent or when no order is open."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        parameters=[
            id_parameter("pk", "the filing"),
            id_parameter("item_pk", "the order's item"),
            IDEMPOTENCY_PARAMETER,
        ],
        request={"multipart/form-data": RectificationFileInput},
        responses={201: RectificationFileSerializer, 200: RectificationFileSerializer},
    )
    def post(self, request: Request, pk: str, item_pk: str) -> Response:
        # The size limit must be in place before the body is read (the page does the same).
        request._request.upload_handlers.insert(
            0, uploads.EvidenceSizeLimitHandler(request._request)
        )
        return self._store(request, pk, item_pk)

    @idempotent
    def _store(self, request: Request, pk: str, item_pk: str) -> Response:
        filing = _filing(self.token, pk)
        item = get_or_404(
            RectificationItem.objects.filter(order__filing=filing), item_pk, "item_pk"
        )
        given = RectificationFileInput(data=request.data)
        if getattr(request._request, "evidence_too_large", False):
            raise PayloadTooLarge(uploads.too_large_message())
        given.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                before = set(item.attachments.values_list("pk", flat=True))
                done = attach_rectification_files(
                    filing=filing,
                    by=request.user,
                    files={item.pk: [given.validated_data["file"]]},
                    address=client_address(request),
                )
                if done.refused:
                    raise exceptions.ValidationError({"file": [str(done.refused[0])]})
                attachment = done.stored[0]
                audit_write(
                    request,
                    "rectification.file_attached",
                    attachment,
                    filing_id=filing.pk,
                    data={"sha256": attachment.sha256, "item": item.number},
                )
        except FilingError as exc:
            raise Conflict(str(exc)) from exc
        new = attachment.pk not in before
        return Response(
            RectificationFileSerializer(attachment).data,
            status=status.HTTP_201_CREATED if new else status.HTTP_200_OK,
        )


class RectificationRespond(OperatorApiView):
    """Send the response to the filing's open order (`response`, and each item's own
    response in `items`), with the files attached to its items before; from then on the
    files are frozen and the supervisor verifies. 409 when no order is open."""

    @extend_schema(
        parameters=[id_parameter("pk", "the filing"), IDEMPOTENCY_PARAMETER],
        request=RectificationResponseInput,
        responses={200: RectificationOrderSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: str) -> Response:
        filing = _filing(self.token, pk)
        given = RectificationResponseInput(data=request.data)
        given.is_valid(raise_exception=True)
        rows = given.validated_data.get("items", [])
        open_items = set(
            RectificationItem.objects.filter(
                order__filing=filing, order__status=RectificationOrder.Status.OPEN
            ).values_list("pk", flat=True)
        )
        if open_items:
            unknown = {
                f"items.{n}.item": [_("Not an item of the open rectification order.")]
                for n, row in enumerate(rows)
                if row["item"] not in open_items
            }
            if unknown:
                raise exceptions.ValidationError(unknown)
        try:
            with transaction.atomic():
                order = respond_to_rectification(
                    filing=filing,
                    by=request.user,
                    response=given.validated_data["response"],
                    item_responses={row["item"]: row["response"] for row in rows},
                    address=client_address(request),
                )
                audit_write(request, "rectification.responded", order, filing_id=filing.pk)
        except FilingError as exc:
            raise Conflict(str(exc)) from exc
        return Response(RectificationOrderSerializer(_orders(filing).get(pk=order.pk)).data)


class RectificationFileRemove(OperatorApiView):
    """Take a file off the open order's item (a wrong file, before the response is sent),
    through the response page's service. 409 once the response is sent: its files are what
    the supervisor verifies."""

    @extend_schema(
        parameters=[
            id_parameter("pk", "the filing"),
            id_parameter("file_pk", "the attached file"),
            IDEMPOTENCY_PARAMETER,
        ],
        request=None,
        responses={200: RectificationFileSerializer},
    )
    @idempotent
    def delete(self, request: Request, pk: str, file_pk: str) -> Response:
        filing = _filing(self.token, pk)
        attachment = get_or_404(
            RectificationAttachment.objects.filter(item__order__filing=filing), file_pk, "file_pk"
        )
        data = RectificationFileSerializer(attachment).data
        try:
            with transaction.atomic():
                removed = remove_rectification_file(
                    filing=filing,
                    attachment_id=attachment.pk,
                    by=request.user,
                    address=client_address(request),
                )
                audit_write(
                    request,
                    "rectification.file_removed",
                    filing,
                    filing_id=filing.pk,
                    data={"sha256": removed.sha256, "file": attachment.pk},
                )
        except FilingError as exc:
            raise Conflict(str(exc)) from exc
        return Response(data)
