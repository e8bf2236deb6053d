"""The filing workspace and its actions, through the views, per role."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone, translation

from assessments.models import Answer, Question
from filings import services
from filings.models import Comment, Decision, Filing, OfficeReview, State
from tests.builders import attach_evidence

S = State


def workspace(pk: int) -> str:
    return f"/review/filings/{pk}/"


def act(pk: int, slug: str) -> str:
    return f"/review/filings/{pk}/{slug}/"


def assignee_of(filing: Filing) -> Any:
    return OfficeReview.objects.get(filing=filing).assignee


def reload(filing: Filing) -> Filing:
    return Filing.objects.get(pk=filing.pk)


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- Who sees the workspace -----------------------------------------------------------------
def test_reviewer_of_the_authority_sees_the_workspace(make_filing, beijing_reviewer, as_user):
    filing = make_filing(S.SUBMITTED)
    response = as_user(beijing_reviewer).get(workspace(filing.pk))
    assert response.status_code == 200
    assert filing.reference in response.text
    assert f'href="{act(filing.pk, "claim")}"' in response.text


@pytest.mark.parametrize("who", ["shanghai_reviewer", "douyin_officer", "admin", "wechat_officer"])
def test_everyone_else_gets_404_on_the_workspace(make_filing, who, request, as_user):
    filing = make_filing(S.SUBMITTED)
    user = request.getfixturevalue(who)
    assert as_user(user).get(workspace(filing.pk)).status_code == 404
    assert as_user(user).get(act(filing.pk, "claim")).status_code == 404
    assert as_user(user).post(act(filing.pk, "claim")).status_code == 404
    assert reload(filing).state == S.SUBMITTED


def test_draft_is_invisible_to_regulators(make_filing, beijing_reviewer, as_user):
    filing = make_filing(S.DRAFT)
    assert as_user(beijing_reviewer).get(workspace(filing.pk)).status_code == 404


def test_anonymous_visitor_is_sent_to_login(make_filing, client):
    filing = make_filing(S.SUBMITTED)
    response = client.get(workspace(filing.pk))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_unknown_action_is_404(make_filing, beijing_reviewer, as_user):
    filing = make_filing(S.SUBMITTED)
    assert as_user(beijing_reviewer).get(act(filing.pk, "teleport")).status_code == 404


# --- The workspace's content ----------------------------------------------------------------
def test_workspace_shows_what_changed_since_the_previous_revision(
    make_filing, beijing_reviewer, douyin_officer, as_user
):
    filing = make_filing(S.RETURNED)
    answer = (
        Answer.objects.filter(assessment=filing.assessment, question__evidence_required=True)
        .select_related("question")
        .first()
    )
    Answer.objects.filter(pk=answer.pk).update(value="Rewritten after the return.")
    attach_evidence(answer, douyin_officer, content=b"%PDF-1.4 second version\n")
    services.submit_filing(filing=filing, by=douyin_officer)

    response = as_user(beijing_reviewer).get(workspace(filing.pk))
    assert response.status_code == 200
    diff = response.context["diff"]
    assert (diff.old.number, diff.new.number) == (1, 2)
    changed = {row.code: row for row in diff.changed}
    assert set(changed) == {answer.question.code}
    assert changed[answer.question.code].changed_fields == ["value"]
    assert len(changed[answer.question.code].evidence_added) == 1
    assert "Rewritten after the return." in response.text
    assert 'class="table-warning answer-changed"' in response.text


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_diff_shows_a_changed_choice_and_the_old_risk_rating_as_labels(
    language, make_filing, beijing_reviewer, douyin_officer, as_user
):
    filing = make_filing(S.RETURNED)
    answer = (
        Answer.objects.filter(
            assessment=filing.assessment, question__answer_type=Question.AnswerType.CHOICE
        )
        .select_related("question")
        .first()
    )
    question = answer.question
    old_value, new_value = question.choices[0]["value"], question.choices[-1]["value"]
    assert old_value != new_value and answer.risk_rating == Answer.Rating.LOW
    Answer.objects.filter(pk=answer.pk).update(value=new_value, risk_rating=Answer.Rating.HIGH)
    services.submit_filing(filing=filing, by=douyin_officer)

    client = as_user(beijing_reviewer)
    page = client.get(workspace(filing.pk), headers={"accept-language": language}).text
    with translation.override(language):
        risk = translation.gettext("risk")
        low, high = str(Answer.Rating.LOW.label), str(Answer.Rating.HIGH.label)
        old_label, new_label = question.display_value(old_value), question.display_value(new_value)
    assert f"<del>{risk}: {low}</del>" in page
    assert f"{risk}: {high}</small>" in page
    assert f"<del>{old_label}</del>" in page
    assert f"{new_label}<br>" in page or f"{new_label}\n" in page
    for code in (old_value, new_value, "low", "high"):
        assert f"<del>{code}</del>" not in page and f"{risk}: {code}<" not in page


@pytest.mark.parametrize("rev", ["%C2%B2", "9" * 40, "-1", "0", "abc"])
def test_a_malformed_revision_number_shows_the_latest_revision(
    rev, make_filing, beijing_reviewer, as_user
):
    filing = make_filing(S.SUBMITTED)
    response = as_user(beijing_reviewer).get(f"{workspace(filing.pk)}?rev={rev}")
    assert response.status_code == 200
    assert response.context["diff"].new.number == 1


def test_workspace_shows_timeline_thread_and_deadline(make_filing, beijing_reviewer, as_user):
    filing = make_filing(S.RETURNED)
    response = as_user(beijing_reviewer).get(workspace(filing.pk))
    assert [e.sentence for e in response.context["timeline"]][-2:] == [
        "beijing_reviewer took up the review of the filing.",
        "beijing_reviewer returned the filing for correction.",
    ]
    assert "Evidence is unclear." in response.text  # the return reason, in the thread
    review = next(r for r in response.context["deadlines"] if r.deadline.kind == "review")
    assert review.deadline.is_paused
    assert "paused since" in response.text


def _evidence_links(page: Any) -> list[str]:
    """The workspace's links to the files of the revision it shows."""
    return re.findall(r'href="(/review/filings/\d+/evidence/[0-9a-f]{64}/)"', page.text)


