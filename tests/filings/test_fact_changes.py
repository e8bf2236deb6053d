"""Changes of the filed facts and the end of a service (issue #13, item 5): recording one
starts the regime's clock to file it (the algorithm provisions: 10 working days for a change,
20 for the end of the service), with reminders and escalation; filing it stops the clock and
puts its text before the deciding office, which reads it before accepting, or refuses it
with reasons. Nothing written is lost: the text, the dates and the reasons are on the
officer's page, the workspace, the confirmation page and the receipt."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from filings import services
from filings.models import Deadline, DeadlineKind, FactChange, Filing, Notification, State
from filings.services import FilingError
from filings.tasks import sweep
from registry.selectors import public_status, published
from tests.builders import filing_in_state
from tests.review.conftest import client_for

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = dt.date(2025, 9, 15)
# Tuesday 16 September 2025. Ten working days later is Monday 29 September (Sunday 28
# September is a working day before National Day); twenty is Monday 20 October (1-8 October
# are holidays, Saturday 11 October is a working day).
CHANGED_ON = dt.date(2025, 9, 16)
CHANGE_DUE = dt.date(2025, 9, 29)
END_DUE = dt.date(2025, 10, 20)
ALGORITHM = "cn-algorithm-filing"


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def clock():
    with time_machine.travel(at(MONDAY), tick=False) as traveller:
        yield traveller


@pytest.fixture
def filed(clock, cast, cac_supervisor) -> Filing:
    """A recommender's algorithm filing with its number: the national CAC decides changes."""
    return filing_in_state(
        State.APPROVED,
        **cast,
        regime=ALGORITHM,
        title="Personalised feed",
        is_recommendation=True,
    )


def reload(filing: Filing) -> Filing:
    return Filing.objects.get(pk=filing.pk)


def record(filing, officer, kind="change", day=CHANGED_ON, text="A second ranking model."):
    return services.record_fact_change(
        filing=filing, by=officer, kind=kind, effective_on=day, description=text
    )


# --- The clocks ---------------------------------------------------------------------------------
def test_recording_a_change_starts_the_ten_working_day_clock_from_the_day_of_the_change(
    filed, cast
):
    change = record(filed, cast["officer"])

    assert change.status == FactChange.Status.RECORDED
    clock = Deadline.objects.get(filing=filed, kind=DeadlineKind.CHANGE, status="open")
    assert change.deadline == clock
    assert (clock.anchor_date, clock.due_date) == (CHANGED_ON, CHANGE_DUE)
    assert clock.rule_text.startswith("10 working days")
    assert reload(filed).state == State.APPROVED  # nothing is filed yet


def test_recording_the_end_of_the_service_starts_the_twenty_working_day_clock(filed, cast):
    record(filed, cast["officer"], kind="cancellation", text="The feed closes.")

    clock = Deadline.objects.get(filing=filed, kind=DeadlineKind.CANCELLATION, status="open")
    assert clock.due_date == END_DUE


def test_an_unfiled_change_is_reminded_and_escalated_to_the_signatory_once_overdue(
    clock, filed, cast
):
    record(filed, cast["officer"])
    clock.move_to(at(CHANGE_DUE + dt.timedelta(days=1)))

    sweep()

    got = {
        (n.step, n.recipient.username)
        for n in Notification.objects.filter(deadline__kind=DeadlineKind.CHANGE)
    }
    assert (Notification.Step.OVERDUE, "douyin_officer") in got
    assert (Notification.Step.ESCALATION, "bytedance_signatory") in got


def test_filing_the_change_stops_its_clock_and_keeps_its_text_and_revision(filed, cast):
    record(filed, cast["officer"])

    revision = services.file_change(
        filing=filed, by=cast["officer"], description="A second ranking model, for minors."
    )

    filing = reload(filed)
    assert filing.state == State.CHANGE_PENDING
    change = FactChange.objects.get(filing=filing)
    assert change.status == FactChange.Status.FILED
    assert change.revision == revision
    assert change.effective_on == CHANGED_ON  # from the record
    assert change.description == "A second ranking model, for minors."
    assert change.deadline.status == Deadline.Status.MET


def test_a_change_filed_without_recording_it_first_is_kept_the_same_way(filed, cast):
    services.file_change(filing=filed, by=cast["officer"], description="New voice model.")

    change = FactChange.objects.get(filing=filed)
    assert (change.status, change.description) == (FactChange.Status.FILED, "New voice model.")


