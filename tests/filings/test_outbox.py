"""The transactional outbox (docs/architecture.md#outbox-and-sweep): an action and the message
about it commit together; notifications follow after commit; a broker failure never undoes the
action, and the sweep delivers what was left behind; nobody is told twice, or told of their own
act."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from assessments.models import Question
from assessments.services import sign_assessment
from filings import services
from filings.models import Filing, Notification, OutboxMessage, State
from filings.services.outbox import process_message, republish_pending
from filings.tasks import sweep
from platforms.models import Role
from tests.builders import complete_assessment, filing_in_state
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_draft(cast):
    """A security assessment with a signed, complete assessment, ready to submit."""
    filing = filing_in_state(State.DRAFT, **cast)
    complete_assessment(filing.assessment, cast["officer"])
    sign_assessment(assessment=filing.assessment, by=cast["signatory"])
    return filing


@pytest.fixture
def regulators(beijing_reviewer, beijing_supervisor, beijing_psb_reviewer):
    return {beijing_reviewer, beijing_supervisor, beijing_psb_reviewer}


@pytest.fixture
def outsiders(shanghai_reviewer, cac_reviewer, wechat_officer):
    return {shanghai_reviewer, cac_reviewer, wechat_officer}


def last_message():
    return OutboxMessage.objects.order_by("-id").first()


def told(message):
    return {n.recipient for n in Notification.objects.filter(outbox=message)}


def submit(filing, officer):
    return services.submit_filing(filing=filing, by=officer)


# --- Written with the change ----------------------------------------------------------------
def test_a_transition_writes_its_outbox_message(
    signed_draft, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(signed_draft, cast["officer"])

    message = last_message()
    assert message.topic == "filing.event"
    assert message.payload["filing_id"] == signed_draft.pk
    assert message.payload["action"] == "submitted"
    assert message.payload["actor_id"] == cast["officer"].pk
    assert message.processed_at is None
    assert len(callbacks) == 1  # publishing waits for the commit
    assert not Notification.objects.exists()


def test_a_transition_rolled_back_leaves_no_message_and_publishes_nothing(
    signed_draft, cast, django_capture_on_commit_callbacks
):
    before = OutboxMessage.objects.count()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        submit(signed_draft, cast["officer"])
        raise RuntimeError("the request failed after the service call")

    assert callbacks == []
    assert OutboxMessage.objects.count() == before
    assert Filing.objects.get(pk=signed_draft.pk).state == State.DRAFT
    assert not Notification.objects.exists()


# --- Delivered after commit -----------------------------------------------------------------
def test_notifications_are_created_after_commit(
    signed_draft, cast, regulators, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(signed_draft, cast["officer"])

    message = last_message()
    message.refresh_from_db()
    assert message.published_at is not None
    assert message.processed_at is not None
    assert message.attempts == 1
    assert told(message) == regulators
    assert {n.verb for n in Notification.objects.filter(outbox=message)} == {"submitted"}
    assert all(n.filing_id == signed_draft.pk for n in Notification.objects.filter(outbox=message))


def test_on_submission_the_beijing_cac_and_psb_regulators_are_told(
    signed_draft, cast, regulators, outsiders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(signed_draft, cast["officer"])

    recipients = told(last_message())
    assert recipients == regulators
    assert not recipients & outsiders
    assert cast["officer"] not in recipients


def test_on_return_the_operators_officers_are_told_the_reasons(
    cast, bytedance, outsiders, django_capture_on_commit_callbacks
):
    second_officer = UserFactory(username="douyin_officer_2")
    MembershipFactory(user=second_officer, role=Role.OFFICER, operator=bytedance)
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    question = Question.objects.get(section__template=filing.template, code="E3")

    with django_capture_on_commit_callbacks(execute=True):
        services.return_filing(
            filing=filing, by=cast["reviewer"], reasons=[(question, "Describe night shifts.")]
        )

    message = last_message()
    assert told(message) == {cast["officer"], second_officer}
    assert Notification.objects.filter(outbox=message).first().message == (
        "E3: Describe night shifts."
    )


def test_the_actor_is_not_told_of_their_own_action(
    cast, beijing_supervisor, second_beijing_supervisor, django_capture_on_commit_callbacks
):
    # A supervisor may review; proposing tells the supervisors, but not the proposer.
    filing = filing_in_state(State.SUBMITTED, **cast)
    services.claim_filing(filing=filing, by=beijing_supervisor)

    with django_capture_on_commit_callbacks(execute=True):
        services.propose_decision(
            filing=filing, by=beijing_supervisor, kind="approve", reasons="Complete."
        )

    assert told(last_message()) == {second_beijing_supervisor}


# --- Exactly once ---------------------------------------------------------------------------
def test_processing_the_same_message_twice_tells_each_person_once(
    signed_draft, cast, regulators, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(signed_draft, cast["officer"])
    message = last_message()

    assert process_message(message.pk) is False

    assert Notification.objects.filter(outbox=message).count() == len(regulators)
    message.refresh_from_db()
    assert message.attempts == 1


def test_a_retry_after_a_lost_acknowledgement_tells_each_person_once(
    signed_draft, cast, regulators, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(signed_draft, cast["officer"])
    message = last_message()
    # As if the worker died after creating the notifications but before its claim stuck.
    OutboxMessage.objects.filter(pk=message.pk).update(processed_at=None)

    assert process_message(message.pk) is True

    assert Notification.objects.filter(outbox=message).count() == len(regulators)


def test_a_message_for_a_filing_that_is_gone_is_done_quietly(cast):
    message = OutboxMessage.objects.create(
        topic="filing.event", payload={"filing_id": 999_999, "action": "submitted"}
    )

    assert process_message(message.pk) is True
    assert not Notification.objects.exists()


# --- When the broker is down ----------------------------------------------------------------
@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr("filings.tasks.process_outbox_message.delay", refuse)
    return monkeypatch


def test_the_action_succeeds_when_publishing_fails(
    signed_draft, cast, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        revision = submit(signed_draft, cast["officer"])

    assert revision.number == 1
    assert Filing.objects.get(pk=signed_draft.pk).state == State.SUBMITTED
    message = last_message()
    assert message.published_at is None
    assert message.processed_at is None
    assert "Connection refused" in message.last_error
    assert not Notification.objects.filter(outbox=message).exists()


def test_the_sweep_later_delivers_what_publishing_left_behind(
    signed_draft, cast, regulators, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(signed_draft, cast["officer"])
    message = last_message()
    broker_down.undo()  # the broker is back

    republished = republish_pending()

    assert republished >= 1
    message.refresh_from_db()
    assert message.processed_at is not None
    assert message.published_at is not None
    assert told(message) == regulators


def test_the_sweep_task_publishes_pending_messages(
    signed_draft, cast, regulators, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(signed_draft, cast["officer"])
    broker_down.undo()

    sweep.delay()

    assert told(last_message()) == regulators


def test_the_sweep_leaves_a_just_published_message_to_its_worker(signed_draft, cast):
    message = OutboxMessage.objects.create(
        topic="filing.event",
        payload={"filing_id": signed_draft.pk, "action": "submitted", "actor_id": None},
        published_at=timezone.now(),
    )

    republish_pending(now=timezone.now() + dt.timedelta(seconds=30))
    message.refresh_from_db()
    assert message.processed_at is None

    republish_pending(now=timezone.now() + dt.timedelta(seconds=61))
    message.refresh_from_db()
    assert message.processed_at is not None
