"""What the API reads and writes. Output serializers describe rows already scoped by the
views; input serializers refuse unknown fields and wrong types (a 400 problem) before any
service is called, and the services keep their own rules (the pages' validation)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import Answer, Assessment, Evidence, Question
from filings.models import (
    Comment,
    Deadline,
    Filing,
    FilingRevision,
    OfficeReview,
    RectificationAttachment,
    RectificationItem,
    RectificationOrder,
)
from filings.views.filer import filed_files
from notices.models import Notice, RecipientStatus
from platforms.models import PlannedFeature, Platform, Trigger


# --- Input ------------------------------------------------------------------------------------
class StrictSerializer(serializers.Serializer):
    """An input body: a JSON object with no fields but those declared."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


class FeatureInput(StrictSerializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField()
    trigger = serializers.ChoiceField(choices=Trigger.choices, default=Trigger.LAUNCH)
    trigger_date = serializers.DateField(required=False, allow_null=True, default=None)
    is_deep_synthesis = serializers.BooleanField(default=False)
    edits_faces = serializers.BooleanField(default=False)
    edits_voices = serializers.BooleanField(default=False)
    is_generative_ai = serializers.BooleanField(default=False)
    is_recommendation = serializers.BooleanField(default=False)
    planned_launch_date = serializers.DateField()


class AnswerInput(StrictSerializer):
    value = serializers.JSONField(
        allow_null=True,
        help_text="The answer: text, true/false, a choice's value, a number or YYYY-MM-DD; "
        "null clears it.",
    )
    risk_rating = serializers.ChoiceField(choices=Answer.Rating.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=10000)

    def validate_value(self, value: Any) -> Any:
        if isinstance(value, dict | list):
            raise serializers.ValidationError(_("One value: text, true/false, a number or a date."))
        if isinstance(value, str) and "\x00" in value:
            # PostgreSQL's jsonb cannot hold it: refused here, not a 500 there.
            raise serializers.ValidationError(_("Null characters are not allowed."))
        return value


class EvidenceInput(StrictSerializer):
    """A multipart form: the file, and how it is classified."""

    file = serializers.FileField(allow_empty_file=True, use_url=False)
    classification = serializers.ChoiceField(
        choices=Evidence.Classification.choices, default=Evidence.Classification.CONFIDENTIAL
    )


class EvidenceSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="answer.question.code")

    class Meta:
        model = Evidence
        fields = [
            "id",
            "question",
            "original_name",
            "sha256",
            "size",
            "content_type",
            "classification",
            "uploaded_at",
        ]


class InformationAnswerInput(StrictSerializer):
    body = serializers.CharField(max_length=20000)


class EmptyInput(StrictSerializer):
    """No fields: the request itself is the step."""


# --- Platforms and features -----------------------------------------------------------------
class PlatformSerializer(serializers.ModelSerializer):
    operator = serializers.CharField(source="operator.name", read_only=True)

    class Meta:
        model = Platform
        fields = ["id", "name_zh", "name_en", "operator", "form", "url", "feature_tags"]


class FeatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlannedFeature
        fields = [
            "id",
            "platform",
            "title",
            "description",
            "trigger",
            "trigger_date",
            "is_deep_synthesis",
            "edits_faces",
            "edits_voices",
            "is_generative_ai",
            "is_recommendation",
            "planned_launch_date",
            "launched_on",
            "status",
            "created_at",
        ]


class ObligationSerializer(serializers.Serializer):
    """A filing the feature obliges, with its next due date (the feature page's table)."""

    filing = serializers.IntegerField(source="filing.pk")
    reference = serializers.CharField(source="filing.reference", allow_null=True)
    regime = serializers.CharField(source="filing.regime.code")
    state = serializers.CharField(source="filing.state")
    assessment = serializers.IntegerField(source="filing.assessment_id", allow_null=True)
    reason = serializers.CharField()
    due_date = serializers.DateField(source="deadline.due_date", allow_null=True, default=None)
    provisional = serializers.BooleanField(
        source="deadline.provisional", allow_null=True, default=None
    )
    working_days_left = serializers.IntegerField(allow_null=True)


class FeatureDetailSerializer(FeatureSerializer):
    obligations = ObligationSerializer(many=True, read_only=True)

    class Meta(FeatureSerializer.Meta):
        fields = [*FeatureSerializer.Meta.fields, "obligations"]


