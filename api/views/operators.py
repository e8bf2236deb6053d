"""The operators' side: platforms, planned features, filings and assessments; registering a
feature, saving answers, answering information requests and submitting, each through the
service the pages use."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from assessments import uploads
from assessments.models import Question
from assessments.services import AssessmentError, missing_items, save_answer
from audit.services import client_address
from filings.forms import PlannedFeatureForm
from filings.models import Comment, Deadline, Filing, OfficeReview, State, Visibility
from filings.selectors import shared_comments
from filings.services import (
    FilingError,
    answer_information_request,
    register_planned_feature,
    submit_filing,
)
from filings.views.features import obligations_of

from .. import scoping
from ..idempotency import KEY_SCHEMA, idempotent
from ..permissions import OperatorToken, TokenScope
from ..problems import Conflict, PayloadTooLarge
from ..serializers import (
    AnswerInput,
    AnswerSerializer,
    AssessmentSerializer,
    CommentSerializer,
    EmptyInput,
    EvidenceInput,
    EvidenceSerializer,
    FeatureDetailSerializer,
    FeatureInput,
    FeatureSerializer,
    FilingDetailSerializer,
    FilingSerializer,
    InformationAnswerInput,
    PlatformSerializer,
    RevisionSerializer,
)
from .base import NoStore, OperatorApiView, audit_write, get_or_404, id_parameter

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    KEY_SCHEMA,
    OpenApiParameter.HEADER,
    description="A retry with the same key gets the first answer and changes nothing twice.",
)


class _OperatorList(NoStore, generics.ListAPIView):
    permission_classes = [TokenScope, OperatorToken]


# --- Platforms --------------------------------------------------------------------------------
class PlatformList(_OperatorList):
    serializer_class = PlatformSerializer

    def get_queryset(self) -> Any:
        return scoping.platforms(self.request.auth).select_related("operator")


class PlatformDetail(OperatorApiView):
    @extend_schema(parameters=[id_parameter("pk")], responses=PlatformSerializer)
    def get(self, request: Request, pk: str) -> Response:
        platform = get_or_404(scoping.platforms(self.token).select_related("operator"), pk)
        return Response(PlatformSerializer(platform).data)


# --- Planned features -------------------------------------------------------------------------
class FeatureList(_OperatorList):
    serializer_class = FeatureSerializer

    def get_queryset(self) -> Any:
        return scoping.features(self.request.auth)


def _feature_data(feature: Any) -> Any:
    feature.obligations = obligations_of(feature)
    return FeatureDetailSerializer(feature).data


class FeatureDetail(OperatorApiView):
    @extend_schema(parameters=[id_parameter("pk")], responses=FeatureDetailSerializer)
    def get(self, request: Request, pk: str) -> Response:
        return Response(_feature_data(get_or_404(scoping.features(self.token), pk)))


def _form_data(data: dict[str, Any]) -> dict[str, Any]:
    """The API's typed fields as the page's form receives them (its rules then apply)."""
    posted: dict[str, Any] = {}
    for name, value in data.items():
        if isinstance(value, bool):
            if value:
                posted[name] = "on"
        elif value is not None:
            posted[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return posted


class FeatureRegister(OperatorApiView):
    """Register a planned feature on a platform: the filings it obliges are created, each
    with its due date, as on the page."""

    @extend_schema(
        parameters=[id_parameter("pk", "the platform"), IDEMPOTENCY_PARAMETER],
        request=FeatureInput,
        responses={201: FeatureDetailSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: str) -> Response:
        platform = get_or_404(scoping.platforms(self.token).select_related("operator"), pk)
        given = FeatureInput(data=request.data)
        given.is_valid(raise_exception=True)
        form = PlannedFeatureForm(_form_data(given.validated_data))
        if not form.is_valid():
            raise exceptions.ValidationError(
                {f: [e["message"] for e in errs] for f, errs in form.errors.get_json_data().items()}
            )
        try:
            with transaction.atomic():
                feature, _obligations = register_planned_feature(
                    platform=platform,
                    by=request.user,
                    today=timezone.localdate(),
                    **form.cleaned_data,
                )
                audit_write(request, "feature.registered", feature)
        except FilingError as exc:
            raise Conflict(str(exc)) from exc
        return Response(_feature_data(feature), status=status.HTTP_201_CREATED)


# --- Filings ----------------------------------------------------------------------------------
class FilingList(_OperatorList):
    serializer_class = FilingSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, enum=State.values, description="Only this state.")
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        qs = scoping.operator_filings(self.request.auth).select_related("regime")
        state = self.request.query_params.get("state")
        if state is not None:
            if state not in State.values:
                raise exceptions.ValidationError({"state": [_("Not a filing state.")]})
            qs = qs.filter(state=state)
        return qs.prefetch_related("authorities")


def _operator_filing(token: Any, pk: Any) -> Filing:
    return get_or_404(
        scoping.operator_filings(token)
        .select_related("regime")
        .prefetch_related(
            "authorities",
            Prefetch("deadlines", Deadline.objects.order_by("due_date", "pk")),
            Prefetch(
                "reviews",
                OfficeReview.objects.select_related("authority", "decision").order_by(
                    "stage", "authority_id"
                ),
            ),
        ),
        pk,
    )


def _filing_data(filing: Filing) -> Any:
    return FilingDetailSerializer(filing, context={"shared": shared_comments(filing)}).data


class FilingDetail(OperatorApiView):
    """State, deadlines with due dates, revisions (the receipts' data), each office's review
    with its decision and reasons, comments shared with the filer, information requests."""

    @extend_schema(parameters=[id_parameter("pk")], responses=FilingDetailSerializer)
    def get(self, request: Request, pk: str) -> Response:
        return Response(_filing_data(_operator_filing(self.token, pk)))


class FilingSubmit(OperatorApiView):
    """Submit (or resubmit) once the operator's signatory has signed the assessment in the
    browser: the API never signs. Refused (409) before that, or in a state that does not
    take a submission."""

    @extend_schema(
        parameters=[id_parameter("pk"), IDEMPOTENCY_PARAMETER],
        request=EmptyInput,
        responses={201: RevisionSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: str) -> Response:
        filing = _operator_filing(self.token, pk)
        EmptyInput(data=request.data).is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                revision = submit_filing(
                    filing=filing, by=request.user, address=client_address(request)
                )
                audit_write(
                    request,
                    "filing.submitted",
                    filing,
                    filing_id=filing.pk,
                    data={"revision": revision.number},
                )
        except FilingError as exc:
            raise Conflict(str(exc)) from exc
        return Response(RevisionSerializer(revision).data, status=status.HTTP_201_CREATED)


class InformationRequestAnswer(OperatorApiView):
    @extend_schema(
        parameters=[
            id_parameter("pk", "the filing"),
            id_parameter("request_pk", "the information request"),
            IDEMPOTENCY_PARAMETER,
        ],
        request=InformationAnswerInput,
        responses={201: CommentSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: str, request_pk: str) -> Response:
        filing = _operator_filing(self.token, pk)
        info_request = get_or_404(
            filing.comments.select_related("question").filter(
                kind=Comment.Kind.INFORMATION_REQUEST, visibility=Visibility.FILER
            ),
            request_pk,
            "request_pk",
        )
        given = InformationAnswerInput(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                answer = answer_information_request(
                    request=info_request,
                    by=request.user,
                    body=given.validated_data["body"],
                    address=client_address(request),
                )
                audit_write(request, "information.answered", answer, filing_id=filing.pk)
        except FilingError as exc:
            raise Conflict(str(exc)) from exc
        return Response(CommentSerializer(answer).data, status=status.HTTP_201_CREATED)


# --- Assessments ------------------------------------------------------------------------------
def _assessment(token: Any, pk: Any) -> Any:
    return get_or_404(
        scoping.assessments(token).select_related("template", "signed_by", "planned_feature"),
        pk,
    )


class AssessmentDetail(OperatorApiView):
    """The questions that apply, each with its answer, and what is still missing."""

    @extend_schema(parameters=[id_parameter("pk")], responses=AssessmentSerializer)
    def get(self, request: Request, pk: str) -> Response:
        assessment = _assessment(self.token, pk)
        answers = {a.question_id: a for a in assessment.answers.prefetch_related("evidence")}
        context = {"answers": answers, "missing": missing_items(assessment)}
        return Response(AssessmentSerializer(assessment, context=context).data)


class AnswerSave(OperatorApiView):
    """Save one answer, as the page's autosave does (same validation, same service); refused
    with 409 once the assessment is signed."""

    @extend_schema(
        parameters=[
            id_parameter("pk", "the assessment"),
            id_parameter("question_pk", "the question"),
            IDEMPOTENCY_PARAMETER,
        ],
        request=AnswerInput,
        responses={200: AnswerSerializer},
    )
    @idempotent
    def put(self, request: Request, pk: str, question_pk: str) -> Response:
        assessment = _assessment(self.token, pk)
        question = get_or_404(
            Question.objects.filter(section__template_id=assessment.template_id),
            question_pk,
            "question_pk",
        )
        given = AnswerInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        if assessment.is_signed:
            raise Conflict(
                _("The assessment is signed; withdraw the signature before changing answers.")
            )
        try:
            with transaction.atomic():
                answer = save_answer(
                    assessment=assessment,
                    question=question,
                    value=data["value"],
                    risk_rating=data.get("risk_rating", ""),
                    note=data.get("note", ""),
                    by=request.user,
                )
                audit_write(
                    request,
                    "answer.saved",
                    answer,
                    data={"assessment": assessment.pk, "question": question.code},
                )
        except AssessmentError as exc:
            assessment.refresh_from_db(fields=["signed_at"])
            if assessment.is_signed:  # signed while this request ran
                raise Conflict(str(exc)) from exc
            raise exceptions.ValidationError({"value": [str(exc)]}) from exc
        return Response(AnswerSerializer(answer).data)


class EvidenceUpload(OperatorApiView):
    """Attach a file to a question's answer, under the page's rules (assessments.uploads):
    the type sniffed from the content (PDF, images, office documents, plain text, CSV), at
    most EVIDENCE_MAX_BYTES, hashed, stored under a random name, never overwritten. A
    multipart form (`file`, `classification`); refused with 409 once the assessment is
    signed, 413 past the size limit."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        parameters=[
            id_parameter("pk", "the assessment"),
            id_parameter("question_pk", "the question"),
            IDEMPOTENCY_PARAMETER,
        ],
        request={"multipart/form-data": EvidenceInput},
        responses={201: EvidenceSerializer},
    )
    def post(self, request: Request, pk: str, question_pk: str) -> Response:
        # The size limit must be in place before the body is read (the page does the same).
        request._request.upload_handlers.insert(
            0, uploads.EvidenceSizeLimitHandler(request._request)
        )
        return self._store(request, pk, question_pk)

    @idempotent
    def _store(self, request: Request, pk: str, question_pk: str) -> Response:
        assessment = _assessment(self.token, pk)
        question = get_or_404(
            Question.objects.select_related("section").filter(
                section__template_id=assessment.template_id
            ),
            question_pk,
            "question_pk",
        )
        given = EvidenceInput(data=request.data)
        if getattr(request._request, "evidence_too_large", False):
            raise PayloadTooLarge(uploads.too_large_message())
        given.is_valid(raise_exception=True)
        if assessment.is_signed:
            raise Conflict(_("The assessment is signed; reopen it before adding evidence."))
        try:
            with transaction.atomic():
                evidence = uploads.add_evidence(
                    assessment=assessment,
                    question=question,
                    upload=given.validated_data["file"],
                    classification=given.validated_data["classification"],
                    by=request.user,
                )
                audit_write(
                    request,
                    "evidence.uploaded",
                    evidence,
                    data={"sha256": evidence.sha256, "question": question.code},
                )
        except AssessmentError as exc:
            assessment.refresh_from_db(fields=["signed_at"])
            if assessment.is_signed:
                raise Conflict(str(exc)) from exc
            raise exceptions.ValidationError({"file": [str(exc)]}) from exc
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)
