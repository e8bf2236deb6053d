"""The regulators' side (read only): the office's queue, with the page's filters and its
keyset paging, a filing with its revisions and the diff between two of them, and the office's
notices with their campaign boards. Decisions stay in the browser, under two
factors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from filings.models import Deadline, State
from notices.models import Notice, NoticeOffice, RecipientStatus
from notices.selectors import board_rows, filter_rows, status_counts
from review.forms import QueueFilterForm
from review.selectors import SORTS, attach_related, compare_revisions, keyset_page, queue

from .. import scoping
from ..pagination import Cursor, decode_keyset, encode_keyset
from ..permissions import AuthorityToken, TokenScope
from ..serializers import (
    CampaignBoardSerializer,
    NoticeSerializer,
    QueueFilingSerializer,
    RegulatorFilingSerializer,
    RevisionDiffSerializer,
)
from .base import NoStore, RegulatorApiView, get_or_404, id_parameter

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


# --- A revision diff --------------------------------------------------------------------------
class DiffInput(serializers.Serializer):
    to = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="Default: the latest."
    )
    from_ = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="Default: `to` minus one."
    )

    def to_internal_value(self, data: Any) -> Any:
        data = {("from_" if k == "from" else k): v for k, v in data.items()}
        return super().to_internal_value(data)


def _numbers(request: Request, numbers: set[int], latest: int) -> tuple[int | None, int]:
    given = DiffInput(data=request.query_params.dict())
    if not given.is_valid():
        raise exceptions.ValidationError(
            {("from" if k == "from_" else k): v for k, v in given.errors.items()}
        )
    new = given.validated_data.get("to", latest)
    old = given.validated_data.get("from_", new - 1 if new > 1 else None)
    errors: dict[str, list[str]] = {}
    if new not in numbers:
        errors["to"] = [_("The filing has no revision with this number.")]
    if old is not None and old not in numbers:
        errors["from"] = [_("The filing has no revision with this number.")]
    if not errors and old is not None and old >= new:
        errors["from"] = [_("Compare an earlier revision with a later one.")]
    if errors:
        raise exceptions.ValidationError(errors)
    return old, new


class RevisionDiffView(RegulatorApiView):
    """What changed between two submitted revisions of a filing addressed to the token's
    office, as the workspace compares them: each answer (value, risk rating, note, evidence
    by hash) and the assessment's own fields. `to` defaults to the latest revision, `from`
    to the one before `to`."""

    @extend_schema(
        parameters=[
            id_parameter("pk", "the filing"),
            OpenApiParameter("from", int, description="The earlier revision's number."),
            OpenApiParameter("to", int, description="The later revision's number."),
        ],
        responses=RevisionDiffSerializer,
    )
    def get(self, request: Request, pk: str) -> Response:
        filing = get_or_404(scoping.regulator_filings(self.token), pk)
        numbers = set(filing.revisions.values_list("number", flat=True))
        if not numbers:  # a filing the queue lists was submitted: not reached
            raise exceptions.NotFound(_("Not found."))
        old, new = _numbers(request, numbers, max(numbers))
        diff = compare_revisions(filing, old, new)
        body = {
            "filing": filing.pk,
            "old": diff.old,
            "new": diff.new,
            "changed": len(diff.changed),
            "answers": diff.answers,
            "other_fields": [
                {"label": label, "old": before, "new": after}
                for label, before, after in diff.shown_other_fields
            ],
        }
        return Response(RevisionDiffSerializer(body).data)


# --- Notices and their campaign board ---------------------------------------------------------
class OfficeNoticeList(NoStore, generics.ListAPIView):
    """The notices the token's office drafted or issued (drafts too), and for a national
    office every issued notice; newest first."""

    permission_classes = [TokenScope, AuthorityToken]
    serializer_class = NoticeSerializer

    def get_queryset(self) -> Any:
        return (
            scoping.office_notices(self.request.auth)
            .select_related("follows")
            .prefetch_related(Prefetch("offices", NoticeOffice.objects.select_related("authority")))
        )


class BoardFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=RecipientStatus.choices, required=False)
    q = serializers.CharField(required=False, max_length=100)


class CampaignBoard(RegulatorApiView):
    """An issued notice's campaign board: per operator it went to, where it stands
    (notified, acknowledged, in progress, submitted, under review, concluded, overdue), the
    working days left and the filings started from it, with the count per status. `status`
    and `q` (part of the operator's name or region code) filter the rows, as on the page."""

    @extend_schema(
        parameters=[
            id_parameter("pk", "the notice"),
            OpenApiParameter("status", str, enum=RecipientStatus.values),
            OpenApiParameter("q", str, description="Part of the operator's name or region."),
        ],
        responses=CampaignBoardSerializer,
    )
    def get(self, request: Request, pk: str) -> Response:
        notice = get_or_404(
            scoping.office_notices(self.token)
            .filter(state=Notice.State.ISSUED)
            .select_related("follows")
            .prefetch_related(
                Prefetch("offices", NoticeOffice.objects.select_related("authority"))
            ),
            pk,
        )
        given = BoardFilters(data=request.query_params.dict())
        given.is_valid(raise_exception=True)
        everyone = board_rows(notice, today=timezone.localdate())
        rows = filter_rows(
            everyone,
            status=given.validated_data.get("status", ""),
            query=given.validated_data.get("q", "").strip(),
        )
        body = {
            "notice": notice,
            "total": len(everyone),
            "counts": [
                {"status": s, "label": label, "count": n, "percent": pc}
                for s, label, n, pc in status_counts(everyone)
            ],
            "rows": rows,
        }
        return Response(CampaignBoardSerializer(body).data)
