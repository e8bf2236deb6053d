"""GDPR Art. 36 prior consultation, added as data only: a JSON fixture holds the regime (EU
jurisdiction), the data-protection authority kind, its questionnaire and its deadline rules
(8 weeks from the complete consultation, paused while information is awaited, extendable by
6 weeks if the controller is told within one month). No code names it: the walk below goes
through the same services as every Chinese filing.
The walk ends in the regime's outcome, also data (`"outcome": "advice"`): the authority's
written advice, confirmed by a second person of the authority, no number, no register."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from assessments.services import sign_assessment
from filings import services
from filings.models import Deadline, DeadlineKind, DeadlinePause, Filing, Regime, State
from filings.services import FilingError, register_planned_feature
from filings.services.deadlines import extend_deadline
from platforms.models import Authority, Role
from tests.builders import complete_assessment
from tests.conftest import _member
from tests.factories import AuthorityFactory, PlatformFactory
from tests.review.conftest import client_for

pytestmark = pytest.mark.django_db

GDPR = "eu-gdpr-art36-prior-consultation"
SHANGHAI = ZoneInfo("Asia/Shanghai")
SUBMITTED = dt.date(2025, 3, 3)  # a Monday; 8 weeks later is Monday 28 April

RECOMMENDER = {
    "title": "For You feed",
    "description": "Personalised recommendations from viewing history.",
    "trigger": "launch",
    "planned_launch_date": dt.date(2025, 6, 30),
    "is_recommendation": True,
}


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI)


@pytest.fixture
def clock():
    with time_machine.travel(at(SUBMITTED), tick=False) as traveller:
        yield traveller


@pytest.fixture
def gdpr(db):
    call_command("loaddata", "regime_gdpr_art36", verbosity=0)
    return Regime.objects.get(code=GDPR)


@pytest.fixture
def dpc(gdpr):
    """The lead supervisory authority, added by an admin as an office of the fixture's kind."""
    return AuthorityFactory(
        name_zh="爱尔兰数据保护委员会",
        name_en="Data Protection Commission (Ireland)",
        kind="data_protection",
        level=Authority.Level.NATIONAL,
        region_code="100000",
    )


@pytest.fixture
def dpc_reviewer(dpc):
    return _member("dpc_reviewer", Role.REVIEWER, authority=dpc)


@pytest.fixture
def dpc_supervisor(dpc):
    return _member("dpc_supervisor", Role.SUPERVISOR, authority=dpc)


@pytest.fixture
def tiktok(bytedance, authorities):
    return PlatformFactory(operator=bytedance, name_zh="TikTok", name_en="TikTok", markets=["EU"])


def register(platform, officer, **fields):
    _feature, obligations = register_planned_feature(
        platform=platform, by=officer, today=SUBMITTED, **{**RECOMMENDER, **fields}
    )
    return {o.filing.regime.code: o.filing for o in obligations}


def review_clock(filing):
    return Deadline.objects.get(filing=filing, kind=DeadlineKind.REVIEW, status="open")


# --- Loading and applicability ----------------------------------------------------------------
def test_the_fixture_loads_the_regime_its_rules_its_authority_kind_and_its_questionnaire(gdpr):
    assert gdpr.jurisdictions == ["EU"]
    assert gdpr.addressed_to == [{"kind": "data_protection", "level": "national"}]
    review = gdpr.deadline_rules.get(kind=DeadlineKind.REVIEW)
    assert (review.amount, review.unit, review.pauses_for_information) == (8, "weeks", True)
    assert (review.extension_amount, review.extension_unit) == (6, "weeks")
    assert (review.extension_notice_within_amount, review.extension_notice_within_unit) == (
        1,
        "months",
    )
    assert str(review) == (
        "8 weeks after the submission of complete materials, extendable by 6 weeks"
    )
    for rule in gdpr.deadline_rules.all():
        rule.full_clean()
    gdpr.full_clean()  # its addressees name a kind that now exists


def test_a_feature_of_a_platform_offered_in_the_eu_gets_the_gdpr_filing(
    clock, gdpr, dpc, tiktok, douyin_officer
):
    filings = register(tiktok, douyin_officer)

    assert set(filings) == {GDPR}
    filing = filings[GDPR]
    assert list(filing.authorities.all()) == [dpc]
    assert filing.template.code == "eu-gdpr-prior-consultation"
    # Consulted before processing: due by the planned launch.
    assert Deadline.objects.get(filing=filing, kind="filing").due_date == dt.date(2025, 6, 30)


def test_a_chinese_only_recommender_gets_no_gdpr_filing(clock, gdpr, dpc, douyin, douyin_officer):
    filings = register(douyin, douyin_officer)

    assert GDPR not in filings
    assert {"cn-security-assessment", "cn-algorithm-filing"} <= set(filings)


def test_a_platform_offered_in_china_and_the_eu_gets_both_regimes(
    clock, gdpr, dpc, bytedance, authorities, douyin_officer
):
    both = PlatformFactory(operator=bytedance, markets=["CN", "EU"])

    filings = register(both, douyin_officer)

    assert {GDPR, "cn-security-assessment", "cn-algorithm-filing"} <= set(filings)


def test_an_eu_feature_without_the_flags_the_regime_names_gets_none(
    clock, gdpr, dpc, tiktok, douyin_officer
):
    assert register(tiktok, douyin_officer, is_recommendation=False) == {}


