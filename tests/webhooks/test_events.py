"""Which organisation hears of what: an operator of its own filings, of what its timeline
shows and of the comments shared with it, never of an office's internal notes or of another
operator's filings; an authority of the filings addressed to it, and of another office's
notes only when shared. Deliveries are made with the outbox message's processing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from filings.models import Deadline, DeadlineKind, OutboxMessage, State
from filings.services.review import comment_on_filing
from tests.builders import filing_in_state
from tests.notices.conftest import issue
from webhooks import events, signing
from webhooks.models import Delivery, Endpoint, EventType

from .conftest import process_outbox

pytestmark = pytest.mark.django_db

ALL = list(EventType.values)


def endpoint(org: Any, events: list[str] = ALL, **fields: Any) -> Endpoint:
    kind = "operator" if org.__class__.__name__ == "Operator" else "authority"
    return Endpoint.objects.create(
        url=f"https://hooks.example.com/{org.pk}",
        events=events,
        secret=signing.new_secret(),
        **{kind: org},
        **fields,
    )


def received(endpoint: Endpoint) -> list[dict[str, Any]]:
    return [json.loads(d.body) for d in endpoint.deliveries.order_by("id")]


def types(endpoint: Endpoint) -> list[str]:
    return [d["type"] for d in received(endpoint)]


@pytest.fixture
def hooks(bytedance, tencent, beijing_cac, beijing_psb, shanghai_cac) -> dict[str, Endpoint]:
    return {
        "bytedance": endpoint(bytedance),
        "tencent": endpoint(tencent),
        "beijing_cac": endpoint(beijing_cac),
        "beijing_psb": endpoint(beijing_psb),
        "shanghai_cac": endpoint(shanghai_cac),
        "bytedance_off": endpoint(bytedance, enabled=False),
        "bytedance_notices": endpoint(bytedance, [EventType.NOTICE_RECEIVED]),
    }


def test_a_submission_reaches_the_operator_and_the_addressed_offices_only(hooks, cast):
    filing = filing_in_state(State.SUBMITTED, **cast)
    process_outbox()

    [event] = received(hooks["bytedance"])
    assert event["type"] == "filing.state_changed"
    assert event["data"]["action"] == "submitted"
    assert event["data"]["filing"]["id"] == filing.pk
    assert event["data"]["filing"]["state"] == "submitted"
    assert event["data"]["filing"]["url"].endswith(f"/filings/{filing.pk}/")
    assert event["data"]["filing"]["api_url"].endswith(f"/api/v1/filings/{filing.pk}/")
    assert types(hooks["beijing_cac"]) == types(hooks["beijing_psb"]) == ["filing.state_changed"]
    assert received(hooks["beijing_cac"])[0]["data"]["filing"]["api_url"].endswith(
        f"/api/v1/review/filings/{filing.pk}/"
    )
    for outsider in ("tencent", "shanghai_cac", "bytedance_off", "bytedance_notices"):
        assert received(hooks[outsider]) == [], outsider


def test_an_internal_note_reaches_its_office_only_and_a_shared_comment_the_operator(hooks, cast):
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    process_outbox()
    Delivery.objects.all().delete()

    comment_on_filing(
        filing=filing, by=cast["reviewer"], body="SECRET internal doubt", visibility="office"
    )
    process_outbox()
    assert types(hooks["beijing_cac"]) == ["filing.comment_received"]
    for outsider in ("bytedance", "beijing_psb", "tencent", "shanghai_cac"):
        assert received(hooks[outsider]) == [], outsider
    assert not Delivery.objects.filter(body__contains="SECRET").exists()

    comment_on_filing(filing=filing, by=cast["reviewer"], body="Please add the log policy.")
    process_outbox()
    [shared] = received(hooks["bytedance"])
    assert shared["type"] == "filing.comment_received"
    assert shared["data"]["action"] == "commented"
    assert shared["data"]["text"] == "Please add the log policy."
    assert types(hooks["beijing_psb"]) == ["filing.comment_received"]
    assert received(hooks["tencent"]) == []


def test_an_information_request_reaches_the_operator(hooks, cast):
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    process_outbox()
    Delivery.objects.all().delete()
    comment_on_filing(
        filing=filing, by=cast["reviewer"], body="Send the DPIA.", information_request=True
    )
    process_outbox()
    [request] = received(hooks["bytedance"])
    assert (request["type"], request["data"]["action"]) == (
        "filing.comment_received",
        "information_requested",
    )


def test_a_proposal_is_never_sent_to_the_operator(hooks, cast):
    filing = filing_in_state(State.PENDING_APPROVAL, **cast)
    process_outbox()
    actions = [d["data"].get("action") for d in received(hooks["bytedance"])]
    assert "decision_proposed" not in actions
    assert actions  # it did hear of the submission and the claim
    assert filing.pk


def test_a_message_processed_twice_makes_one_delivery_per_endpoint(hooks, cast):
    filing_in_state(State.SUBMITTED, **cast)
    process_outbox()
    count = Delivery.objects.count()
    message = OutboxMessage.objects.get(payload__action="submitted")
    events.on_outbox_message(message)  # as if a second worker got it
    assert Delivery.objects.count() == count


def test_an_issued_notice_reaches_the_operators_it_names(
    hooks, beijing_supervisor, beijing_cac, douyin, douyin_officer
):
    notice = issue(beijing_supervisor, beijing_cac, [douyin.operator], [douyin])
    process_outbox()
    [event] = received(hooks["bytedance_notices"])
    assert event["type"] == "notice.received"
    assert event["data"]["notice"]["number"] == notice.number
    assert types(hooks["bytedance"]) == ["notice.received"]
    for outsider in ("tencent", "beijing_cac", "beijing_psb", "bytedance_off"):
        assert received(hooks[outsider]) == [], outsider


def test_an_overdue_review_clock_reaches_the_reviewing_offices_once(hooks, cast):
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    process_outbox()
    Delivery.objects.all().delete()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Deadline.objects.filter(filing=filing, kind=DeadlineKind.REVIEW).update(due_date=yesterday)

    assert events.signal_deadlines(timezone.now()) >= 1
    process_outbox()
    assert events.signal_deadlines(timezone.now()) == 0  # announced once
    [event] = received(hooks["beijing_cac"])
    assert event["type"] == "deadline.overdue"
    assert event["data"]["deadline"]["kind"] == DeadlineKind.REVIEW
    assert event["data"]["deadline"]["step"] == "overdue"
    assert received(hooks["bytedance"]) == []  # the office's clock, not the operator's


def test_an_operators_deadline_approaching_reaches_the_operator(hooks, cast):
    filing = filing_in_state(State.DRAFT, **cast)
    process_outbox()
    Delivery.objects.all().delete()
    mine = Deadline.objects.filter(filing=filing, kind=DeadlineKind.FILING)
    assert mine.exists()
    mine.update(due_date=timezone.localdate())  # due today
    events.signal_deadlines(timezone.now())
    process_outbox()
    got = types(hooks["bytedance"])
    assert got and set(got) == {"deadline.approaching"}
    assert received(hooks["shanghai_cac"]) == []


def test_deadlines_of_organisations_without_such_an_endpoint_are_not_signalled(
    cast, tencent, shanghai_cac
):
    """A national register has a hundred thousand open deadlines: only those an endpoint's
    organisation hears of become events (and are marked), so one that subscribes later
    hears of its own from the next window on."""
    from webhooks.models import DeadlineSignal

    filing = filing_in_state(State.DRAFT, **cast)  # ByteDance's, reviewed in Beijing
    Deadline.objects.filter(filing=filing, kind=DeadlineKind.FILING).update(
        due_date=timezone.localdate()
    )
    endpoint(tencent)  # listens, but to another operator
    endpoint(shanghai_cac)  # and another office
    assert events.signal_deadlines(timezone.now()) == 0
    assert not DeadlineSignal.objects.exists()

    bytedance_hook = endpoint(filing.operator)
    assert events.signal_deadlines(timezone.now()) >= 1
    process_outbox()
    assert set(types(bytedance_hook)) == {"deadline.approaching"}