def test_a_second_change_recorded_before_the_first_is_filed_is_refused_with_the_due_date(
    filed, cast
):
    record(filed, cast["officer"])

    with pytest.raises(FilingError, match=CHANGE_DUE.isoformat()):
        record(filed, cast["officer"], day=CHANGED_ON + dt.timedelta(days=1))


# --- The office decides -------------------------------------------------------------------------
@pytest.fixture
def pending(filed, cast) -> Filing:
    record(filed, cast["officer"])
    services.file_change(filing=filed, by=cast["officer"], description="Ranking model two.")
    return reload(filed)


def test_the_supervisor_reads_the_change_before_accepting_it(pending, cac_supervisor):
    client = client_for(cac_supervisor)

    workspace = client.get(reverse("review:workspace", args=[pending.pk]))
    confirm = client.get(reverse("review:action", args=[pending.pk, "accept-change"]))

    assert "Ranking model two." in workspace.text
    assert confirm.status_code == 200
    assert "Ranking model two." in confirm.text
    assert f"?rev={FactChange.objects.get(filing=pending).revision.number}" in confirm.text


def test_accepting_the_change_keeps_the_number_and_shows_changed_on_the_register(
    pending, cac_supervisor
):
    client_for(cac_supervisor).post(
        reverse("review:action", args=[pending.pk, "accept-change"]), {"reasons": ""}
    )

    filing = reload(pending)
    assert filing.state == State.APPROVED
    assert FactChange.objects.get(filing=filing).status == FactChange.Status.ACCEPTED
    assert public_status(published().get(pk=filing.pk)) == "changed"


def test_refusing_a_change_needs_reasons(pending, cac_supervisor):
    response = client_for(cac_supervisor).post(
        reverse("review:action", args=[pending.pk, "refuse-change"]), {"reasons": "  "}
    )

    assert response.status_code == 400
    assert reload(pending).state == State.CHANGE_PENDING


def test_a_refused_change_is_shown_with_its_reasons_and_must_be_filed_again(
    clock, pending, cast, cac_supervisor
):
    clock.move_to(at(dt.date(2025, 9, 22)))
    reasons = "The consent records of the new model are missing."

    client_for(cac_supervisor).post(
        reverse("review:action", args=[pending.pk, "refuse-change"]), {"reasons": reasons}
    )

    filing = reload(pending)
    assert filing.state == State.APPROVED
    refused, again = (
        FactChange.objects.get(filing=filing, status=s)
        for s in (FactChange.Status.REFUSED, FactChange.Status.RECORDED)
    )
    assert refused.reasons == reasons
    assert again.description == refused.description
    # Ten working days from the refusal (Monday 22 September): Sunday 28 September works,
    # 1-8 October are holidays, Saturday 11 October works and is the tenth.
    assert again.deadline.anchor_date == dt.date(2025, 9, 22)
    assert again.deadline.due_date == dt.date(2025, 10, 11)
    page = client_for(cast["officer"]).get(reverse("filings:detail", args=[filing.pk]))
    assert reasons in page.text
    # The refused change was never accepted: the register does not say "changed".
    assert public_status(published().get(pk=filing.pk)) == "approved"


def test_only_a_supervisor_of_the_deciding_office_refuses(pending, cast):
    with pytest.raises(FilingError):
        services.refuse_change(filing=pending, by=cast["supervisor"], reasons="No.")
    assert reload(pending).state == State.CHANGE_PENDING


# --- The end of the service ---------------------------------------------------------------------
def test_the_end_of_the_service_is_filed_from_the_record_and_accepted(filed, cast, cac_supervisor):
    record(filed, cast["officer"])  # a change still to be filed lapses with the service
    record(filed, cast["officer"], kind="cancellation", text="The feed closes.")
    officer = client_for(cast["officer"])

    form = officer.get(reverse("filings:cancel", args=[filed.pk]))
    assert "The feed closes." in form.text
    assert CHANGED_ON.isoformat() in form.text
    officer.post(
        reverse("filings:cancel", args=[filed.pk]),
        {"reason": "The feed closes.", "ended_on": CHANGED_ON.isoformat()},
    )
    services.accept_cancellation(filing=filed, by=cac_supervisor, reasons="Confirmed offline.")

    assert reload(filed).state == State.CANCELLED
    statuses = dict(FactChange.objects.filter(filing=filed).values_list("kind", "status"))
    assert statuses == {"cancellation": "accepted", "change": "lapsed"}
    assert not Deadline.objects.filter(filing=filed, status="open").exists()


