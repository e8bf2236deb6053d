"""A revision diff as the API writes it (the regulators' side): each answer's change, as
the workspace compares revisions (review.selectors.workspace)."""

from __future__ import annotations

from rest_framework import serializers

from .filings import RevisionSerializer

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
