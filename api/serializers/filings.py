"""What the API writes about platforms, planned features, filings, assessments and
rectification orders: rows already scoped by the views."""

from __future__ import annotations

from typing import Any

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
from platforms.models import PlannedFeature, Platform


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