# --- The walk: consultation, information request, pause, extension ---------------------------
@pytest.fixture
def consultation(clock, gdpr, tiktok, douyin_officer, bytedance_signatory, dpc_reviewer):
    """The consultation submitted on 3 March 2025 and claimed by the DPC's reviewer."""
    filing = register(tiktok, douyin_officer)[GDPR]
    complete_assessment(filing.assessment, douyin_officer)
    sign_assessment(assessment=filing.assessment, by=bytedance_signatory)
    services.submit_filing(filing=filing, by=douyin_officer)
    services.claim_filing(filing=filing, by=dpc_reviewer)
    return Filing.objects.get(pk=filing.pk)


def test_the_consultation_walks_through_request_pause_answer_and_extension(
    clock, consultation, douyin_officer, dpc_reviewer
):
    assert consultation.state == State.UNDER_REVIEW
    review = review_clock(consultation)
    assert (review.anchor_date, review.due_date) == (SUBMITTED, dt.date(2025, 4, 28))

    # 10 March: the DPC asks for the DPIA's risk register; the 8 weeks stop.
    clock.move_to(at(dt.date(2025, 3, 10)))
    request = services.comment_on_filing(
        filing=consultation,
        by=dpc_reviewer,
        body="Send the DPIA's risk register.",
        information_request=True,
    )
    review = review_clock(consultation)
    assert review.paused_since == dt.date(2025, 3, 10)
    assert review.pauses.get().cause == DeadlinePause.Cause.INFORMATION

    # 20 March: the answer; the clock runs again, 10 calendar days later.
    clock.move_to(at(dt.date(2025, 3, 20)))
    services.answer_information_request(request=request, by=douyin_officer, body="Attached.")
    review = review_clock(consultation)
    assert review.paused_since is None
    assert review.paused_working_days == 10
    assert review.due_date == dt.date(2025, 5, 8)

    # 31 March, within a month of receipt: 6 more weeks, with the reasons told to the filer.
    clock.move_to(at(dt.date(2025, 3, 31)))
    extended = extend_deadline(
        filing=consultation,
        kind=DeadlineKind.REVIEW,
        by=dpc_reviewer,
        reasons="Large-scale profiling of minors: the complexity of the processing.",
    )
    assert extended.due_date == dt.date(2025, 5, 8) + dt.timedelta(weeks=6)
    assert extended.is_extended

    # Once only.
    with pytest.raises(FilingError, match="already extended"):
        extend_deadline(
            filing=consultation, kind=DeadlineKind.REVIEW, by=dpc_reviewer, reasons="Again."
        )
    assert review_clock(consultation).due_date == dt.date(2025, 6, 19)


def test_the_consultation_ends_in_written_advice_without_a_number(
    clock, consultation, dpc_reviewer, dpc_supervisor
):
    # The outcome is the regime's data: the proposals offered are no objection or advice.
    with pytest.raises(FilingError, match="Propose one of"):
        services.propose_decision(
            filing=consultation, by=dpc_reviewer, kind="reject", reasons="No."
        )
    clock.move_to(at(dt.date(2025, 4, 14)))
    services.propose_decision(
        filing=consultation,
        by=dpc_reviewer,
        kind="advise",
        reasons="Do not profile users under 16; give adults an unpersonalised feed.",
    )
    services.approve_filing(filing=consultation, by=dpc_supervisor)

    filing = Filing.objects.get(pk=consultation.pk)
    assert (filing.state, filing.filing_number) == (State.CONCLUDED, None)
    review = filing.reviews.get()
    assert review.conclusion == "advice"
    assert review.decision.reasons.startswith("Do not profile users under 16")
    assert review_clock_met(filing)


def review_clock_met(filing: Filing) -> bool:
    return Deadline.objects.filter(filing=filing, kind=DeadlineKind.REVIEW, status="met").exists()


def test_an_extension_notified_more_than_a_month_after_receipt_is_refused(
    clock, consultation, dpc_reviewer
):
    clock.move_to(at(dt.date(2025, 4, 4)))

    with pytest.raises(FilingError, match="told of an extension by 2025-04-03"):
        extend_deadline(
            filing=consultation, kind=DeadlineKind.REVIEW, by=dpc_reviewer, reasons="Complex."
        )
    assert not review_clock(consultation).is_extended


# --- The extension, from the workspace ----------------------------------------------------------
def test_the_office_extends_the_clock_from_the_workspace_and_the_reasons_are_kept(
    clock, consultation, dpc_reviewer, douyin_officer
):
    client = client_for(dpc_reviewer)
    url = reverse("review:action", args=[consultation.pk, "extend-deadline"])
    assert url in client.get(reverse("review:workspace", args=[consultation.pk])).text
    assert "6 weeks" in client.get(url).text  # what the regime allows, before choosing

    assert client.post(url, {"kind": "review", "reasons": ""}).status_code == 400
    assert client.post(url, {"kind": "filing", "reasons": "x"}).status_code == 400
    assert not review_clock(consultation).is_extended
    reasons = "Large-scale profiling of minors."
    client.post(url, {"kind": "review", "reasons": reasons})

    extended = review_clock(consultation)
    assert extended.is_extended
    assert extended.extension_reasons == reasons
    assert extended.due_date == dt.date(2025, 4, 28) + dt.timedelta(weeks=6)
    # The filer reads why.
    page = client_for(douyin_officer).get(reverse("filings:detail", args=[consultation.pk]))
    assert reasons in page.text
    # Once only: the page no longer offers it.
    assert client.get(url).status_code == 302
    # The filer is no regulator: the action is a 404 to them.
    assert client_for(douyin_officer).get(url).status_code == 404
