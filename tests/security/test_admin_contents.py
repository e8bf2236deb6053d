"""An admin manages organisations, people, questionnaires, regimes and the calendar, and
reads no filing's contents: no admin page (list or object) shows an answer, an information
request or its answer, a comment, a decision's or an extension's reasons, a rectification
response or a notification's text, though these reach the outbox, notifications and
deadlines that the admin lists (issue #15)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from assessments.models import Answer
from filings import services
from filings.models import Deadline, Notification, OutboxMessage, State, Visibility
from filings.services.outbox import process_message
from tests.builders import attach_evidence, filing_in_state

pytestmark = pytest.mark.django_db

SECRETS = {
    "request": "SECRET-REQUEST Send the moderation shift roster.",
    "answer": "SECRET-ANSWER Roster: 120 reviewers by day, 80 by night.",
    "comment": "SECRET-COMMENT The night shift looks thin.",
    "reasons": "SECRET-REASONS Real-time moderation is adequate.",
    "extension": "SECRET-EXTENSION The processing is complex.",
    "assessment": "SECRET-ASSESSMENT-ANSWER Face swap only with separate consent.",
    "rectification": "SECRET-RECTIFICATION Labels added to every effect.",
    "evidence": "SECRET-EVIDENCE-CONTENT",
}


@pytest.fixture
def filled(cast: dict[str, Any], one_office_regime: Any) -> None:
    """A filing whose contents hold every secret, with its events delivered as
    notifications, and a rectification order answered."""
    people = {**cast, "regime": one_office_regime.code}
    filing = filing_in_state(State.UNDER_REVIEW, **people, title="Face swap")
    reviewer, officer = cast["reviewer"], cast["officer"]
    request = services.comment_on_filing(
        filing=filing, by=reviewer, body=SECRETS["request"], information_request=True
    )
    services.answer_information_request(request=request, by=officer, body=SECRETS["answer"])
    services.comment_on_filing(
        filing=filing, by=reviewer, body=SECRETS["comment"], visibility=Visibility.FILER
    )
    services.propose_decision(
        filing=filing, by=reviewer, kind="approve", reasons=SECRETS["reasons"]
    )
    Deadline.objects.filter(filing=filing).update(extension_reasons=SECRETS["extension"])
    answer = Answer.objects.filter(assessment=filing.assessment).first()
    Answer.objects.filter(pk=answer.pk).update(value=SECRETS["assessment"])
    attach_evidence(answer, officer, content=b"%PDF-1.4 " + SECRETS["evidence"].encode())
    rectifying = filing_in_state(State.RECTIFICATION_REQUIRED, **people, title="Voice rooms")
    services.respond_to_rectification(
        filing=rectifying, by=officer, response=SECRETS["rectification"]
    )
    for message in OutboxMessage.objects.filter(processed_at__isnull=True):
        process_message(message.pk)
    # The secrets did reach the rows the admin lists.
    assert Notification.objects.filter(message__contains="SECRET-ANSWER").exists()
    assert any("SECRET-REASONS" in str(m.payload) for m in OutboxMessage.objects.all())


def _admin_pages() -> list[str]:
    urls = []
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        for pk in model_admin.get_queryset(None).values_list("pk", flat=True)[:25]:
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk]))
    return urls


def test_no_admin_page_shows_a_filings_contents(filled, admin):
    client = Client()
    client.force_login(admin)
    pages = _admin_pages()
    assert any("/notification/" in url for url in pages)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        shown = [name for name, secret in SECRETS.items() if secret.split()[0] in text]
        assert shown == [], url


def test_the_notification_and_outbox_pages_still_say_who_what_and_when(filled, admin):
    client = Client()
    client.force_login(admin)
    note = Notification.objects.filter(verb="information_answered").first()
    page = client.get(reverse("admin:filings_notification_change", args=[note.pk])).text
    assert "information_answered" in page and note.recipient.username in page
    message = note.outbox
    page = client.get(reverse("admin:filings_outboxmessage_change", args=[message.pk])).text
    assert f"information_answered · filing {message.payload['filing_id']}" in page