def test_a_refused_cancellation_leaves_the_filing_filed_and_tells_the_officer_why(
    filed, cast, cac_supervisor
):
    services.file_cancellation(filing=filed, by=cast["officer"], reason="Closing the feed.")

    services.refuse_cancellation(
        filing=filed, by=cac_supervisor, reasons="The feed is still served in the app."
    )

    assert reload(filed).state == State.APPROVED
    page = client_for(cast["officer"]).get(reverse("filings:detail", args=[filed.pk]))
    assert "The feed is still served in the app." in page.text
    assert "Closing the feed." in page.text


# --- The officer's pages, bad input and who may ---------------------------------------------------
def test_the_officer_records_a_change_from_the_filing_page(filed, cast):
    officer = client_for(cast["officer"])
    page = officer.get(reverse("filings:detail", args=[filed.pk]))
    url = reverse("filings:record-change", args=[filed.pk, "change"])
    assert url in page.text

    response = officer.post(
        url, {"effective_on": CHANGED_ON.isoformat(), "description": "A second model."}
    )

    assert response.status_code == 302
    page = officer.get(reverse("filings:detail", args=[filed.pk]))
    assert "A second model." in page.text
    assert CHANGE_DUE.isoformat() in page.text
    form = officer.get(reverse("filings:change", args=[filed.pk]))
    assert "A second model." in form.text  # the change form starts from the record


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"effective_on": "", "description": "x"}, "This field is required"),
        ({"effective_on": "2025-02-30", "description": "x"}, "Enter a valid date"),
        ({"effective_on": "2027-01-01", "description": "x"}, "more than a year ahead"),
        ({"effective_on": CHANGED_ON.isoformat(), "description": " "}, "This field is required"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_keeps_what_was_typed(filed, cast, data, message):
    response = client_for(cast["officer"]).post(
        reverse("filings:record-change", args=[filed.pk, "change"]), data
    )

    assert response.status_code in (400, 409)
    assert message in response.text
    assert not FactChange.objects.filter(filing=filed).exists()


def test_a_second_record_answers_409_with_the_first_ones_date(filed, cast):
    record(filed, cast["officer"])

    response = client_for(cast["officer"]).post(
        reverse("filings:record-change", args=[filed.pk, "change"]),
        {"effective_on": CHANGED_ON.isoformat(), "description": "Another."},
    )

    assert response.status_code == 409
    assert CHANGE_DUE.isoformat() in response.text
    assert FactChange.objects.filter(filing=filed).count() == 1


def test_an_unknown_kind_is_a_404(filed, cast):
    response = client_for(cast["officer"]).get(
        reverse("filings:record-change", args=[filed.pk, "merger"])
    )
    assert response.status_code == 404


def test_a_draft_offers_no_record(clock, cast):
    draft = filing_in_state(State.DRAFT, **cast)
    officer = client_for(cast["officer"])

    response = officer.post(
        reverse("filings:record-change", args=[draft.pk, "change"]),
        {"effective_on": CHANGED_ON.isoformat(), "description": "x"},
    )

    assert response.status_code == 302
    assert not FactChange.objects.exists()
    with pytest.raises(FilingError):
        record(draft, cast["officer"])


def test_other_operators_and_regulators_get_a_404(filed, cast, wechat_officer, cac_supervisor):
    url = reverse("filings:record-change", args=[filed.pk, "change"])
    for user in (wechat_officer, cac_supervisor):
        response = client_for(user).post(
            url, {"effective_on": CHANGED_ON.isoformat(), "description": "x"}
        )
        assert response.status_code == 404
    assert not FactChange.objects.exists()
    with pytest.raises(FilingError, match="compliance officers"):
        record(filed, cac_supervisor)


def test_the_receipt_of_a_change_says_what_changed(pending, cast):
    change = FactChange.objects.get(filing=pending)
    response = client_for(cast["officer"]).get(
        reverse("filings:receipt", args=[pending.pk, change.revision.number])
    )
    assert "Ranking model two." in response.text


def test_the_officers_page_reads_in_chinese(filed, cast):
    record(filed, cast["officer"])
    client = client_for(cast["officer"])
    client.cookies["django_language"] = "zh-hans"

    page = client.get(reverse("filings:detail", args=[filed.pk])).text

    assert "登记服务终止" in page  # Record the end of the service
    assert "登记了备案事项变更" in page  # the record: "... recorded a change of the filed facts."
    assert "Record the end of the service" not in page