# --- Filings ----------------------------------------------------------------------------------
class FilingSerializer(serializers.ModelSerializer):
    regime = serializers.CharField(source="regime.code", read_only=True)
    authorities = serializers.SerializerMethodField()

    class Meta:
        model = Filing
        fields = [
            "id",
            "reference",
            "regime",
            "state",
            "filing_number",
            "operator",
            "platform",
            "planned_feature",
            "assessment",
            "authorities",
            "first_submitted_at",
            "last_submitted_at",
            "decided_at",
            "next_due",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_authorities(self, filing: Filing) -> list[dict[str, Any]]:
        return [{"id": a.pk, "name": a.name} for a in filing.authorities.all()]


class DeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deadline
        fields = ["kind", "rule_text", "anchor_date", "due_date", "provisional", "status", "met_at"]


class RevisionSerializer(serializers.ModelSerializer):
    """A submitted revision: what its receipt says (the files as filed, by their hashes)."""

    submitted_by = serializers.CharField(source="submitted_by.get_username")
    files = serializers.SerializerMethodField()

    class Meta:
        model = FilingRevision
        fields = ["number", "kind", "sha256", "submitted_at", "submitted_by", "files"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_files(self, revision: FilingRevision) -> list[dict[str, Any]]:
        return filed_files(revision.snapshot)


class RevisionWithSnapshotSerializer(RevisionSerializer):
    class Meta(RevisionSerializer.Meta):
        fields = [*RevisionSerializer.Meta.fields, "snapshot"]


class ReviewSerializer(serializers.ModelSerializer):
    """An office's review and, once it concluded, its decision with the reasons."""

    authority = serializers.CharField(source="authority.name")
    decision = serializers.SerializerMethodField()

    class Meta:
        model = OfficeReview
        fields = ["authority", "stage", "state", "conclusion", "concluded_at", "decision"]

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_decision(self, review: OfficeReview) -> dict[str, Any] | None:
        decision = review.decision
        if decision is None:
            return None
        return {
            "kind": decision.kind,
            "reasons": decision.reasons,
            "items": decision.items,
            "due_date": decision.due_date.isoformat() if decision.due_date else None,
            "decided_at": decision.decided_at.isoformat() if decision.decided_at else None,
        }


class CommentSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.code", allow_null=True, default=None)
    authority = serializers.CharField(source="authority.name", allow_null=True, default=None)

    class Meta:
        model = Comment
        fields = ["id", "kind", "question", "authority", "body", "created_at", "answered_at"]


class InformationRequestSerializer(CommentSerializer):
    answers = serializers.SerializerMethodField()

    class Meta(CommentSerializer.Meta):
        fields = [*CommentSerializer.Meta.fields, "answers"]

    @extend_schema_field(CommentSerializer(many=True))
    def get_answers(self, comment: Comment) -> list[dict[str, Any]]:
        return CommentSerializer(getattr(comment, "thread", []), many=True).data


class FilingDetailSerializer(FilingSerializer):
    """The filing as its operator reads it: what the filing page shows."""

    deadlines = DeadlineSerializer(many=True, read_only=True)
    revisions = serializers.SerializerMethodField()
    reviews = ReviewSerializer(many=True, read_only=True)
    comments = serializers.SerializerMethodField()
    information_requests = serializers.SerializerMethodField()

    class Meta(FilingSerializer.Meta):
        fields = [
            *FilingSerializer.Meta.fields,
            "deadlines",
            "revisions",
            "reviews",
            "comments",
            "information_requests",
        ]

    @extend_schema_field(RevisionSerializer(many=True))
    def get_revisions(self, filing: Filing) -> Any:
        revisions = filing.revisions.select_related("submitted_by").order_by("number")
        return RevisionSerializer(revisions, many=True).data

    @extend_schema_field(CommentSerializer(many=True))
    def get_comments(self, filing: Filing) -> Any:
        shared = self.context["shared"]
        return CommentSerializer(
            [*shared["return_reasons"], *shared["shared_comments"]], many=True
        ).data

    @extend_schema_field(InformationRequestSerializer(many=True))
    def get_information_requests(self, filing: Filing) -> Any:
        return InformationRequestSerializer(self.context["shared"]["requests"], many=True).data


class QueueFilingSerializer(FilingSerializer):
    operator_name = serializers.CharField(source="operator.name")
    platform_name = serializers.CharField(source="platform.name")
    feature_title = serializers.CharField(source="planned_feature.title")
    office_review_state = serializers.CharField(
        source="office_review.state", allow_null=True, default=None
    )

    class Meta(FilingSerializer.Meta):
        fields = [
            *FilingSerializer.Meta.fields,
            "operator_name",
            "platform_name",
            "feature_title",
            "office_review_state",
        ]


class RegulatorFilingSerializer(QueueFilingSerializer):
    """A filing as an addressed office reads it, with every revision's snapshot."""

    deadlines = DeadlineSerializer(many=True, read_only=True)
    revisions = serializers.SerializerMethodField()

    class Meta(QueueFilingSerializer.Meta):
        fields = [*QueueFilingSerializer.Meta.fields, "deadlines", "revisions"]

    @extend_schema_field(RevisionWithSnapshotSerializer(many=True))
    def get_revisions(self, filing: Filing) -> Any:
        revisions = filing.revisions.select_related("submitted_by").order_by("number")
        return RevisionWithSnapshotSerializer(revisions, many=True).data


# --- Assessments ------------------------------------------------------------------------------
class AnswerSerializer(serializers.ModelSerializer):
    question = serializers.IntegerField(source="question_id")
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = Answer
        fields = ["question", "value", "risk_rating", "note", "updated_at", "evidence"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_evidence(self, answer: Answer) -> list[dict[str, Any]]:
        return [
            {"name": e.original_name, "sha256": e.sha256, "size": e.size}
            for e in answer.evidence.all()
        ]


class QuestionSerializer(serializers.ModelSerializer):
    section = serializers.CharField(source="section.code")
    answer = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "id",
            "section",
            "code",
            "text_zh",
            "text_en",
            "help_en",
            "legal_reference",
            "answer_type",
            "choices",
            "required",
            "evidence_required",
            "answer",
        ]

    @extend_schema_field(AnswerSerializer(allow_null=True))
    def get_answer(self, question: Question) -> Any:
        answer = self.context["answers"].get(question.pk)
        return AnswerSerializer(answer).data if answer else None


class AssessmentSerializer(serializers.ModelSerializer):
    template = serializers.CharField(source="template.code")
    template_version = serializers.IntegerField(source="template.version")
    signed_by = serializers.CharField(
        source="signed_by.get_username", allow_null=True, default=None
    )
    questions = serializers.SerializerMethodField()
    missing = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "planned_feature",
            "template",
            "template_version",
            "signed_at",
            "signed_by",
            "missing",
            "questions",
        ]

    @extend_schema_field(QuestionSerializer(many=True))
    def get_questions(self, assessment: Assessment) -> Any:
        questions = assessment.applicable_questions().select_related("section")
        questions = questions.order_by("section__order", "order")
        return QuestionSerializer(questions, many=True, context=self.context).data

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_missing(self, assessment: Assessment) -> list[dict[str, str]]:
        """The completeness check: every required answer or evidence still missing."""
        return [
            {"question": m.question.code, "what": m.what, "message": m.message}
            for m in self.context["missing"]
        ]


# --- Rectification orders (the operators' side) ----------------------------------------------
class RectificationFileSerializer(serializers.ModelSerializer):
    """A file given as evidence for an item: named by its hash, as revisions' files are."""

    class Meta:
        model = RectificationAttachment
        fields = ["id", "original_name", "sha256", "size", "content_type", "uploaded_at"]


class RectificationItemSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.code", allow_null=True, default=None)
    files = RectificationFileSerializer(source="attachments", many=True, read_only=True)

    class Meta:
        model = RectificationItem
        fields = ["id", "number", "text", "question", "response", "files"]


class RectificationOrderSerializer(serializers.ModelSerializer):
    """An order as the filer reads it on the filing page: what was ordered, by which office,
    by when, its state, and the response (a draft, not yet sent, while the order is open:
    `sent` is false; the regulator reads it only once sent)."""

    filing = serializers.IntegerField(source="filing_id")
    authority = serializers.CharField(source="authority.name", allow_null=True, default=None)
    sent = serializers.SerializerMethodField()
    items = RectificationItemSerializer(many=True, read_only=True)

    class Meta:
        model = RectificationOrder
        fields = [
            "id",
            "filing",
            "authority",
            "issued_at",
            "due_date",
            "status",
            "response",
            "sent",
            "responded_at",
            "verified_at",
            "items",
        ]

    def get_sent(self, order: RectificationOrder) -> bool:
        return order.responded_at is not None


class ItemResponseInput(StrictSerializer):
    item = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="The item's id.")
    response = serializers.CharField(allow_blank=True, max_length=20000)


