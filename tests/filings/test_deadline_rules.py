"""Deadline rules as data: units, what a return does to a clock (continue, pause, restart),
pauses while information is awaited, and an extension with notice. Each rule is a row; the
services read it, so a regime's clocks are set up in the admin, not in code."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from assessments.models import Question
from audit.models import AuditEvent
from filings import services
from filings.models import Comment, Deadline, DeadlineKind, DeadlinePause, DeadlineRule, State
from filings.services import FilingError
from filings.services.clocks import add_months, compute_due
from filings.services.deadlines import extend_deadline, on_returned
from tests.builders import filing_in_state
from workcalendar.calendar import add_working_days, working_days_between
from workcalendar.models import CalendarDay

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
SECURITY = "cn-security-assessment"
ALGORITHM = "cn-algorithm-filing"
Unit = DeadlineRule.Unit


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI)


def review_clock(filing):
    return Deadline.objects.get(filing=filing, kind=DeadlineKind.REVIEW, status="open")


def security_review_rule():
    return DeadlineRule.objects.get(regime__code=SECURITY, kind=DeadlineKind.REVIEW)


def return_to_filer(filing, reviewer):
    question = Question.objects.filter(section__template=filing.template).first()
    services.return_filing(filing=filing, by=reviewer, reasons=[(question, "Label unclear.")])


def ask(filing, reviewer, body="Send the moderation shift plan."):
    return services.comment_on_filing(
        filing=filing, by=reviewer, body=body, information_request=True
    )


def answer(request, officer):
    services.answer_information_request(request=request, by=officer, body="Attached.")


@pytest.fixture
def clock():
    with time_machine.travel(at(dt.date(2025, 9, 15)), tick=False) as traveller:
        yield traveller


@pytest.fixture
def under_review(clock, cast):
    """A security assessment submitted on Monday 15 September 2025 and claimed that day; its
    review clock is due on 31 October (30 working days over National Day)."""
    return filing_in_state(State.UNDER_REVIEW, **cast)


@pytest.fixture
def algorithm_cast(cast, cac_reviewer, cac_supervisor):
    return {**cast, "reviewer": cac_reviewer, "supervisor": cac_supervisor}


# --- Units ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("anchor", "amount", "unit", "due"),
    [
        pytest.param(dt.date(2025, 9, 29), 10, Unit.WORKING_DAYS, dt.date(2025, 10, 20), id="wd"),
        pytest.param(dt.date(2025, 9, 29), 10, Unit.CALENDAR_DAYS, dt.date(2025, 10, 9), id="cd"),
        pytest.param(dt.date(2025, 3, 3), 8, Unit.WEEKS, dt.date(2025, 4, 28), id="weeks"),
        pytest.param(dt.date(2025, 3, 3), 1, Unit.MONTHS, dt.date(2025, 4, 3), id="month"),
    ],
)
def test_each_unit_counts_from_the_day_after_the_anchor(anchor, amount, unit, due):
    assert compute_due(anchor, amount, unit).date == due


def test_weeks_are_seven_calendar_days_whatever_the_chinese_calendar_says():
    # Eight weeks across National Day: holidays and make-up days do not change a week.
    assert compute_due(dt.date(2025, 9, 15), 8, Unit.WEEKS).date == dt.date(2025, 11, 10)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2025, 11, 15), 2, dt.date(2026, 1, 15)),
        (dt.date(2025, 8, 31), 1, dt.date(2025, 9, 30)),
    ],
)
def test_a_month_ends_on_the_same_day_or_the_last_day_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


def test_an_extension_and_the_days_paused_add_to_the_count():
    due = compute_due(
        dt.date(2025, 3, 3), 8, Unit.WEEKS, 5, extension_amount=6, extension_unit=Unit.WEEKS
    )

    assert due.date == dt.date(2025, 3, 3) + dt.timedelta(weeks=14, days=5)


def test_in_working_days_an_extension_counts_on_from_the_first_due_date():
    due = compute_due(
        dt.date(2025, 9, 15), 30, Unit.WORKING_DAYS, extension_amount=10, extension_unit=""
    )

    assert due.date == add_working_days(dt.date(2025, 9, 15), 40).date


# --- The shipped rules, migrated --------------------------------------------------------------
def test_the_shipped_review_clocks_pause_on_return_except_the_algorithm_filing_which_restarts():
    rules = DeadlineRule.objects.filter(kind=DeadlineKind.REVIEW)

    assert {r.regime.code: r.when_returned for r in rules} == {
        SECURITY: DeadlineRule.WhenReturned.PAUSE,
        "cn-deep-synthesis-assessment": DeadlineRule.WhenReturned.PAUSE,
        ALGORITHM: DeadlineRule.WhenReturned.RESTART,
    }
    assert not DeadlineRule.objects.filter(pauses_for_information=True).exists()
    assert not DeadlineRule.objects.exclude(extension_amount=0).exists()
    assert set(DeadlineRule.objects.values_list("unit", flat=True)) == {Unit.WORKING_DAYS}


# --- What a return does -----------------------------------------------------------------------
def test_the_algorithm_filings_review_clock_counts_30_working_days_again_from_the_resubmission(
    clock, algorithm_cast
):
    filing = filing_in_state(State.UNDER_REVIEW, regime=ALGORITHM, **algorithm_cast)
    clock.move_to(at(dt.date(2025, 9, 26)))
    return_to_filer(filing, algorithm_cast["reviewer"])
    # While the filer holds it, the clock stands (it is not overdue meanwhile).
    assert review_clock(filing).paused_since == dt.date(2025, 9, 26)

    clock.move_to(at(dt.date(2025, 10, 10)))
    services.submit_filing(filing=filing, by=algorithm_cast["officer"])

    review = review_clock(filing)
    assert review.anchor_date == dt.date(2025, 10, 10)
    assert review.paused_since is None
    assert review.paused_working_days == 0
    assert review.due_date == add_working_days(dt.date(2025, 10, 10), 30).date
    # The pause is kept as history but no longer moves the count.
    pause = DeadlinePause.objects.get(deadline=review)
    assert (pause.ended_on, pause.counted) == (dt.date(2025, 10, 10), False)


def test_a_restarted_clock_keeps_its_count_when_the_calendar_changes(clock, algorithm_cast):
    filing = filing_in_state(State.UNDER_REVIEW, regime=ALGORITHM, **algorithm_cast)
    clock.move_to(at(dt.date(2025, 9, 26)))
    return_to_filer(filing, algorithm_cast["reviewer"])
    clock.move_to(at(dt.date(2025, 10, 10)))
    services.submit_filing(filing=filing, by=algorithm_cast["officer"])
    CalendarDay.objects.create(date=dt.date(2025, 9, 30), is_working_day=False, name="Extra")

    assert review_clock(filing).due_date == add_working_days(dt.date(2025, 10, 10), 30).date


def test_a_clock_whose_rule_keeps_running_ignores_the_return(clock, under_review, cast):
    DeadlineRule.objects.filter(pk=security_review_rule().pk).update(
        when_returned=DeadlineRule.WhenReturned.CONTINUE
    )
    clock.move_to(at(dt.date(2025, 9, 26)))
    return_to_filer(under_review, cast["reviewer"])

    review = review_clock(under_review)
    assert review.paused_since is None
    assert not review.pauses.exists()

    clock.move_to(at(dt.date(2025, 10, 10)))
    services.submit_filing(filing=under_review, by=cast["officer"])
    assert review_clock(under_review).due_date == dt.date(2025, 10, 31)


def test_on_returned_pauses_a_clock_whose_rule_pauses(clock, under_review):
    on_returned(filing=under_review, kind=DeadlineKind.REVIEW, on=dt.date(2025, 9, 19))

    review = review_clock(under_review)
    assert review.paused_since == dt.date(2025, 9, 19)
    assert review.pauses.get().cause == DeadlinePause.Cause.RETURNED


# --- Information requests ---------------------------------------------------------------------
def test_an_information_request_leaves_a_clock_running_whose_rule_does_not_pause_for_it(
    clock, under_review, cast
):
    ask(under_review, cast["reviewer"])

    assert review_clock(under_review).paused_since is None


def test_an_information_request_pauses_the_clock_until_it_is_answered(clock, under_review, cast):
    DeadlineRule.objects.filter(pk=security_review_rule().pk).update(pauses_for_information=True)
    clock.move_to(at(dt.date(2025, 9, 19)))
    request = ask(under_review, cast["reviewer"])

    review = review_clock(under_review)
    assert review.paused_since == dt.date(2025, 9, 19)
    assert review.pauses.get().cause == DeadlinePause.Cause.INFORMATION

    clock.move_to(at(dt.date(2025, 9, 26)))
    answer(request, cast["officer"])

    review = review_clock(under_review)
    assert review.paused_since is None
    assert (
        review.paused_working_days
        == 5
        == working_days_between(dt.date(2025, 9, 19), dt.date(2025, 9, 26))
    )
    assert working_days_between(dt.date(2025, 10, 31), review.due_date) == 5


def test_the_clock_waits_for_every_open_information_request(clock, under_review, cast):
    DeadlineRule.objects.filter(pk=security_review_rule().pk).update(pauses_for_information=True)
    first = ask(under_review, cast["reviewer"], "Shift plan?")
    second = ask(under_review, cast["reviewer"], "Room size limit?")

    clock.move_to(at(dt.date(2025, 9, 17)))
    answer(first, cast["officer"])
    assert review_clock(under_review).is_paused

    clock.move_to(at(dt.date(2025, 9, 18)))
    answer(second, cast["officer"])
    assert not review_clock(under_review).is_paused
    assert Comment.objects.filter(kind=Comment.Kind.INFORMATION_REQUEST).count() == 2


# --- Extensions -------------------------------------------------------------------------------
@pytest.fixture
def extendable(under_review):
    """The review rule allows 10 more working days if the filer is told within 5."""
    DeadlineRule.objects.filter(pk=security_review_rule().pk).update(
        extension_amount=10,
        extension_unit=Unit.WORKING_DAYS,
        extension_notice_within_amount=5,
        extension_notice_within_unit=Unit.WORKING_DAYS,
    )
    return under_review


def test_an_extension_within_the_notice_window_moves_the_due_date_and_is_recorded(
    clock, extendable, cast
):
    clock.move_to(at(dt.date(2025, 9, 22)))  # the 5th working day after the anchor

    extended = extend_deadline(
        filing=extendable, kind=DeadlineKind.REVIEW, by=cast["reviewer"], reasons="Complex case."
    )

    assert extended.due_date == add_working_days(dt.date(2025, 9, 15), 40).date
    assert extended.extended_by == cast["reviewer"]
    assert extended.extension_reasons == "Complex case."
    assert (extended.extension_amount, extended.extension_unit) == (10, Unit.WORKING_DAYS)
    event = AuditEvent.objects.get(filing_id=extendable.pk, action="filing.deadline_extended")
    assert event.data["deadline"] == "review"
    assert event.data["due_date"] == extended.due_date.isoformat()


def refused(filing, by, *, kind=DeadlineKind.REVIEW, reasons="Complex case."):
    before = review_clock(filing).due_date
    with pytest.raises(FilingError) as error:
        extend_deadline(filing=filing, kind=kind, by=by, reasons=reasons)
    assert review_clock(filing).due_date == before
    return str(error.value)


def test_a_clock_whose_rule_gives_no_extension_cannot_be_extended(clock, under_review, cast):
    assert "gives no extension" in refused(under_review, cast["reviewer"])


def test_a_clock_is_extended_only_once(clock, extendable, cast):
    extend_deadline(filing=extendable, kind="review", by=cast["reviewer"], reasons="Complex.")

    assert "already extended on 2025-09-15" in refused(extendable, cast["reviewer"])


def test_an_extension_after_the_notice_window_is_refused(clock, extendable, cast):
    clock.move_to(at(dt.date(2025, 9, 23)))

    assert "told of an extension by 2025-09-22" in refused(extendable, cast["reviewer"])


def test_the_filer_cannot_extend_the_regulators_clock(clock, extendable, cast):
    assert "Only a reviewer or supervisor" in refused(extendable, cast["officer"])


def test_an_extension_needs_reasons(clock, extendable, cast):
    assert "required" in refused(extendable, cast["reviewer"], reasons="  ")


def test_an_extension_of_a_clock_that_is_not_open_is_refused(clock, extendable, cast):
    message = refused(extendable, cast["reviewer"], kind=DeadlineKind.CHANGE)

    assert "no open clock" in message


def test_an_extended_clock_keeps_its_extension_when_the_calendar_changes(clock, extendable, cast):
    extend_deadline(filing=extendable, kind="review", by=cast["reviewer"], reasons="Complex.")
    CalendarDay.objects.create(date=dt.date(2025, 10, 15), is_working_day=False, name="Extra")

    assert review_clock(extendable).due_date == add_working_days(dt.date(2025, 9, 15), 40).date


def test_refusals_and_rule_descriptions_read_in_chinese(clock, extendable, cast):
    extend_deadline(filing=extendable, kind="review", by=cast["reviewer"], reasons="Complex.")

    with translation.override("zh-hans"):
        message = refused(extendable, cast["reviewer"])
        rule = str(security_review_rule())

    assert "只能延期一次" in message
    assert rule == "完整材料提交后 30 个工作日，可延长 10 个工作日"  # noqa: RUF001 (Chinese comma)
