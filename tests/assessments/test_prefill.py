"""A new assessment starts with the operator-wide answers of the operator's last accepted
assessment, pre-filled: each counts only once an officer confirms or changes it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Assessment, Question
from assessments.prefill import prefill_answers
from assessments.services import (
    AssessmentError,
    missing_items,
    save_answer,
    sign_assessment,
)
from audit.models import AuditEvent
from filings.models import Filing, State
from platforms.models import Role
from tests.builders import complete_assessment, filing_in_state, plan_feature
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

OPERATOR_WIDE = ["B1", "B4", "B5", "D4", "G3", "G4", "G5", "H1", "H2", "H3", "H4"]


def _accepted(cast: dict[str, Any], title: str, state: str = State.CONCLUDED) -> Assessment:
    """A Douyin security assessment the regulators accepted, its security lead named."""
    filing = filing_in_state(state, **cast, title=title)
    Answer.objects.filter(assessment=filing.assessment, question__code="B1").update(
        value=f"Lead of {title}"
    )
    return filing.assessment


def _new_filing(cast: dict[str, Any], title: str = "Voice room") -> Filing:
    filings = plan_feature(cast["platform"], cast["officer"], title=title)
    return next(f for f in filings if f.regime.code == "cn-security-assessment")


def _new_assessment(cast: dict[str, Any], title: str = "Voice room") -> Assessment:
    return _new_filing(cast, title).assessment


def _answers(assessment: Assessment) -> dict[str, Answer]:
    return {a.question.code: a for a in assessment.answers.select_related("question")}


def test_a_new_assessment_starts_with_the_operator_wide_answers_of_the_last_accepted_one(cast):
    _accepted(cast, "Face swap")
    latest = _accepted(cast, "Live co-hosting")

    answers = _answers(_new_assessment(cast))

    assert sorted(answers) == sorted(OPERATOR_WIDE)  # nothing about the feature itself
    assert answers["B1"].value == "Lead of Live co-hosting"
    assert all(a.prefilled_from_id == latest.pk for a in answers.values())
    assert all(a.needs_confirmation and a.confirmed_by is None for a in answers.values())
    assert not answers["B4"].evidence.exists()  # evidence is uploaded afresh
    event = AuditEvent.objects.filter(action="assessment.prefilled").order_by("pk").last()
    assert event.data["from_assessment"] == latest.pk


@pytest.mark.parametrize(
    "state",
    [State.DRAFT, State.SUBMITTED, State.RETURNED, State.REASSESSMENT_REQUIRED, State.WITHDRAWN],
)
def test_nothing_is_prefilled_from_a_filing_that_was_not_accepted(cast, state):
    filing_in_state(state, **cast, title="Earlier feature")

    assert not _new_assessment(cast).answers.exists()


def test_nothing_is_prefilled_from_a_refused_filing(cast, one_office_regime):
    filing_in_state(State.REJECTED, **cast, regime=one_office_regime.code, title="Refused")

    assert not _new_assessment(cast).answers.exists()


def test_an_approved_filing_with_a_number_counts_as_accepted(cast, one_office_regime):
    source = filing_in_state(State.APPROVED, **cast, regime=one_office_regime.code, title="Filed")

    answers = _answers(_new_assessment(cast))

    assert {a.prefilled_from_id for a in answers.values()} == {source.assessment_id}


def test_another_operators_accepted_assessment_is_never_used(
    cast, wechat, wechat_officer, tencent_signatory, guangdong_cac
):
    reviewer, supervisor = UserFactory(username="gd_reviewer"), UserFactory(username="gd_sup")
    MembershipFactory(user=reviewer, role=Role.REVIEWER, authority=guangdong_cac)
    MembershipFactory(user=supervisor, role=Role.SUPERVISOR, authority=guangdong_cac)
    tencents = filing_in_state(
        State.CONCLUDED,
        platform=wechat,
        officer=wechat_officer,
        signatory=tencent_signatory,
        reviewer=reviewer,
        supervisor=supervisor,
    )

    douyins = _new_assessment(cast)

    assert not douyins.answers.exists()
    with pytest.raises(AssessmentError, match="same operator"):
        prefill_answers(assessment=douyins, source=tencents.assessment, by=cast["officer"])
    assert not douyins.answers.exists()


def test_an_unconfirmed_prefilled_answer_keeps_the_assessment_from_being_signed(cast):
    _accepted(cast, "Face swap")
    assessment = _new_assessment(cast)
    complete_assessment(assessment, cast["officer"])  # confirms what it answers
    Answer.objects.filter(assessment=assessment, question__code="H1").update(
        confirmed_by=None, confirmed_at=None
    )

    missing = missing_items(assessment)

    assert [(m.question.code, m.what) for m in missing] == [("H1", "confirmation")]
    assert missing[0].message == (
        "H1 was pre-filled from an earlier assessment: confirm or change it."
    )
    with pytest.raises(AssessmentError, match="H1 was pre-filled"):
        sign_assessment(assessment=assessment, by=cast["signatory"])


def test_saving_a_prefilled_answer_unchanged_does_not_confirm_it_changing_it_does(cast):
    _accepted(cast, "Face swap")
    assessment = _new_assessment(cast)
    b1 = Question.objects.get(section__template=assessment.template, code="B1")
    before = Answer.objects.get(assessment=assessment, question=b1)

    same = save_answer(
        assessment=assessment,
        question=b1,
        value=before.value,
        risk_rating=before.risk_rating,
        note=before.note,
        by=cast["officer"],
    )
    assert same.needs_confirmation

    changed = save_answer(
        assessment=assessment, question=b1, value="Li Si, CSO", by=cast["officer"]
    )
    assert not changed.needs_confirmation
    assert changed.confirmed_by == cast["officer"]
    assert changed.prefilled_from_id == before.prefilled_from_id  # where it came from stays


def _confirm_url(assessment: Assessment, code: str) -> str:
    question = Question.objects.get(section__template=assessment.template, code=code)
    return reverse("assessments:confirm_answer", args=[assessment.pk, question.pk])


def test_the_officer_sees_where_an_answer_came_from_and_confirms_it(client, cast):
    source = _accepted(cast, "Face swap")
    reference = Filing.objects.get(assessment=source, regime__code="cn-security-assessment")
    assessment = _new_assessment(cast)
    client.force_login(cast["officer"])
    section = reverse("assessments:section", args=[assessment.pk, "B"])

    page = client.get(section).text
    decided = timezone.localdate(reference.decided_at).isoformat()  # Beijing time
    assert f"Pre-filled from {reference.reference}, accepted {decided}: confirm" in page
    assert _confirm_url(assessment, "B1") in page
    check = client.get(reverse("assessments:check", args=[assessment.pk])).text
    assert "pre-filled: confirm or change it" in check

    response = client.post(_confirm_url(assessment, "B1"))

    assert response.status_code == 302
    assert response.url.endswith("/sections/B/#q-B1")
    b1 = Answer.objects.get(assessment=assessment, question__code="B1")
    assert (b1.confirmed_by, b1.needs_confirmation) == (cast["officer"], False)
    assert AuditEvent.objects.filter(action="answer.confirmed", actor=cast["officer"]).exists()
    assert "confirmed by douyin_officer on" in client.get(section).text


def test_the_labels_are_in_chinese_too(client, cast):
    _accepted(cast, "Face swap")
    assessment = _new_assessment(cast)
    client.force_login(cast["officer"])
    client.cookies["django_language"] = "zh-hans"

    page = client.get(reverse("assessments:section", args=[assessment.pk, "B"])).text
    assert "预填" in page and "请确认或修改" in page and ">确认</button>" in page
    check = client.get(reverse("assessments:check", args=[assessment.pk])).text
    assert "已预填\uff1a请确认或修改" in check  # a full-width colon

    client.post(_confirm_url(assessment, "B1"))
    assert "确认人" in client.get(reverse("assessments:section", args=[assessment.pk, "B"])).text


def test_another_operators_officer_cannot_confirm(client, cast, wechat_officer):
    _accepted(cast, "Face swap")
    assessment = _new_assessment(cast)
    client.force_login(wechat_officer)

    assert client.post(_confirm_url(assessment, "B1")).status_code == 404
    assert Answer.objects.get(assessment=assessment, question__code="B1").needs_confirmation


def test_only_an_officer_confirms_and_never_after_sign_off(client, cast):
    _accepted(cast, "Face swap")
    assessment = _new_assessment(cast)
    client.force_login(cast["signatory"])
    assert client.post(_confirm_url(assessment, "B1")).status_code == 403

    complete_assessment(assessment, cast["officer"])
    sign_assessment(assessment=assessment, by=cast["signatory"])
    client.force_login(cast["officer"])
    response = client.post(_confirm_url(assessment, "B1"))

    assert response.status_code == 409
    assert "The assessment is signed" in response.text


def test_a_question_that_was_not_prefilled_has_nothing_to_confirm(client, cast):
    assessment = _new_assessment(cast)
    client.force_login(cast["officer"])

    response = client.post(_confirm_url(assessment, "A1"))

    assert response.status_code == 400
    assert "nothing to confirm" in response.text


def test_the_submit_page_runs_as_many_queries_with_prefilled_answers_as_without(
    client, cast, django_assert_num_queries
):
    """The officer's submit page lists what is missing: unconfirmed answers cost no query."""
    plain = _new_filing(cast, "Before")
    a1 = Question.objects.get(section__template=plain.template, code="A1")
    save_answer(assessment=plain.assessment, question=a1, value="Douyin", by=cast["officer"])
    _accepted(cast, "Face swap")
    prefilled = _new_filing(cast, "After")
    client.force_login(cast["officer"])
    client.get(reverse("filings:submit", args=[plain.pk]))  # the session's first request

    with CaptureQueriesContext(connection) as plain_page:
        client.get(reverse("filings:submit", args=[plain.pk]))
    with django_assert_num_queries(len(plain_page)):
        page = client.get(reverse("filings:submit", args=[prefilled.pk]))
    unconfirmed = [m.question.code for m in page.context["missing"] if m.what == "confirmation"]
    assert unconfirmed == OPERATOR_WIDE