def test_regulator_downloads_evidence_as_an_attachment(make_filing, beijing_reviewer, as_user):
    filing = make_filing(S.SUBMITTED)
    page = as_user(beijing_reviewer).get(workspace(filing.pk))
    named = {
        e["sha256"] for row in page.context["diff"].answers for e in (row.new or {})["evidence"]
    }
    links = _evidence_links(page)
    # Every file the revision names is linked, by the filing and its hash.
    assert {link.split("/")[-2] for link in links} == named
    download = as_user(beijing_reviewer).get(links[0])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_an_evidence_download_is_on_the_filings_record_for_the_offices_only(
    make_filing, beijing_reviewer, douyin_officer, as_user
):
    filing = make_filing(S.SUBMITTED)
    link = _evidence_links(as_user(beijing_reviewer).get(workspace(filing.pk)))[0]
    assert as_user(beijing_reviewer).get(link).status_code == 200

    timeline = as_user(beijing_reviewer).get(workspace(filing.pk)).context["timeline"]
    downloads = [e for e in timeline if e.sentence.startswith("beijing_reviewer downloaded")]
    assert len(downloads) == 1
    officer = as_user(douyin_officer).get(f"/filings/{filing.pk}/").context["timeline"]
    assert not any("downloaded" in e.sentence for e in officer)


@pytest.mark.parametrize("who", ["admin", "shanghai_reviewer", "wechat_officer"])
def test_others_cannot_download_the_evidence(make_filing, beijing_reviewer, who, request, as_user):
    filing = make_filing(S.SUBMITTED)
    link = _evidence_links(as_user(beijing_reviewer).get(workspace(filing.pk)))[0]
    user = request.getfixturevalue(who)
    assert as_user(user).get(link).status_code == 404


