"""Sign-off routing (issue #15, item 4): an officer asks the signatories to sign a complete
assessment; they are notified, see it on their home, and are reminded once two working days
later if it is still unsigned; signing clears the request."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from assessments.models import Assessment
from assessments.services import sign_assessment
from filings.models import Notification, State
from filings.services.signoff import remind_signatories
from tests.builders import complete_assessment, filing_in_state
from tests.review.conftest import client_for

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI)


@pytest.fixture
def clock():
    with time_machine.travel(at(dt.date(2025, 9, 15)), tick=False) as traveller:  # a Monday
        yield traveller


@pytest.fixture
def draft(clock, cast):
    return filing_in_state(State.DRAFT, **cast)


@pytest.fixture
def complete(draft, cast):
    complete_assessment(draft.assessment, cast["officer"])
    return Assessment.objects.get(pk=draft.assessment_id)


def url(assessment: Assessment) -> str:
    return reverse("filings:request_signoff", args=[assessment.pk])


def signatory_notes(user):
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("created_at", "pk")
        .values_list("verb", "message")
    )


def test_the_officer_asks_and_the_signatory_is_told_and_finds_it_at_home(
    complete, cast, django_capture_on_commit_callbacks
):
    officer, signatory = client_for(cast["officer"]), cast["signatory"]
    check = officer.get(reverse("assessments:check", args=[complete.pk])).text
    assert url(complete) in check

    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(url(complete), {"note": "Voice rooms, for Friday's launch."})

    assert response.status_code == 302
    assert signatory_notes(signatory) == [
        ("signoff_requested", "Voice rooms, for Friday's launch.")
    ]
    inbox = client_for(signatory).get("/review/notifications/").text
    assert "douyin_officer asks you to sign the assessment." in inbox
    home = client_for(signatory).get("/dashboard/").text
    assert reverse("assessments:check", args=[complete.pk]) in home
    assert "Friday&#x27;s launch" in home

    sign_assessment(assessment=complete, by=signatory)
    home = client_for(signatory).get("/dashboard/").text
    assert "signoff-task" not in home


def test_the_signatory_is_reminded_once_two_working_days_later(
    clock, complete, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast["officer"]).post(url(complete), {"note": ""})
        clock.move_to(at(dt.date(2025, 9, 16)))
        assert remind_signatories() == 0
        clock.move_to(at(dt.date(2025, 9, 17)))
        assert remind_signatories() == 1
        assert remind_signatories() == 0

    verbs = [v for v, _m in signatory_notes(cast["signatory"])]
    assert verbs == ["signoff_requested", "signoff_reminder"]


def test_a_signed_assessment_is_not_reminded(clock, complete, cast):
    client_for(cast["officer"]).post(url(complete), {"note": ""})
    sign_assessment(assessment=complete, by=cast["signatory"])
    clock.move_to(at(dt.date(2025, 9, 19)))

    assert remind_signatories() == 0


def test_an_incomplete_assessment_is_refused_with_what_is_missing(draft, cast):
    response = client_for(cast["officer"]).post(url(draft.assessment), {"note": ""})

    assert response.status_code == 409
    assert "missing" in response.text
    assert Assessment.objects.get(pk=draft.assessment_id).signoff_requested_at is None


def test_a_signed_assessment_is_refused(complete, cast):
    sign_assessment(assessment=complete, by=cast["signatory"])

    response = client_for(cast["officer"]).post(url(complete), {"note": ""})

    assert response.status_code == 409
    assert "already signed" in response.text


def test_a_note_too_long_is_a_400(complete, cast):
    response = client_for(cast["officer"]).post(url(complete), {"note": "x" * 2001})

    assert response.status_code == 400
    assert Assessment.objects.get(pk=complete.pk).signoff_requested_at is None


@pytest.mark.parametrize(
    "who", ["bytedance_signatory", "wechat_officer", "beijing_reviewer", "admin"]
)
def test_only_the_operators_officers_may_ask(complete, who, request):
    user = request.getfixturevalue(who)

    response = client_for(user).post(url(complete), {"note": ""})

    assert response.status_code == 404
    assert Assessment.objects.get(pk=complete.pk).signoff_requested_at is None
