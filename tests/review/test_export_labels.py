"""The queue's exports carry labels, never codes, in the language of the person who asked
for them (#15 item 6), even when the file is written after the view has returned."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from filings.models import ReviewState, State
from platforms.models import UserPreference
from tests.builders import filing_in_state

pytestmark = pytest.mark.django_db


def _export(client: Any, user: Any, fmt: str) -> str:
    client.force_login(user)
    response = client.get(reverse(f"review:export_{fmt}"))
    assert response.status_code == 200
    # The server writes the stream later, maybe while serving someone else in English.
    with translation.override("en"):
        body = b"".join(response.streaming_content)
    if fmt == "csv":
        return body.decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        return book.read("xl/worksheets/sheet1.xml").decode()


def _labels(language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "reference": str(translation.gettext("Reference")),
            "state": str(State.UNDER_REVIEW.label),
            "review": str(ReviewState.UNDER_REVIEW.label),
        }


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_export_is_in_the_readers_language_with_labels_not_codes(client, cast, fmt, language):
    filing_in_state(State.UNDER_REVIEW, **cast)
    reviewer = cast["reviewer"]
    UserPreference.objects.update_or_create(user=reviewer, defaults={"language": language})
    text = _export(client, reviewer, fmt)
    labels = _labels(language)
    assert labels["reference"] in text
    assert labels["state"] in text
    assert labels["review"] in text
    for code in (State.UNDER_REVIEW.value, ReviewState.UNDER_REVIEW.value):
        assert f",{code}," not in text and f">{code}<" not in text