def test_a_file_missing_from_the_store_is_a_404_logged_for_the_administrators(
    make_filing, beijing_reviewer, douyin_officer, as_user, caplog
):
    """A row whose stored file is gone (a database restored without its files): the reader
    gets a 404 rather than a server error, the administrators an error in the log, and
    nobody is recorded as having downloaded it."""
    from assessments.models import Evidence
    from audit.models import AuditEvent

    filing = make_filing(S.SUBMITTED)
    link = _evidence_links(as_user(beijing_reviewer).get(workspace(filing.pk)))[0]
    evidence = Evidence.objects.filter(sha256=link.split("/")[-2]).first()
    evidence.file.storage.delete(evidence.file.name)

    with caplog.at_level("ERROR", logger="assessments.downloads"):
        response = as_user(beijing_reviewer).get(link)
        mine = as_user(douyin_officer).get(f"/assessments/evidence/{evidence.pk}/download/")
    assert (response.status_code, mine.status_code) == (404, 404)
    assert [r.getMessage() for r in caplog.records].count(
        f"Stored file missing: Evidence {evidence.pk} at {evidence.file.name!r}"
    ) == 2
    assert not AuditEvent.objects.filter(action="evidence.downloaded").exists()


def test_an_evidence_link_no_revision_of_the_filing_names_is_a_404(
    make_filing, beijing_reviewer, as_user
):
    """The file must be one a revision of the filing in the address names (a draft's file is
    `test_a_regulator_downloads_only_files_a_submitted_revision_names`); a malformed hash is
    no page at all."""
    filing = make_filing(S.SUBMITTED)
    reviewer = as_user(beijing_reviewer)
    link = _evidence_links(reviewer.get(workspace(filing.pk)))[0]
    assert reviewer.get(link).status_code == 200
    base = f"/review/filings/{filing.pk}/evidence"
    for wrong in ("f" * 64, "F" * 64, "abc", link.split("/")[-2] + "0"):
        assert reviewer.get(f"{base}/{wrong}/").status_code == 404, wrong


# --- Actions, per role ----------------------------------------------------------------------
def test_claim_confirmation_page_then_post(make_filing, beijing_reviewer, as_user):
    filing = make_filing(S.SUBMITTED)
    client = as_user(beijing_reviewer)
    page = client.get(act(filing.pk, "claim"))
    assert page.status_code == 200
    assert reload(filing).state == S.SUBMITTED  # GET changes nothing
    response = client.post(act(filing.pk, "claim"), follow=True)
    assert response.redirect_chain[-1][0] == workspace(filing.pk)
    assert reload(filing).state == S.UNDER_REVIEW
    assert assignee_of(filing) == beijing_reviewer
    assert any("claimed" in m for m in messages_of(response))


def test_claiming_a_claimed_filing_says_what_happened(
    make_filing, second_beijing_reviewer, as_user
):
    filing = make_filing(S.UNDER_REVIEW)
    response = as_user(second_beijing_reviewer).post(act(filing.pk, "claim"))
    # Refused as every step is: the same page, a 409 and the reason (filings.actions).
    assert response.status_code == 409
    assert "no longer possible" in response.text


def test_return_needs_a_reason(make_filing, beijing_reviewer, as_user):
    filing = make_filing(S.UNDER_REVIEW)
    response = as_user(beijing_reviewer).post(act(filing.pk, "return"), {"reason_0": "  "})
    assert response.status_code == 400
    assert "at least one reason" in response.text
    assert reload(filing).state == S.UNDER_REVIEW


def test_return_with_reasons_per_question(make_filing, beijing_reviewer, as_user):
    filing = make_filing(S.UNDER_REVIEW)
    q1, q2 = Question.objects.filter(section__template=filing.template).order_by("pk")[:2]
    response = as_user(beijing_reviewer).post(
        act(filing.pk, "return"),
        {"question_0": q1.pk, "reason_0": "Unclear.", "question_1": q2.pk, "reason_1": "Missing."},
    )
    assert response.status_code == 302
    assert reload(filing).state == S.RETURNED
    reasons = Comment.objects.filter(filing=filing, kind=Comment.Kind.RETURN_REASON)
    assert {(c.question_id, c.body) for c in reasons} == {(q1.pk, "Unclear."), (q2.pk, "Missing.")}


