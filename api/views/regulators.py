"""The regulators' side (read only): the office's queue, with the page's filters and its
keyset paging, and a filing with its revisions. Decisions stay in the browser, under two
factors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from filings.models import Deadline, State
from review.forms import QueueFilterForm
from review.selectors import SORTS, attach_related, keyset_page, queue

from .. import scoping
from ..pagination import Cursor, decode_keyset, encode_keyset
from ..serializers import QueueFilingSerializer, RegulatorFilingSerializer
from .base import RegulatorApiView, get_or_404, id_parameter

SORT_KEY_TYPES: dict[str, type[dt.date]] = {"next_due": dt.date, "last_submitted_at": dt.datetime}


class QueueFilters(serializers.Serializer):
    state = serializers.ListField(
        child=serializers.ChoiceField(choices=State.choices), required=False
    )
    due = serializers.ChoiceField(
        choices=[c for c in QueueFilterForm.DUE_CHOICES if c[0]], required=False
    )
    due_before = serializers.DateField(required=False)
    q = serializers.CharField(required=False, max_length=100)
    sort = serializers.ChoiceField(choices=list(SORTS), required=False, default="due")
    cursor = serializers.CharField(required=False, max_length=200)
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=Cursor.max_page_size, default=Cursor.page_size
    )


def _filters(request: Request) -> dict[str, Any]:
    raw: dict[str, Any] = {k: v for k, v in request.query_params.items() if k != "state"}
    states = [s for value in request.query_params.getlist("state") for s in value.split(",") if s]
    if states:
        raw["state"] = states
    given = QueueFilters(data=raw)
    given.is_valid(raise_exception=True)
    return dict(given.validated_data)


class Queue(RegulatorApiView):
    """The filings addressed to the token's office (or escalated to it), submitted ones only,
    soonest due first by default. `next` is the link to the following page."""

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, many=True, enum=State.values),
            OpenApiParameter("due", str, enum=[c for c, _l in QueueFilterForm.DUE_CHOICES if c]),
            OpenApiParameter("due_before", dt.date),
            OpenApiParameter(
                "q",
                {"type": "string", "maxLength": 100},
                description="Reference, number, platform or feature.",
            ),
            OpenApiParameter("sort", str, enum=list(SORTS)),
            OpenApiParameter("cursor", {"type": "string", "maxLength": 200}),
            OpenApiParameter(
                "page_size", {"type": "integer", "minimum": 1, "maximum": Cursor.max_page_size}
            ),
        ],
        responses=inline_serializer(
            "QueuePage",
            {
                "next": serializers.URLField(allow_null=True),
                "results": QueueFilingSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        filters = _filters(request)
        sort = filters["sort"]
        key_type = SORT_KEY_TYPES[SORTS[sort].key]
        after = decode_keyset(filters["cursor"], key_type) if filters.get("cursor") else None
        filters["after"] = after
        qs = queue(request.user, filters).filter(scoping.office_filter(self.token))
        rows, next_after = keyset_page(
            qs, sort, after, filters["page_size"], offices=[scoping.office_of(self.token)]
        )
        next_url = None
        if next_after is not None:
            params = request.query_params.copy()
            params["cursor"] = encode_keyset(*next_after)
            next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
        prefetch_related_objects(rows, "authorities")
        return Response({"next": next_url, "results": QueueFilingSerializer(rows, many=True).data})


class RegulatorFilingDetail(RegulatorApiView):
    """A filing addressed to the token's office, with every submitted revision."""

    @extend_schema(parameters=[id_parameter("pk")], responses=RegulatorFilingSerializer)
    def get(self, request: Request, pk: str) -> Response:
        filing = get_or_404(
            scoping.regulator_filings(self.token).prefetch_related(
                "authorities", Prefetch("deadlines", Deadline.objects.order_by("due_date", "pk"))
            ),
            pk,
        )
        attach_related([filing], offices=[scoping.office_of(self.token)])
        return Response(RegulatorFilingSerializer(filing).data)
