"""What the API writes about written notices and summons: the office's notices, the
rows of its campaign board, and the notices an operator received."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from notices.models import Notice, RecipientStatus


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