def test_return_refuses_a_question_of_another_questionnaire(make_filing, beijing_reviewer, as_user):
    filing = make_filing(S.UNDER_REVIEW)
    other = Question.objects.exclude(section__template=filing.template).first()
    response = as_user(beijing_reviewer).post(
        act(filing.pk, "return"), {"question_0": other.pk, "reason_0": "Unclear."}
    )
    assert response.status_code == 400
    assert reload(filing).state == S.UNDER_REVIEW


def test_comment_and_information_request(make_filing, beijing_reviewer, as_user):
    filing = make_filing(S.UNDER_REVIEW)
    client = as_user(beijing_reviewer)
    assert (
        client.post(act(filing.pk, "comment"), {"body": "Fine", "visibility": "office"}).status_code
        == 302
    )
    assert (
        client.post(act(filing.pk, "request-information"), {"body": "Send logs"}).status_code == 302
    )
    kinds = set(Comment.objects.filter(filing=filing).values_list("kind", "visibility"))
    assert kinds == {("comment", "office"), ("information_request", "filer")}
    assert client.post(act(filing.pk, "comment"), {"body": ""}).status_code == 400


def test_information_request_outside_review_is_refused_with_a_message(
    make_filing, beijing_reviewer, as_user
):
    filing = make_filing(S.SUBMITTED)
    response = as_user(beijing_reviewer).post(
        act(filing.pk, "request-information"), {"body": "Send logs"}
    )
    assert response.status_code == 409
    assert "under review" in response.text
    assert "Send logs" in response.text, "what was typed is kept"


def test_reviewer_proposes_and_supervisor_approves(
    make_filing, beijing_reviewer, beijing_supervisor, as_user
):
    filing = make_filing(S.UNDER_REVIEW)
    response = as_user(beijing_reviewer).post(
        act(filing.pk, "propose"), {"kind": "approve", "reasons": "Complete."}
    )
    assert response.status_code == 302
    assert reload(filing).state == S.PENDING_APPROVAL
    # the reviewer cannot approve
    page = as_user(beijing_reviewer).get(workspace(filing.pk))
    assert 'data-action="approve"' not in page.text
    as_user(beijing_reviewer).post(act(filing.pk, "approve"))
    assert reload(filing).state == S.PENDING_APPROVAL
    # the supervisor can
    page = as_user(beijing_supervisor).get(workspace(filing.pk))
    assert 'data-action="approve"' in page.text
    assert as_user(beijing_supervisor).post(act(filing.pk, "approve")).status_code == 302
    filing = reload(filing)
    assert filing.state == S.APPROVED
    assert filing.filing_number.startswith("网信算备")


def test_four_eyes_a_supervisor_cannot_approve_their_own_proposal(
    make_filing, beijing_supervisor, second_beijing_supervisor, as_user
):
    filing = make_filing(S.UNDER_REVIEW)
    mine = as_user(beijing_supervisor)
    assert (
        mine.post(act(filing.pk, "propose"), {"kind": "approve", "reasons": "OK"}).status_code
        == 302
    )
    assert 'data-action="approve"' not in mine.get(workspace(filing.pk)).text
    response = mine.post(act(filing.pk, "approve"))
    assert response.status_code == 409
    assert "role does not allow" in response.text
    assert reload(filing).state == S.PENDING_APPROVAL
    assert as_user(second_beijing_supervisor).post(act(filing.pk, "approve")).status_code == 302
    decision = Decision.objects.get(filing=filing)
    assert decision.decided_by == second_beijing_supervisor
    assert reload(filing).state == S.APPROVED


def test_reject_needs_reasons_and_send_back_works(
    make_filing, beijing_reviewer, beijing_supervisor, as_user
):
    filing = make_filing(S.UNDER_REVIEW)
    services.propose_decision(filing=filing, by=beijing_reviewer, kind="reject", reasons="Bad.")
    sup = as_user(beijing_supervisor)
    assert sup.post(act(filing.pk, "reject"), {"reasons": ""}).status_code == 400
    assert sup.post(act(filing.pk, "send-back"), {"reasons": "Look again."}).status_code == 302
    assert reload(filing).state == S.UNDER_REVIEW


