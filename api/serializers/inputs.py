"""What the API reads: input serializers refuse unknown fields and wrong types (a 400
problem) before any service is called; the services keep their own rules (the pages'
validation)."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from rest_framework import serializers

from assessments.models import Answer, Evidence
from platforms.models import Trigger


def text(**options: Any) -> serializers.CharField:
    """A text a person must write: blank or only spaces is refused, and the schema says so
    (`minLength` and a `pattern` that needs one character other than a space), so a client
    learns it from the schema, not from a 400."""
    # The field refuses what is blank once trimmed; the validator puts the rule in the schema.
    return serializers.CharField(min_length=1, validators=[RegexValidator(r"\S")], **options)


class StrictSerializer(serializers.Serializer):
    """An input body: a JSON object with no fields but those declared."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


class FeatureInput(StrictSerializer):
    title = text(max_length=200)
    description = text()
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


class InformationAnswerInput(StrictSerializer):
    body = text(max_length=20000)


class EmptyInput(StrictSerializer):
    """No fields: the request itself is the step."""


class ItemResponseInput(StrictSerializer):
    item = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="The item's id.")
    response = serializers.CharField(allow_blank=True, max_length=20000)


class RectificationResponseInput(StrictSerializer):
    """The response to the filing's open order, sent with the files attached to its items
    before (`…/rectification/items/{item_pk}/files/`)."""

    response = text(max_length=20000)
    items = ItemResponseInput(many=True, required=False)

    def validate_items(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [row["item"] for row in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Each item once."))
        return value


class RectificationFileInput(StrictSerializer):
    """A multipart form: one file for the item."""

    file = serializers.FileField(allow_empty_file=True, use_url=False)
