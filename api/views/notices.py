"""The operators' side of notices: the notices addressed to the token's operator (its own
copy: never the other operators a notice went to), with the operator's state on each as the
campaign board counts it, and acknowledging receipt through the page's service."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from notices.models import NoticeOffice
from notices.selectors import items_prefetch, received_rows
from notices.services import NoticeError, acknowledge_notice

from .. import scoping
from ..idempotency import idempotent
from ..problems import Conflict
from ..serializers import EmptyInput, ReceivedNoticeSerializer
from .base import OperatorApiView, audit_write, id_parameter, parse_id
from .operators import IDEMPOTENCY_PARAMETER, _OperatorList


def _received(token: Any) -> Any:
    return (
        scoping.received_notices(token)
        .select_related("notice__follows", "operator")
        .prefetch_related(
            items_prefetch(),
            Prefetch("notice__offices", NoticeOffice.objects.select_related("authority")),
        )
    )


def _recipient(token: Any, pk: Any) -> Any:
    """The token's operator's copy of notice `pk` (the path names the notice; a notice not
    addressed to the operator, or not issued, is a 404)."""
    found = _received(token).filter(notice_id=parse_id(pk)).first()
    if found is None:
        raise exceptions.NotFound(_("Not found."))
    return found


def _data(recipient: Any) -> Any:
    row = received_rows([recipient], today=timezone.localdate())[0]
    return ReceivedNoticeSerializer(row).data


class ReceivedNoticeList(_OperatorList):
    """The notices addressed to the token's operator, newest first, each with the
    operator's state on it (notified, acknowledged, in progress, submitted, ..., overdue)."""

    serializer_class = ReceivedNoticeSerializer

    def get_queryset(self) -> Any:
        return _received(self.request.auth)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = received_rows(list(page or []), today=timezone.localdate())
        return self.get_paginated_response(ReceivedNoticeSerializer(rows, many=True).data)


class ReceivedNoticeDetail(OperatorApiView):
    @extend_schema(
        parameters=[id_parameter("pk", "the notice")], responses=ReceivedNoticeSerializer
    )
    def get(self, request: Request, pk: str) -> Response:
        return Response(_data(_recipient(self.token, pk)))


class NoticeAcknowledge(OperatorApiView):
    """Acknowledge receipt of the notice, once (the page's service); 409 the second time."""

    @extend_schema(
        parameters=[id_parameter("pk", "the notice"), IDEMPOTENCY_PARAMETER],
        request=EmptyInput,
        responses={200: ReceivedNoticeSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: str) -> Response:
        recipient = _recipient(self.token, pk)
        EmptyInput(data=request.data).is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                acknowledge_notice(recipient=recipient, by=request.user)
                audit_write(
                    request,
                    "notice.acknowledged",
                    recipient.notice,
                    data={"operator": recipient.operator_id},
                )
        except NoticeError as exc:
            raise Conflict(str(exc)) from exc
        return Response(_data(_recipient(self.token, pk)))