def test_supervisor_assigns_a_reviewer(
    make_filing, beijing_supervisor, second_beijing_reviewer, shanghai_reviewer, as_user
):
    filing = make_filing(S.SUBMITTED)
    sup = as_user(beijing_supervisor)
    assert sup.post(act(filing.pk, "assign"), {"reviewer": shanghai_reviewer.pk}).status_code == 400
    assert (
        sup.post(act(filing.pk, "assign"), {"reviewer": second_beijing_reviewer.pk}).status_code
        == 302
    )
    assert assignee_of(filing) == second_beijing_reviewer


def test_reviewer_cannot_assign(make_filing, beijing_reviewer, second_beijing_reviewer, as_user):
    filing = make_filing(S.SUBMITTED)
    response = as_user(beijing_reviewer).post(
        act(filing.pk, "assign"), {"reviewer": second_beijing_reviewer.pk}
    )
    assert response.status_code == 409
    assert "role does not allow" in response.text
    # What was chosen is kept on the page.
    assert f'value="{second_beijing_reviewer.pk}" selected' in response.text
    assert assignee_of(filing) is None


@pytest.mark.parametrize("due", ["", "not-a-date", "2001-01-01", "9898-04-12"])
def test_rectification_order_refuses_bad_due_dates(make_filing, beijing_reviewer, due, as_user):
    filing = make_filing(S.APPROVED)
    response = as_user(beijing_reviewer).post(
        act(filing.pk, "rectify"), {"items": "Label outputs", "due_date": due}
    )
    assert response.status_code == 400
    assert reload(filing).state == S.APPROVED


def test_rectification_order_then_verification(
    make_filing, beijing_reviewer, beijing_supervisor, douyin_officer, as_user
):
    filing = make_filing(S.APPROVED)
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = as_user(beijing_reviewer).post(
        act(filing.pk, "rectify"), {"items": "Label outputs\n\nKeep logs", "due_date": due}
    )
    assert response.status_code == 302
    assert reload(filing).state == S.RECTIFICATION_REQUIRED
    assert reload(filing).rectification_orders.get().items.count() == 2
    # nothing to verify before the operator responds
    response = as_user(beijing_supervisor).post(act(filing.pk, "verify"))
    assert response.status_code == 409
    assert "not responded" in response.text
    services.respond_to_rectification(filing=filing, by=douyin_officer, response="Done.")
    assert as_user(beijing_supervisor).post(act(filing.pk, "verify")).status_code == 302
    assert reload(filing).state == S.APPROVED


def test_revoke_needs_reasons_and_a_supervisor(
    make_filing, beijing_reviewer, beijing_supervisor, as_user
):
    filing = make_filing(S.APPROVED)
    assert as_user(beijing_supervisor).post(act(filing.pk, "revoke"), {}).status_code == 400
    as_user(beijing_reviewer).post(act(filing.pk, "revoke"), {"reasons": "Serious."})
    assert reload(filing).state == S.APPROVED
    assert (
        as_user(beijing_supervisor)
        .post(act(filing.pk, "revoke"), {"reasons": "Serious."})
        .status_code
        == 302
    )
    assert reload(filing).state == S.REVOKED


def test_supervisor_accepts_change_and_cancellation(make_filing, beijing_supervisor, as_user):
    change = make_filing(S.CHANGE_PENDING)
    cancel = make_filing(S.CANCELLATION_PENDING)
    sup = as_user(beijing_supervisor)
    assert sup.post(act(change.pk, "accept-change")).status_code == 302
    assert sup.post(act(cancel.pk, "accept-cancellation")).status_code == 302
    assert reload(change).state == S.APPROVED
    assert reload(cancel).state == S.CANCELLED


def test_actions_offered_match_the_model(
    make_filing, beijing_reviewer, beijing_supervisor, as_user
):
    filing = make_filing(S.PENDING_APPROVAL)
    reviewer_page = as_user(beijing_reviewer).get(workspace(filing.pk))
    supervisor_page = as_user(beijing_supervisor).get(workspace(filing.pk))
    slugs = lambda r: [a.slug for a in r.context["actions"]]  # noqa: E731
    # The reviewer who proposed may take the proposal back (with reasons), not confirm it.
    assert slugs(reviewer_page) == ["send-back", "comment"]
    assert slugs(supervisor_page) == ["approve", "send-back", "comment"]


