"""Deadline reminders (docs/reminders.md): 5 and 1 working days before, on the day,
overdue with an escalation; once per (deadline, step, recipient), ever; the state re-checked
at send time; one digest instead of many mails; a sweep whose query count does not grow with
the number of due deadlines."""

import datetime as dt
import re
import smtplib
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.services import sign_assessment
from filings import services
from filings.models import Deadline, DeadlineKind, Notification, OfficeReview, State, SweepRun
from filings.services import reminders
from filings.tasks import send_reminders, sweep
from platforms.models import UserPreference
from tests.builders import _claim, _return, complete_assessment, filing_in_state, plan_feature


@pytest.fixture
def cast(cast: dict[str, Any], one_office_regime: Any) -> dict[str, Any]:
    """One office reviews (tests/conftest.py): the filing's state is its review's, and it
    ends in a number (joint reviews: tests/review/test_joint_review.py)."""
    return {**cast, "regime": one_office_regime.code}


pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
Step = Notification.Step


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def clock():
    with time_machine.travel(at(dt.date(2025, 9, 15)), tick=False) as traveller:
        yield traveller


def review_clock(filing):
    return Deadline.objects.get(filing=filing, kind=DeadlineKind.REVIEW, status="open")


def filing_clock(filing):
    return Deadline.objects.get(filing=filing, kind=DeadlineKind.FILING, status="open")


def reminders_of(deadline):
    return sorted(
        (n.step, n.recipient.username)
        for n in Notification.objects.filter(deadline=deadline).select_related("recipient")
    )


@pytest.fixture
def under_review(clock, cast):
    """Submitted and claimed on Monday 15 September 2025: review due Friday 31 October."""
    return filing_in_state(State.UNDER_REVIEW, **cast)


# --- The steps and who gets them -------------------------------------------------------------
@pytest.mark.parametrize(
    ("today", "step"),
    [
        (dt.date(2025, 10, 23), None),  # six working days before
        (dt.date(2025, 10, 24), Step.BEFORE_5),
        (dt.date(2025, 10, 30), Step.BEFORE_1),
        (dt.date(2025, 10, 31), Step.DUE),
    ],
)
def test_the_assigned_reviewer_is_reminded_by_working_days(clock, under_review, cast, today, step):
    clock.move_to(at(today))

    sweep()

    expected = [(step, "beijing_reviewer")] if step else []
    assert reminders_of(review_clock(under_review)) == expected


def test_an_overdue_review_escalates_to_the_authoritys_supervisors(clock, under_review, cast):
    clock.move_to(at(dt.date(2025, 11, 3)))

    sweep()

    assert reminders_of(review_clock(under_review)) == [
        (Step.ESCALATION, "beijing_supervisor"),
        (Step.OVERDUE, "beijing_reviewer"),
    ]


def assignee_of(filing: Any) -> Any:
    """The reviewer who claimed the filing for its one office."""
    return OfficeReview.objects.get(filing=filing).assignee


def test_an_overdue_filing_deadline_escalates_to_the_operators_signatory(clock, cast):
    draft = filing_in_state(State.DRAFT, **cast)
    deadline = filing_clock(draft)
    clock.move_to(at(deadline.due_date + dt.timedelta(days=1)))

    sweep()

    assert reminders_of(deadline) == [
        (Step.ESCALATION, "bytedance_signatory"),
        (Step.OVERDUE, "douyin_officer"),
    ]


def test_an_unassigned_review_clock_reminds_the_authorities_reviewers(
    clock, cast, beijing_psb_reviewer
):
    # A joint review: each office's reviewers, while nobody in the office has claimed it.
    submitted = filing_in_state(State.SUBMITTED, **{**cast, "regime": "cn-security-assessment"})
    clock.move_to(at(dt.date(2025, 10, 31)))

    sweep()

    assert reminders_of(review_clock(submitted)) == [
        (Step.DUE, "beijing_psb_reviewer"),
        (Step.DUE, "beijing_reviewer"),
    ]


def test_a_paused_review_clock_sends_no_reminders(clock, cast):
    returned = filing_in_state(State.RETURNED, **cast)
    clock.move_to(at(dt.date(2025, 12, 1)))

    sweep()

    assert not Notification.objects.filter(filing=returned).reminders().exists()