class RectificationResponseInput(StrictSerializer):
    """The response to the filing's open order, sent with the files attached to its items
    before (`…/rectification/items/{item_pk}/files/`)."""

    response = serializers.CharField(max_length=20000)
    items = ItemResponseInput(many=True, required=False)

    def validate_items(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [row["item"] for row in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Each item once."))
        return value


class RectificationFileInput(StrictSerializer):
    """A multipart form: one file for the item."""

    file = serializers.FileField(allow_empty_file=True, use_url=False)


# --- Notices ----------------------------------------------------------------------------------
class NoticeItemSerializer(serializers.Serializer):
    """A service (or a planned feature of it) the notice concerns: each needs its filing."""

    platform = serializers.IntegerField(source="platform_id")
    platform_name = serializers.CharField(source="platform.name")
    planned_feature = serializers.IntegerField(source="planned_feature_id", allow_null=True)
    planned_feature_title = serializers.CharField(
        source="planned_feature.title", allow_null=True, default=None
    )


class NoticeFilingSerializer(serializers.Serializer):
    """A filing started from the notice: its state and next due date."""

    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField(allow_null=True)
    regime = serializers.CharField()
    state = serializers.CharField()
    platform = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    submitted = serializers.BooleanField()


class SummonsSerializer(serializers.Serializer):
    meeting_at = serializers.DateTimeField()
    place = serializers.CharField(source="meeting_place")


class NoticeSerializer(serializers.ModelSerializer):
    """A notice's own text, as the operator's copy and the offices both read it."""

    follows = serializers.CharField(source="follows.number", allow_null=True, default=None)
    risks = serializers.ListField(child=serializers.CharField(), read_only=True)
    offices = serializers.SerializerMethodField()
    summons = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = [
            "id",
            "number",
            "kind",
            "state",
            "follows",
            "title",
            "reason",
            "legal_basis",
            "scope",
            "requires_assessment",
            "risks",
            "issued_on",
            "deadline",
            "deadline_provisional",
            "offices",
            "summons",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_offices(self, notice: Notice) -> list[str]:
        return [str(o.authority.name) for o in notice.offices.all()]

    @extend_schema_field(SummonsSerializer(allow_null=True))
    def get_summons(self, notice: Notice) -> Any:
        """The summons meeting, when there is one (the attendees are the offices' own)."""
        return SummonsSerializer(notice).data if notice.meeting_at else None


class _RowSerializer(serializers.Serializer):
    """Where an operator stands on a notice, as the campaign board shows it."""

    status = serializers.ChoiceField(choices=RecipientStatus.choices)
    status_label = serializers.CharField()
    acknowledged_at = serializers.DateTimeField(source="recipient.acknowledged_at", allow_null=True)
    working_days_left = serializers.IntegerField(allow_null=True)
    items = NoticeItemSerializer(source="recipient.items.all", many=True)
    filings = NoticeFilingSerializer(many=True)


class ReceivedNoticeSerializer(_RowSerializer):
    """A notice addressed to the token's operator: the notice, and the operator's own state
    on it (never the other operators it went to)."""

    notice = NoticeSerializer(source="recipient.notice")


class BoardRowSerializer(_RowSerializer):
    operator = serializers.IntegerField(source="recipient.operator_id")
    operator_name = serializers.CharField(source="recipient.operator.name")
    escalated_at = serializers.DateTimeField(source="recipient.escalated_at", allow_null=True)


class StatusCountSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RecipientStatus.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.IntegerField()


class CampaignBoardSerializer(serializers.Serializer):
    notice = NoticeSerializer()
    total = serializers.IntegerField()
    counts = StatusCountSerializer(many=True)
    rows = BoardRowSerializer(many=True)


# --- A revision diff (the regulators' side) --------------------------------------------------
# How an answer differs between two revisions (review.selectors.AnswerChange.status).
ANSWER_CHANGE_STATUSES = ["added", "removed", "changed", "unchanged"]


class AnswerChangeSerializer(serializers.Serializer):
    """One question's answer in the two revisions: `old` and `new` as filed (value, risk
    rating, note, evidence by hash), and how the reader sees the values."""

    question = serializers.CharField(source="code")
    question_text_zh = serializers.CharField(
        source="question.text_zh", allow_null=True, default=None
    )
    question_text_en = serializers.CharField(
        source="question.text_en", allow_null=True, default=None
    )
    status = serializers.ChoiceField(choices=ANSWER_CHANGE_STATUSES)
    changed_fields = serializers.ListField(child=serializers.CharField())
    old = serializers.DictField(allow_null=True)
    new = serializers.DictField(allow_null=True)
    old_value = serializers.CharField()
    new_value = serializers.CharField()
    evidence_added = serializers.ListField(child=serializers.DictField())
    evidence_removed = serializers.ListField(child=serializers.DictField())


class FieldChangeSerializer(serializers.Serializer):
    """One of the assessment's own fields (method, conclusion, residual risk, ...)."""

    label = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class RevisionDiffSerializer(serializers.Serializer):
    filing = serializers.IntegerField()
    old = RevisionSerializer(allow_null=True)
    new = RevisionSerializer()
    changed = serializers.IntegerField(help_text="How many answers changed.")
    answers = AnswerChangeSerializer(many=True)
    other_fields = FieldChangeSerializer(many=True)
