"""Each addressed office reviews and decides its own part (docs/domain-rules.md#joint-review)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from assessments.models import Question
from filings import services
from filings.models import (
    Comment,
    Deadline,
    DeadlineKind,
    Decision,
    Filing,
    OfficeReview,
    ReviewState,
    State,
)
from filings.services import FilingError
from registry.selectors import published
from tests.builders import complete_assessment, filing_in_state, plan_feature
from tests.factories import MembershipFactory, UserFactory

from .conftest import client_for

S = State


def reload(filing: Filing) -> Filing:
    return Filing.objects.get(pk=filing.pk)


def review_of(filing: Filing, office: Any) -> OfficeReview:
    return OfficeReview.objects.get(filing=filing, authority=office)


@pytest.fixture
def cast(cast: dict[str, Any]) -> dict[str, Any]:
    """The 2018 security assessment: the Beijing CAC and the Beijing PSB each review it."""
    return {**cast, "regime": "cn-security-assessment"}


@pytest.fixture
def psb_supervisor(beijing_psb: Any) -> Any:
    user = UserFactory(username="beijing_psb_supervisor")
    MembershipFactory(user=user, role="supervisor", authority=beijing_psb)
    return user


@pytest.fixture
def submitted(make_filing: Any) -> Filing:
    return make_filing(S.SUBMITTED)


def in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def conclude(filing: Filing, reviewer: Any, supervisor: Any, kind: str = "approve") -> None:
    services.claim_filing(filing=filing, by=reviewer)
    dated = kind in ("reassess", "rectify")
    services.propose_decision(
        filing=filing,
        by=reviewer,
        kind=kind,
        reasons=f"{kind}: reasons written by {reviewer.username}.",
        items=["E.3: real-time moderation of voice rooms is not described."] if dated else [],
        due_date=in_days(40) if dated else None,
    )
    services.approve_filing(filing=filing, by=supervisor)


# --- One review per office ------------------------------------------------------------------
def test_a_security_assessment_gets_a_review_at_each_addressed_office(
    submitted, beijing_cac, beijing_psb
):
    reviews = {r.authority_id: r for r in OfficeReview.objects.filter(filing=submitted)}
    assert set(reviews) == {beijing_cac.pk, beijing_psb.pk}
    assert {r.state for r in reviews.values()} == {ReviewState.SUBMITTED}


def test_claiming_moves_only_the_claiming_offices_review(
    submitted, beijing_reviewer, beijing_cac, beijing_psb
):
    services.claim_filing(filing=submitted, by=beijing_reviewer)
    assert review_of(submitted, beijing_cac).state == ReviewState.UNDER_REVIEW
    assert review_of(submitted, beijing_cac).assignee == beijing_reviewer
    assert review_of(submitted, beijing_psb).state == ReviewState.SUBMITTED
    assert reload(submitted).state == S.UNDER_REVIEW


def test_one_offices_acceptance_does_not_decide_the_filing(
    submitted, beijing_reviewer, beijing_supervisor
):
    conclude(submitted, beijing_reviewer, beijing_supervisor)
    filing = reload(submitted)
    assert filing.state == S.UNDER_REVIEW
    assert filing.filing_number is None


def test_each_office_concludes_and_the_filing_says_which_concluded_what(
    submitted,
    beijing_reviewer,
    beijing_supervisor,
    beijing_psb_reviewer,
    psb_supervisor,
    beijing_cac,
    beijing_psb,
    douyin_officer,
):
    conclude(submitted, beijing_reviewer, beijing_supervisor, "approve")
    conclude(submitted, beijing_psb_reviewer, psb_supervisor, "reassess")
    filing = reload(submitted)
    # A 2018 security assessment ends in written conclusions: no number, no register entry.
    assert filing.state == S.REASSESSMENT_REQUIRED
    assert filing.filing_number is None
    assert not published().filter(pk=filing.pk).exists()
    assert review_of(filing, beijing_cac).conclusion == "accepted"
    assert review_of(filing, beijing_psb).conclusion == "reassessment"
    # The re-assessment date is the operator's deadline, with reminders.
    deadline = Deadline.objects.get(filing=filing, kind=DeadlineKind.REASSESSMENT, status="open")
    assert deadline.due_date == in_days(40)
    page = client_for(douyin_officer).get(f"/filings/{filing.pk}/").text
    assert "Beijing CAC" in page and "Beijing Public Security Bureau" in page
    assert "Re-assessment ordered" in page and "Accepted" in page
    assert "reasons written by beijing_psb_reviewer" in page


def test_every_office_accepting_concludes_the_filing_without_a_number(
    submitted, beijing_reviewer, beijing_supervisor, beijing_psb_reviewer, psb_supervisor
):
    conclude(submitted, beijing_reviewer, beijing_supervisor)
    conclude(submitted, beijing_psb_reviewer, psb_supervisor)
    filing = reload(submitted)
    assert filing.state == S.CONCLUDED
    assert filing.filing_number is None
    assert filing.decided_at is not None
    assert not published().filter(pk=filing.pk).exists()


def test_a_new_assessment_reopens_only_the_review_that_ordered_it(
    submitted,
    beijing_reviewer,
    beijing_supervisor,
    beijing_psb_reviewer,
    psb_supervisor,
    beijing_cac,
    beijing_psb,
    douyin_officer,
    bytedance_signatory,
):
    conclude(submitted, beijing_reviewer, beijing_supervisor)
    conclude(submitted, beijing_psb_reviewer, psb_supervisor, "reassess")
    filing = reload(submitted)
    services.submit_filing(filing=filing, by=douyin_officer)
    filing = reload(filing)
    assert filing.state == S.UNDER_REVIEW
    assert filing.revisions.order_by("-number").first().kind == "reassessment"
    assert review_of(filing, beijing_cac).conclusion == "accepted"
    psb = review_of(filing, beijing_psb)
    assert (psb.state, psb.conclusion, psb.assignee) == (
        ReviewState.UNDER_REVIEW,
        "",
        beijing_psb_reviewer,
    )
    assert not Deadline.objects.filter(filing=filing, kind="reassessment", status="open")


# --- Offices keep to their own review -------------------------------------------------------
def test_an_office_cannot_act_in_the_other_offices_review(
    submitted, beijing_reviewer, beijing_supervisor, psb_supervisor
):
    services.claim_filing(filing=submitted, by=beijing_reviewer)
    services.propose_decision(filing=submitted, by=beijing_reviewer, kind="approve", reasons="OK")
    # The PSB supervisor confirms nothing of the CAC's: their own review has no proposal.
    with pytest.raises(FilingError):
        services.approve_filing(filing=submitted, by=psb_supervisor)
    assert Decision.objects.get(filing=submitted).outcome == "pending"


def test_a_return_by_one_office_returns_the_filing_and_holds_the_other(
    submitted, beijing_reviewer, beijing_psb_reviewer, douyin_officer, beijing_psb
):
    services.claim_filing(filing=submitted, by=beijing_psb_reviewer)
    services.claim_filing(filing=submitted, by=beijing_reviewer)
    question = submitted.template.sections.first().questions.first()
    services.return_filing(filing=submitted, by=beijing_reviewer, reasons=[(question, "Unclear.")])
    assert reload(submitted).state == S.RETURNED
    with pytest.raises(FilingError, match="back with the filer"):
        services.propose_decision(
            filing=submitted, by=beijing_psb_reviewer, kind="approve", reasons="OK"
        )
    reason = Comment.objects.get(filing=submitted, kind="return_reason")
    assert reason.visibility == "filer" and reason.authority.name_en == "Beijing CAC"
    filing = reload(submitted)
    complete_assessment(filing.assessment, douyin_officer)
    services.submit_filing(filing=filing, by=douyin_officer)
    filing = reload(filing)
    assert filing.state == S.UNDER_REVIEW
    assert review_of(filing, beijing_psb).state == ReviewState.UNDER_REVIEW


def test_internal_notes_stay_in_the_office_shared_ones_reach_whom_they_say(
    submitted, beijing_reviewer, beijing_psb_reviewer, douyin_officer
):
    services.claim_filing(filing=submitted, by=beijing_reviewer)
    bodies = {"office": "Inside-note", "offices": "Between-note", "filer": "Outward-note"}
    for visibility, body in bodies.items():
        services.comment_on_filing(
            filing=submitted, by=beijing_reviewer, body=body, visibility=visibility
        )
    cac = client_for(beijing_reviewer).get(f"/review/filings/{submitted.pk}/").text
    psb = client_for(beijing_psb_reviewer).get(f"/review/filings/{submitted.pk}/").text
    officer = client_for(douyin_officer).get(f"/filings/{submitted.pk}/").text
    assert all(body in cac for body in bodies.values())
    assert "Inside-note" not in psb
    assert "Between-note" in psb and "Outward-note" in psb
    assert "Inside-note" not in officer and "Between-note" not in officer
    assert "Outward-note" in officer


def test_the_filer_cannot_write_an_internal_note(submitted, douyin_officer):
    with pytest.raises(FilingError):
        services.comment_on_filing(
            filing=submitted, by=douyin_officer, body="x", visibility="office"
        )


# --- Four eyes never dead-ends --------------------------------------------------------------
def test_a_lone_supervisors_proposal_goes_to_the_supervising_office(
    submitted, beijing_supervisor, cac_supervisor, beijing_cac, national_cac
):
    services.claim_filing(filing=submitted, by=beijing_supervisor)
    decision = services.propose_decision(
        filing=submitted, by=beijing_supervisor, kind="approve", reasons="Complete."
    )
    assert decision.escalated_to == national_cac
    # The proposer never confirms their own proposal.
    with pytest.raises(FilingError):
        services.approve_filing(filing=submitted, by=beijing_supervisor)
    # The national supervisor sees the filing now, and confirms.
    page = client_for(cac_supervisor).get(f"/review/filings/{submitted.pk}/")
    assert page.status_code == 200
    services.approve_filing(filing=submitted, by=cac_supervisor)
    assert review_of(submitted, beijing_cac).conclusion == "accepted"


def test_the_proposer_takes_their_own_proposal_back_without_an_error(
    submitted, beijing_supervisor, cac_supervisor, beijing_cac
):
    services.claim_filing(filing=submitted, by=beijing_supervisor)
    services.propose_decision(
        filing=submitted, by=beijing_supervisor, kind="approve", reasons="Complete."
    )
    response = client_for(beijing_supervisor).post(
        f"/review/filings/{submitted.pk}/send-back/", {"reasons": "I want to look again."}
    )
    assert response.status_code == 302
    assert review_of(submitted, beijing_cac).state == ReviewState.UNDER_REVIEW
    decision = Decision.objects.get(filing=submitted)
    assert (decision.outcome, decision.decided_by, decision.decision_reasons) == (
        "taken_back",
        None,
        "I want to look again.",
    )


def test_a_second_supervisor_of_the_office_confirms_without_escalation(
    submitted, beijing_supervisor, second_beijing_supervisor
):
    services.claim_filing(filing=submitted, by=beijing_supervisor)
    decision = services.propose_decision(
        filing=submitted, by=beijing_supervisor, kind="approve", reasons="Complete."
    )
    assert decision.escalated_to is None
    services.approve_filing(filing=submitted, by=second_beijing_supervisor)


# --- The algorithm filing: first review, then the national decision -------------------------
def test_an_algorithm_filing_is_reviewed_first_by_the_province_then_decided_nationally(
    cast, beijing_cac, national_cac, cac_reviewer, cac_supervisor, second_beijing_supervisor
):
    feature = {"title": "Voice cloning", "edits_voices": True, "edits_faces": False}
    filings = plan_feature(cast["platform"], cast["officer"], **feature)
    filing = next(f for f in filings if f.regime.code == "cn-algorithm-filing")
    assert {a.pk for a in filing.authorities.all()} == {beijing_cac.pk, national_cac.pk}
    people = {**cast, "regime": "cn-algorithm-filing"}
    filing = filing_in_state(S.SUBMITTED, **people, title="Voice cloning 2", edits_voices=True)
    national = review_of(filing, national_cac)
    assert national.state == ReviewState.WAITING
    with pytest.raises(FilingError):
        services.claim_filing(filing=filing, by=cac_reviewer)
    conclude(filing, cast["reviewer"], cast["supervisor"])
    assert review_of(filing, beijing_cac).conclusion == "forwarded"
    assert review_of(filing, national_cac).state == ReviewState.SUBMITTED
    assert reload(filing).filing_number is None
    conclude(filing, cac_reviewer, cac_supervisor)
    filing = reload(filing)
    assert filing.state == S.APPROVED
    assert filing.filing_number.startswith("网信算备")
    assert published().filter(pk=filing.pk).exists()


def test_a_security_assessment_offers_no_rejection(submitted, beijing_reviewer):
    services.claim_filing(filing=submitted, by=beijing_reviewer)
    with pytest.raises(FilingError, match="Propose one of"):
        services.propose_decision(filing=submitted, by=beijing_reviewer, kind="reject", reasons="x")


def test_a_dated_proposal_needs_a_date_after_today(submitted, beijing_reviewer):
    services.claim_filing(filing=submitted, by=beijing_reviewer)
    with pytest.raises(FilingError, match="date after today"):
        services.propose_decision(
            filing=submitted,
            by=beijing_reviewer,
            kind="reassess",
            reasons="x",
            due_date=timezone.localdate(),
        )


def test_nobody_takes_up_the_review_of_a_withdrawn_filing(
    submitted, douyin_officer, beijing_reviewer, beijing_supervisor
):
    services.withdraw_filing(filing=submitted, by=douyin_officer)
    with pytest.raises(FilingError, match="no longer under review"):
        services.claim_filing(filing=submitted, by=beijing_reviewer)
    with pytest.raises(FilingError, match="no longer under review"):
        services.assign_filing(filing=submitted, by=beijing_supervisor, reviewer=beijing_reviewer)
    assert reload(submitted).state == S.WITHDRAWN
    assert not OfficeReview.objects.filter(filing=submitted, assignee__isnull=False).exists()


def test_re_assessment_reasons_are_tied_to_the_questions_they_name(
    submitted, beijing_psb_reviewer, psb_supervisor, douyin_officer
):
    services.claim_filing(filing=submitted, by=beijing_psb_reviewer)
    decision = services.propose_decision(
        filing=submitted,
        by=beijing_psb_reviewer,
        kind="reassess",
        reasons="The voice rooms' limits are not assessed.",
        items=["f3: The room size limit is not stated.", "Z99: no such question", "Overall."],
        due_date=in_days(40),
    )

    f3 = Question.objects.get(section__template_id=submitted.template_id, code="F3")
    assert decision.items == [
        {"question": f3.pk, "code": "F3", "text": "The room size limit is not stated."},
        {"text": "Z99: no such question"},
        {"text": "Overall."},
    ]
    services.approve_filing(filing=submitted, by=psb_supervisor)
    page = client_for(douyin_officer).get(f"/filings/{submitted.pk}/").text
    assert '<strong class="item-question">F3</strong>: The room size limit is not stated.' in page


# --- The record: one timeline, each party as far as it may see ----------------------------------
def test_the_timeline_says_who_did_what_with_the_reasons_to_each_party_as_far_as_it_may_see(
    submitted, beijing_reviewer, beijing_psb_reviewer, douyin_officer
):
    services.claim_filing(filing=submitted, by=beijing_reviewer)
    services.comment_on_filing(
        filing=submitted, by=beijing_reviewer, body="CAC-only note.", visibility="office"
    )
    services.propose_decision(
        filing=submitted, by=beijing_reviewer, kind="approve", reasons="CAC proposal reasons."
    )
    services.claim_filing(filing=submitted, by=beijing_psb_reviewer)
    services.return_filing(
        filing=submitted, by=beijing_psb_reviewer, reasons=[(None, "PSB: name the moderators.")]
    )

    def entries(user: Any) -> list[str]:
        page = client_for(user).get(f"/filings/{submitted.pk}/", follow=True)
        return [f"{e.sentence} {e.text}" for e in page.context["timeline"]]

    officer, cac, psb = (
        entries(douyin_officer),
        entries(beijing_reviewer),
        entries(beijing_psb_reviewer),
    )
    returned = "beijing_psb_reviewer returned the filing for correction. PSB: name the moderators."
    assert returned in officer and returned in cac and returned in psb
    proposed = "beijing_reviewer proposed a decision. "
    assert proposed in cac  # the office's own proposal, its reasons are in the decision
    assert proposed not in psb and proposed not in officer
    assert not any("CAC-only note." in e or "CAC proposal reasons." in e for e in officer + psb)
    assert "beijing_reviewer commented. " in cac
    assert not any("commented" in e for e in officer + psb)


def test_a_comment_shared_with_the_filer_reaches_them_on_its_question_and_in_the_inbox(
    submitted, beijing_reviewer, douyin_officer, django_capture_on_commit_callbacks
):
    f3 = Question.objects.get(section__template_id=submitted.template_id, code="F3")
    services.claim_filing(filing=submitted, by=beijing_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_on_filing(
            filing=submitted,
            by=beijing_reviewer,
            body="Say how big a room gets.",
            question=f3,
            visibility="filer",
        )
        services.comment_on_filing(
            filing=submitted,
            by=beijing_reviewer,
            body="CAC-only on F3.",
            question=f3,
            visibility="office",
        )

    officer = client_for(douyin_officer)
    section = officer.get(f"/assessments/{submitted.assessment_id}/sections/{f3.section.code}/")
    assert "1 comment from the regulator on this question" in section.text
    assert "Say how big a room gets." in section.text
    assert "CAC-only on F3." not in section.text
    inbox = officer.get("/review/notifications/").text
    assert "beijing_reviewer commented." in inbox and "Say how big a room gets." in inbox
    assert "CAC-only on F3." not in inbox