def test_a_reminder_is_an_inbox_notification_and_an_email_in_the_recipients_language(
    clock, under_review, settings
):
    settings.LANGUAGE_CODE = "zh-hans"
    clock.move_to(at(dt.date(2025, 10, 31)))
    mail.outbox.clear()

    sweep()

    reviewer = assignee_of(under_review)
    note = Notification.objects.for_user(reviewer).reminders().get()
    assert note.emailed_at is not None
    assert under_review.reference in note.message
    [email] = mail.outbox
    assert email.to == [reviewer.email]
    assert email.subject == note.message
    assert f"/filings/{under_review.pk}/" in email.body
    assert email.alternatives[0].mimetype == "text/html"


# --- Once, ever -------------------------------------------------------------------------------
def test_two_sweeps_in_a_row_create_each_reminder_once(clock, under_review):
    clock.move_to(at(dt.date(2025, 11, 3)))
    mail.outbox.clear()

    first, second = sweep(), sweep()

    assert first["created"] == 2
    assert second["created"] == 0
    assert Notification.objects.filter(filing=under_review).reminders().count() == 2
    assert len(mail.outbox) == 2


def test_the_same_send_task_delivered_twice_sends_once(clock, under_review):
    clock.move_to(at(dt.date(2025, 10, 31)))
    reminders.create_reminders()
    mail.outbox.clear()

    first = send_reminders.apply(args=[assignee_of(under_review).pk]).get()
    second = send_reminders.apply(args=[assignee_of(under_review).pk]).get()

    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1


def test_a_claim_held_by_a_live_worker_is_left_alone_until_its_lease_expires(
    clock, under_review, settings
):
    clock.move_to(at(dt.date(2025, 10, 31)))
    reminders.create_reminders()
    Notification.objects.reminders().update(claimed_at=timezone.now())
    mail.outbox.clear()

    assert send_reminders.apply(args=[assignee_of(under_review).pk]).get() == 0
    clock.shift(dt.timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS + 1))
    assert send_reminders.apply(args=[assignee_of(under_review).pk]).get() == 1
    assert len(mail.outbox) == 1


# --- Re-checked at send time --------------------------------------------------------------------
def test_a_filing_decided_before_the_sweep_gets_no_reminder(clock, cast):
    approved = filing_in_state(State.APPROVED, **cast)
    clock.move_to(at(dt.date(2025, 11, 3)))
    mail.outbox.clear()

    sweep()

    assert not Notification.objects.filter(filing=approved).reminders().exists()
    assert mail.outbox == []


def test_a_filing_decided_between_the_sweep_and_the_send_gets_no_reminder(clock, cast):
    pending = filing_in_state(State.PENDING_APPROVAL, **cast)
    clock.move_to(at(dt.date(2025, 10, 31)))
    reminders.create_reminders()  # the sweep has run; its send task is still queued
    services.approve_filing(filing=pending, by=cast["supervisor"])
    mail.outbox.clear()

    send_reminders.apply(args=[cast["reviewer"].pk]).get()

    assert mail.outbox == []
    note = Notification.objects.filter(filing=pending).reminders().get()
    assert note.withdrawn_at is not None
    assert not Notification.objects.for_user(cast["reviewer"]).reminders().exists()


# --- No floods ------------------------------------------------------------------------------
def test_an_officer_with_many_due_items_gets_one_digest(clock, cast, settings):
    settings.REMINDER_DIGEST_THRESHOLD = 3
    drafts = [
        filing_in_state(State.DRAFT, **{**cast, "regime": "cn-security-assessment"}, title=f"F{n}")
        for n in range(4)
    ]
    clock.move_to(at(filing_clock(drafts[0]).due_date))
    mail.outbox.clear()

    sweep()

    officer_mails = [m for m in mail.outbox if m.to == [cast["officer"].email]]
    assert len(officer_mails) == 1
    # One reminder per filing due before launch (each feature has several: the security and
    # the deep-synthesis assessments, and this module's one-office filing).
    due = Deadline.objects.open().filter(
        kind=DeadlineKind.FILING,
        filing__planned_feature__in=[d.planned_feature_id for d in drafts],
        due_date=filing_clock(drafts[0]).due_date,
    )
    count = Notification.objects.for_user(cast["officer"]).reminders().count()
    assert count == due.count() >= 8
    assert f"{count} deadlines" in officer_mails[0].subject
    for draft in drafts:
        assert draft.reference in officer_mails[0].body


