"""From a planned feature to the filings it obliges (docs/domain-rules.md#regimes): which regimes
apply, to whom each filing goes, by when, and the launch blocked until it is filed."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from assessments.models import Assessment
from assessments.services import sign_assessment
from filings import services
from filings.models import Deadline, DeadlineKind, Filing, State
from filings.services import FilingError, launch_feature, plan_filings, register_planned_feature
from platforms.models import PlannedFeature
from tests.builders import complete_assessment

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 9, 1)
PLANNED_LAUNCH = dt.date(2025, 9, 29)
SECURITY = "cn-security-assessment"
DEEP_SYNTHESIS = "cn-deep-synthesis-assessment"
ALGORITHM = "cn-algorithm-filing"

FACE_SWAP = {
    "title": "Face-swap effect",
    "description": "Users swap their face into trending videos.",
    "trigger": "launch",
    "planned_launch_date": PLANNED_LAUNCH,
    "is_deep_synthesis": True,
    "edits_faces": True,
}
VOICE_ROOM = {
    "title": "Voice rooms",
    "description": "Open voice chat rooms for up to 50 people.",
    "trigger": "launch",
    "planned_launch_date": PLANNED_LAUNCH,
}


@pytest.fixture(autouse=True)
def _on_1_september_2025():
    with time_machine.travel(
        dt.datetime(2025, 9, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        yield


def register(platform, officer, **fields):
    return register_planned_feature(platform=platform, by=officer, today=TODAY, **fields)


def by_regime(obligations):
    return {o.filing.regime.code: o for o in obligations}


def filing_deadline(filing):
    return Deadline.objects.open().get(filing=filing, kind=DeadlineKind.FILING)


def file(filing, officer, signatory):
    """Complete, sign and submit, as the operator does before launch."""
    assessment = Assessment.objects.get(pk=filing.assessment_id)  # may be shared
    if not assessment.is_signed:
        complete_assessment(assessment, officer)
        sign_assessment(assessment=assessment, by=signatory)
    services.submit_filing(filing=filing, by=officer)


# --- Which filings a feature needs ----------------------------------------------------------
def test_a_face_swap_feature_needs_three_draft_filings(douyin, douyin_officer):
    feature, obligations = register(douyin, douyin_officer, **FACE_SWAP)

    assert set(by_regime(obligations)) == {SECURITY, DEEP_SYNTHESIS, ALGORITHM}
    assert Filing.objects.filter(planned_feature=feature).count() == 3
    for obligation in obligations:
        filing = obligation.filing
        assert filing.state == State.DRAFT
        assert filing.operator == douyin.operator
        assert filing.platform == douyin
        assert filing.assessment is not None
        assert filing.reference == f"F2025{filing.pk:07d}"


def test_the_security_assessment_is_due_on_the_planned_launch_date(
    douyin, douyin_officer, beijing_cac, beijing_psb
):
    _feature, obligations = register(douyin, douyin_officer, **FACE_SWAP)
    security = by_regime(obligations)[SECURITY]

    assert security.deadline == filing_deadline(security.filing)
    assert security.deadline.due_date == PLANNED_LAUNCH
    assert not security.deadline.provisional
    assert set(security.filing.authorities.all()) == {beijing_cac, beijing_psb}


def test_the_deep_synthesis_assessment_is_due_before_launch_to_beijing(
    douyin, douyin_officer, beijing_cac, beijing_psb
):
    _feature, obligations = register(douyin, douyin_officer, **FACE_SWAP)
    deep_synthesis = by_regime(obligations)[DEEP_SYNTHESIS]

    assert deep_synthesis.deadline.due_date == PLANNED_LAUNCH
    assert set(deep_synthesis.filing.authorities.all()) == {beijing_cac, beijing_psb}


def test_the_algorithm_filing_is_due_10_working_days_after_the_planned_launch(
    douyin, douyin_officer, national_cac, beijing_cac
):
    _feature, obligations = register(douyin, douyin_officer, **FACE_SWAP)
    algorithm = by_regime(obligations)[ALGORITHM]

    # National Day and the make-up Saturday: 2025-09-29 + 10 working days
    # (docs/domain-rules.md#working-days-and-the-calendar).
    assert algorithm.deadline.due_date == dt.date(2025, 10, 20)
    # First review by the provincial CAC of the operator's region, then the national CAC.
    assert set(algorithm.filing.authorities.all()) == {beijing_cac, national_cac}
    assert algorithm.filing.template.code == "cn-algorithm-filing"


def test_the_reasons_name_the_features_flags(douyin, douyin_officer):
    _feature, obligations = register(douyin, douyin_officer, **FACE_SWAP)
    reasons = {code: o.reason for code, o in by_regime(obligations).items()}

    assert reasons[DEEP_SYNTHESIS] == "edits faces"
    assert "edits faces" in reasons[ALGORITHM]
    assert "deep synthesis" in reasons[ALGORITHM]
    assert "public-opinion attributes" in reasons[SECURITY]


def test_a_plain_voice_room_needs_only_the_security_assessment(
    douyin, douyin_officer, beijing_cac, beijing_psb
):
    feature, obligations = register(douyin, douyin_officer, **VOICE_ROOM)

    assert [o.filing.regime.code for o in obligations] == [SECURITY]
    assert Filing.objects.filter(planned_feature=feature).count() == 1
    assert set(obligations[0].filing.authorities.all()) == {beijing_cac, beijing_psb}


def test_a_voice_cloning_feature_needs_the_deep_synthesis_assessment(douyin, douyin_officer):
    _feature, obligations = register(
        douyin, douyin_officer, **{**VOICE_ROOM, "title": "Voice cloning", "edits_voices": True}
    )

    assert set(by_regime(obligations)) == {SECURITY, DEEP_SYNTHESIS, ALGORITHM}
    assert by_regime(obligations)[DEEP_SYNTHESIS].reason == "edits voices"


def test_a_recommendation_algorithm_needs_an_algorithm_filing_but_no_deep_synthesis_one(
    douyin, douyin_officer
):
    _feature, obligations = register(
        douyin, douyin_officer, **{**VOICE_ROOM, "title": "For-you feed", "is_recommendation": True}
    )

    assert set(by_regime(obligations)) == {SECURITY, ALGORITHM}


def test_a_user_growth_trigger_counts_30_working_days_from_the_event(douyin, douyin_officer):
    _feature, obligations = register(
        douyin,
        douyin_officer,
        **{
            **VOICE_ROOM,
            "trigger": "user_growth",
            "trigger_date": dt.date(2025, 9, 29),
            "planned_launch_date": dt.date(2025, 3, 1),
        },
    )
    security = by_regime(obligations)[SECURITY]

    # 30 working days after Monday 29 September, over National Day (eight days off) and its
    # make-up Saturday: six weeks and a day later, not the 10 November a plain count gives.
    assert security.deadline.anchor_date == dt.date(2025, 9, 29)
    assert security.deadline.amount == 30
    assert security.deadline.due_date == dt.date(2025, 11, 17)


def test_an_operator_in_another_province_files_with_that_provinces_offices(
    wechat, wechat_officer, guangdong_cac, guangdong_psb
):
    _feature, obligations = register(wechat, wechat_officer, **VOICE_ROOM)

    assert set(obligations[0].filing.authorities.all()) == {guangdong_cac, guangdong_psb}


# --- What is refused ------------------------------------------------------------------------
def test_a_launch_date_in_the_past_is_refused(douyin, douyin_officer):
    with pytest.raises(FilingError, match="in the past"):
        register(
            douyin, douyin_officer, **{**FACE_SWAP, "planned_launch_date": dt.date(2025, 8, 31)}
        )

    assert not PlannedFeature.objects.exists()
    assert not Filing.objects.exists()


def test_a_launch_planned_for_today_is_accepted(douyin, douyin_officer):
    feature, _obligations = register(
        douyin, douyin_officer, **{**VOICE_ROOM, "planned_launch_date": TODAY}
    )

    assert feature.pk is not None


def test_an_event_trigger_without_its_date_is_refused(douyin, douyin_officer):
    with pytest.raises(FilingError, match="date of the event"):
        register(douyin, douyin_officer, **{**VOICE_ROOM, "trigger": "harmful_content"})

    assert not PlannedFeature.objects.exists()


def test_another_operators_officer_cannot_register_a_feature(douyin, wechat_officer):
    with pytest.raises(FilingError, match="Only the operator's compliance officers"):
        register(douyin, wechat_officer, **FACE_SWAP)

    assert not PlannedFeature.objects.exists()


def test_the_signatory_cannot_register_a_feature(douyin, bytedance_signatory):
    with pytest.raises(FilingError, match="Only the operator's compliance officers"):
        register(douyin, bytedance_signatory, **FACE_SWAP)


def test_an_unknown_field_is_refused(douyin, douyin_officer):
    with pytest.raises(FilingError, match="Unknown fields: status"):
        register(douyin, douyin_officer, **FACE_SWAP, status="launched")


# --- Planning again -------------------------------------------------------------------------
def test_planning_again_does_not_duplicate_live_filings(douyin, douyin_officer):
    feature, _obligations = register(douyin, douyin_officer, **FACE_SWAP)

    again = plan_filings(feature=feature, by=douyin_officer, today=TODAY)

    assert again == []
    assert Filing.objects.filter(planned_feature=feature).count() == 3
    assert Deadline.objects.open().filter(filing__planned_feature=feature).count() == 3


def test_planning_again_replaces_only_a_withdrawn_filing(douyin, douyin_officer):
    feature, obligations = register(douyin, douyin_officer, **FACE_SWAP)
    services.withdraw_filing(filing=by_regime(obligations)[ALGORITHM].filing, by=douyin_officer)

    again = plan_filings(feature=feature, by=douyin_officer, today=TODAY)

    assert [o.filing.regime.code for o in again] == [ALGORITHM]
    assert Filing.objects.filter(planned_feature=feature).open().count() == 3


# --- The launch -----------------------------------------------------------------------------
def test_the_launch_is_refused_while_a_before_launch_filing_is_unsubmitted(douyin, douyin_officer):
    feature, obligations = register(douyin, douyin_officer, **FACE_SWAP)
    security = by_regime(obligations)[SECURITY].filing

    with pytest.raises(FilingError, match="blocked") as exc:
        launch_feature(feature=feature, by=douyin_officer, on=PLANNED_LAUNCH)

    assert security.reference in str(exc.value)
    assert by_regime(obligations)[ALGORITHM].filing.reference not in str(exc.value)
    feature.refresh_from_db()
    assert feature.status == PlannedFeature.Status.PLANNED
    assert feature.launched_on is None


def test_the_launch_is_refused_while_one_of_two_before_launch_filings_is_unsubmitted(
    douyin, douyin_officer, bytedance_signatory
):
    feature, obligations = register(douyin, douyin_officer, **FACE_SWAP)
    file(by_regime(obligations)[SECURITY].filing, douyin_officer, bytedance_signatory)
    deep_synthesis = by_regime(obligations)[DEEP_SYNTHESIS].filing

    with pytest.raises(FilingError, match=deep_synthesis.reference):
        launch_feature(feature=feature, by=douyin_officer, on=PLANNED_LAUNCH)


def test_withdrawing_the_draft_does_not_unblock_the_launch(douyin, douyin_officer):
    feature, obligations = register(douyin, douyin_officer, **VOICE_ROOM)
    services.withdraw_filing(filing=obligations[0].filing, by=douyin_officer)

    with pytest.raises(FilingError, match=r"Security assessment \(none on file\)"):
        launch_feature(feature=feature, by=douyin_officer, on=PLANNED_LAUNCH)

    assert PlannedFeature.objects.get(pk=feature.pk).status == PlannedFeature.Status.PLANNED


def test_the_launch_is_accepted_once_the_before_launch_filings_are_submitted(
    douyin, douyin_officer, bytedance_signatory
):
    feature, obligations = register(douyin, douyin_officer, **FACE_SWAP)
    for code in (SECURITY, DEEP_SYNTHESIS):
        file(by_regime(obligations)[code].filing, douyin_officer, bytedance_signatory)

    launched = launch_feature(feature=feature, by=douyin_officer, on=PLANNED_LAUNCH)

    assert launched.status == PlannedFeature.Status.LAUNCHED
    assert launched.launched_on == PLANNED_LAUNCH


def test_the_algorithm_filing_then_counts_from_the_actual_launch(
    douyin, douyin_officer, bytedance_signatory
):
    feature, obligations = register(douyin, douyin_officer, **FACE_SWAP)
    for code in (SECURITY, DEEP_SYNTHESIS):
        file(by_regime(obligations)[code].filing, douyin_officer, bytedance_signatory)
    algorithm = by_regime(obligations)[ALGORITHM].filing
    planned = filing_deadline(algorithm)

    launch_feature(feature=feature, by=douyin_officer, on=dt.date(2025, 10, 9))

    counted = filing_deadline(algorithm)
    assert counted.anchor_date == dt.date(2025, 10, 9)
    assert counted.due_date == dt.date(2025, 10, 22)
    planned.refresh_from_db()
    assert planned.status == Deadline.Status.CANCELLED


def test_another_operators_officer_cannot_record_the_launch(douyin, douyin_officer, wechat_officer):
    feature, _obligations = register(douyin, douyin_officer, **VOICE_ROOM)

    with pytest.raises(FilingError, match="record a launch"):
        launch_feature(feature=feature, by=wechat_officer, on=PLANNED_LAUNCH)