def test_confirmation_page_of_an_unavailable_action_sends_back_with_a_message(
    make_filing, beijing_reviewer, as_user
):
    filing = make_filing(S.PENDING_APPROVAL)
    response = as_user(beijing_reviewer).get(act(filing.pk, "approve"), follow=True)
    assert response.redirect_chain[-1][0] == workspace(filing.pk)
    assert any("not available" in m for m in messages_of(response))


def test_workspace_query_count_does_not_grow_with_comments_and_events(
    make_filing, beijing_reviewer, as_user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    filing = make_filing(S.UNDER_REVIEW)
    client = as_user(beijing_reviewer)
    client.get(workspace(filing.pk))
    with CaptureQueriesContext(connection) as before:
        client.get(workspace(filing.pk))
    for n in range(5):
        services.comment_on_filing(filing=filing, by=beijing_reviewer, body=f"Note {n}")
    with CaptureQueriesContext(connection) as after:
        response = client.get(workspace(filing.pk))
    assert "Note 4" in response.text
    assert len(after) == len(before)
    # The session, the user, their roles, the unread count and the filings escalated to
    # their offices, then the workspace's own: the filing with its related rows, its
    # authorities, revisions, evidence, comments, timeline, deadlines, orders, on-site
    # inspections. More than the eleven of the list pages (docs/performance.md).
    assert len(after) <= 10


# --- Proposing while an information request is open -----------------------------------------
def test_proposing_while_an_information_request_is_open_asks_for_confirmation(
    make_filing, beijing_reviewer, douyin_officer, as_user
):
    filing = make_filing(S.UNDER_REVIEW)
    reviewer = as_user(beijing_reviewer)
    asked = reviewer.post(
        act(filing.pk, "request-information"), {"body": "Send the night-shift roster."}
    )
    assert asked.status_code == 302
    assert "open information request" in reviewer.get(act(filing.pk, "propose")).text

    refused = reviewer.post(act(filing.pk, "propose"), {"kind": "approve", "reasons": "OK"})
    assert refused.status_code == 400
    assert "tick the box to propose anyway" in refused.text
    assert reload(filing).state == S.UNDER_REVIEW

    confirmed = reviewer.post(
        act(filing.pk, "propose"),
        {"kind": "approve", "reasons": "OK", "despite_open_request": "on"},
    )
    assert confirmed.status_code == 302
    assert reload(filing).state == S.PENDING_APPROVAL


def test_once_the_request_is_answered_proposing_asks_nothing_more(
    make_filing, beijing_reviewer, douyin_officer, as_user
):
    filing = make_filing(S.UNDER_REVIEW)
    as_user(beijing_reviewer).post(act(filing.pk, "request-information"), {"body": "Roster?"})
    request = Comment.objects.get(filing=filing, kind=Comment.Kind.INFORMATION_REQUEST)
    services.answer_information_request(request=request, by=douyin_officer, body="Attached.")
    page = as_user(beijing_reviewer).get(act(filing.pk, "propose")).text
    assert "open information request" not in page
    response = as_user(beijing_reviewer).post(
        act(filing.pk, "propose"), {"kind": "approve", "reasons": "OK"}
    )
    assert response.status_code == 302


def test_a_regulator_downloads_only_files_a_submitted_revision_names(
    make_filing, beijing_reviewer, douyin_officer, as_user
):
    """Returned and reopened, the assessment is the operator's draft again: a file uploaded
    to it is theirs until they file it; the file they filed stays downloadable."""
    from assessments.services import unsign_assessment
    from tests.builders import attach_evidence

    filing = make_filing(S.RETURNED)
    filed = filing.assessment.answers.filter(evidence__isnull=False).first().evidence.first()
    unsign_assessment(assessment=filing.assessment, by=douyin_officer)
    answer = filing.assessment.answers.filter(evidence__isnull=False).first()
    draft = attach_evidence(answer, douyin_officer, content=b"%PDF-1.4 not filed yet\n")

    reviewer = as_user(beijing_reviewer)
    base = f"/review/filings/{filing.pk}/evidence"
    assert reviewer.get(f"{base}/{draft.sha256}/").status_code == 404
    assert reviewer.get(f"{base}/{filed.sha256}/").status_code == 200


def test_a_workspace_with_every_section_reads_each_table_once(
    make_filing, beijing_reviewer, douyin_officer, as_user
):
    """A filing with a number, a pending proposal, a responded rectification order with a
    file, a recorded change and an on-site inspection: each section is one read (the
    changes with the filing's row, the files with their items), whatever their number. The rows are
    written directly: no one path through the services leaves all of them at once."""
    from django.core.files.base import ContentFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from filings.models import (
        FactChange,
        RectificationAttachment,
        RectificationItem,
        RectificationOrder,
    )
    from inspections.models import Inspection

    filing = make_filing(S.UNDER_REVIEW)
    Filing.objects.filter(pk=filing.pk).update(filing_number="网信算备110000000000001")
    review = OfficeReview.objects.get(filing=filing)
    now = timezone.now()
    today = timezone.localdate()

    def fill(orders: int, changes: int, inspections: int, status: str = "responded") -> None:
        for n in range(orders):
            order = RectificationOrder.objects.create(
                filing=filing,
                issued_by=beijing_reviewer,
                authority=review.authority,
                issued_at=now,
                due_date=today,
                status=status,
                responded_at=now,
            )
            item = RectificationItem.objects.create(
                order=order, number=1, text=f"Label outputs {n}", response="Labelled."
            )
            RectificationAttachment.objects.create(
                item=item,
                file=ContentFile(b"%PDF-1.4", name="labels.pdf"),
                original_name=f"labels-{n}.pdf",
                sha256="0" * 64,
                size=8,
                content_type="application/pdf",
                uploaded_by=douyin_officer,
                uploaded_at=now,
            )
        for n in range(changes):
            FactChange.objects.create(
                filing=filing,
                kind=FactChange.Kind.CHANGE,
                status=FactChange.Status.ACCEPTED,
                effective_on=today,
                description=f"New ranking model {n}",
                recorded_by=douyin_officer,
                recorded_at=now,
                filed_by=douyin_officer,
                filed_at=now,
                decided_by=beijing_reviewer,
                decided_at=now,
                reasons=f"Consistent with the filed model {n}.",
            )
        for n in range(inspections):
            Inspection.objects.create(
                filing=filing,
                authority=review.authority,
                inspected_on=today,
                place=f"Haidian data centre {n}",
                created_by=beijing_reviewer,
            )

    Decision.objects.create(
        filing=filing,
        review=review,
        kind=Decision.Kind.APPROVE,
        reasons="Complete and consistent.",
        proposed_by=beijing_reviewer,
        proposed_at=now,
    )
    fill(orders=1, changes=1, inspections=1)
    client = as_user(beijing_reviewer)
    client.get(workspace(filing.pk))
    with CaptureQueriesContext(connection) as one:
        response = client.get(workspace(filing.pk))
    for shown in (
        "Complete and consistent.",
        "Label outputs 0",
        "labels-0.pdf",
        "New ranking model 0",
        "Consistent with the filed model 0.",
        f"recorded by {douyin_officer.username}",
        f"by {beijing_reviewer.username}",
        # The file's size and hash, read with its item.
        "8\xa0bytes",
        "0" * 12,
        *(reverse("inspections:detail", args=[i.pk]) for i in Inspection.objects.all()),
    ):
        assert shown in response.text
    fill(orders=3, changes=3, inspections=3, status=RectificationOrder.Status.VERIFIED)
    with CaptureQueriesContext(connection) as more:
        response = client.get(workspace(filing.pk))
    assert "labels-2.pdf" in response.text and "New ranking model 2" in response.text
    assert reverse("inspections:detail", args=[Inspection.objects.last().pk]) in response.text
    assert len(more) == len(one)
    # The session and the user, then the filing (with its changes), reviews with their
    # proposals, revisions, deadlines, timeline, comments, orders (with their items' files)
    # and inspections: 10 (docs/performance.md). The files the diff names are read on
    # download only.
    assert len(one) <= 10