def test_the_sweeps_query_count_does_not_grow_with_the_number_of_due_deadlines(
    clock, cast, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # count the sweep's own queries, not the sends

    def counted() -> int:
        Notification.objects.reminders().delete()
        with CaptureQueriesContext(connection) as queries:
            reminders.create_reminders()
            reminders.recipients_to_send(now=timezone.now())
        return len(queries)

    first = filing_in_state(State.DRAFT, **cast)
    due = filing_clock(first).due_date
    clock.move_to(at(due))
    one = counted()
    # One reminder per filing of the feature due today (the officer is its one recipient).
    assert (
        Notification.objects.reminders().count()
        == Deadline.objects.open().filter(kind=DeadlineKind.FILING, due_date=due).count()
        >= 2
    )
    for n in range(5):
        filing_in_state(State.DRAFT, **cast, title=f"More {n}")
    Deadline.objects.open().filter(kind=DeadlineKind.FILING).update(due_date=due)
    many = counted()

    assert (
        Notification.objects.reminders().count()
        == Deadline.objects.open().filter(kind=DeadlineKind.FILING, due_date=due).count()
        > 6
    )
    assert many == one


# --- Failures ------------------------------------------------------------------------------
def _failing_send(exc):
    def send(self, fail_silently=False):
        raise exc

    return send


def test_a_mail_server_outage_is_retried_then_marked_failed_for_the_admin(
    clock, under_review, settings, monkeypatch
):
    settings.REMINDER_EMAIL_MAX_ATTEMPTS = 3
    clock.move_to(at(dt.date(2025, 10, 31)))
    reminders.create_reminders()
    monkeypatch.setattr(
        "django.core.mail.EmailMultiAlternatives.send",
        _failing_send(smtplib.SMTPServerDisconnected("gone")),
    )

    for _ in range(3):
        with pytest.raises(reminders.TransientSendError):
            reminders.send_reminders(recipient_id=assignee_of(under_review).pk)

    note = Notification.objects.reminders().get()
    assert note.email_attempts == 3
    assert note.failed_at is not None
    assert "gone" in note.email_error
    assert note.emailed_at is None
    assert reminders.send_reminders(recipient_id=assignee_of(under_review).pk) == 0


def test_a_database_error_after_the_claim_lets_the_retry_send_at_once(
    clock, under_review, monkeypatch
):
    """The database failing between the claim and the send (a dropped connection; on SQLite
    a table another connection holds) must not keep the reminder claimed for the lease: the
    task's retry claims it again and sends it."""
    clock.move_to(at(dt.date(2025, 10, 31)))
    reminders.create_reminders()
    mail.outbox.clear()
    bulk_update = Notification.objects.bulk_update
    failures = [OperationalError("database table is locked")]

    def locked_once(*args, **kwargs):
        if failures:
            raise failures.pop()
        return bulk_update(*args, **kwargs)

    monkeypatch.setattr(Notification.objects, "bulk_update", locked_once)

    with pytest.raises(OperationalError):
        reminders.send_reminders(recipient_id=assignee_of(under_review).pk)
    assert reminders.send_reminders(recipient_id=assignee_of(under_review).pk) == 1
    assert len(mail.outbox) == 1


def test_a_refused_address_is_marked_failed_at_once(clock, under_review, monkeypatch):
    clock.move_to(at(dt.date(2025, 10, 31)))
    reminders.create_reminders()
    monkeypatch.setattr(
        "django.core.mail.EmailMultiAlternatives.send",
        _failing_send(smtplib.SMTPRecipientsRefused({"x@example.com": (550, b"no such user")})),
    )

    assert reminders.send_reminders(recipient_id=assignee_of(under_review).pk) == 0

    note = Notification.objects.reminders().get()
    assert (note.email_attempts, note.failed_at is not None) == (1, True)


def test_the_sweep_records_when_it_last_completed(clock, under_review):
    sweep()

    assert SweepRun.objects.get(name="reminders").finished_at == timezone.now()


# --- A filing's whole life, day by day ------------------------------------------------------
def test_time_travel_through_a_filings_life_sends_every_reminder_in_order(clock, cast):
    """Planned on 1 September 2025 for a launch on Friday 12 September; filed late, on
    Monday 15 September; returned on 26 September and resubmitted on 9 October, across
    National Day; the review runs late and is escalated; then approved."""
    clock.move_to(at(dt.date(2025, 9, 1)))
    [filing] = [
        f
        for f in plan_feature(
            cast["platform"], cast["officer"], planned_launch_date=dt.date(2025, 9, 12)
        )
        if f.regime.code == "cn-security-assessment"
    ]
    seen: list[tuple[dt.date, str, str, str]] = []

    def live(until: dt.date) -> None:
        day = timezone.localdate()
        while day <= until:
            clock.move_to(at(day))
            sweep()
            for n in Notification.objects.filter(filing=filing, created_at=timezone.now()):
                if n.step != Step.EVENT:
                    seen.append((day, n.deadline.kind, n.step, n.recipient.username))
            day += dt.timedelta(days=1)

    live(dt.date(2025, 9, 14))
    clock.move_to(at(dt.date(2025, 9, 15)))
    complete_assessment(filing.assessment, cast["officer"])
    sign_assessment(assessment=filing.assessment, by=cast["signatory"])
    services.submit_filing(filing=filing, by=cast["officer"])
    _claim(filing, reviewer=cast["reviewer"])
    live(dt.date(2025, 9, 25))
    clock.move_to(at(dt.date(2025, 9, 26)))
    _return(filing, reviewer=cast["reviewer"])
    live(dt.date(2025, 10, 8))
    clock.move_to(at(dt.date(2025, 10, 9)))
    services.submit_filing(filing=filing, by=cast["officer"])  # the reviewer goes on with it
    due = review_clock(filing).due_date
    live(due + dt.timedelta(days=3))
    services.propose_decision(filing=filing, by=cast["reviewer"], kind="approve", reasons="OK")
    services.approve_filing(filing=filing, by=cast["supervisor"])
    live(due + dt.timedelta(days=10))

    officer, signatory = "douyin_officer", "bytedance_signatory"
    reviewer, supervisor = "beijing_reviewer", "beijing_supervisor"
    assert seen == [
        (dt.date(2025, 9, 5), "filing", Step.BEFORE_5, officer),
        (dt.date(2025, 9, 11), "filing", Step.BEFORE_1, officer),
        (dt.date(2025, 9, 12), "filing", Step.DUE, officer),
        (dt.date(2025, 9, 13), "filing", Step.ESCALATION, signatory),
        (dt.date(2025, 9, 13), "filing", Step.OVERDUE, officer),
        # Review due 31 October, plus the 4 working days paused (28-30 September, 9 October):
        # Thursday 6 November. Nothing while the filing was back with the filer.
        (dt.date(2025, 10, 30), "review", Step.BEFORE_5, reviewer),
        (dt.date(2025, 11, 5), "review", Step.BEFORE_1, reviewer),
        (dt.date(2025, 11, 6), "review", Step.DUE, reviewer),
        (dt.date(2025, 11, 7), "review", Step.ESCALATION, supervisor),
        (dt.date(2025, 11, 7), "review", Step.OVERDUE, reviewer),
        # Approved on 9 November: no more reminders.
    ]


def test_the_email_follows_the_language_set_on_the_recipients_account(clock, under_review):
    reviewer = assignee_of(under_review)
    UserPreference.objects.create(user=reviewer, language="zh-hans")  # the site's is English
    clock.move_to(at(dt.date(2025, 10, 31)))
    mail.outbox.clear()

    sweep()

    [email] = mail.outbox
    assert re.search(r"[\u4e00-\u9fff]", email.subject), email.subject
    assert re.search(r"[\u4e00-\u9fff]", email.body)
