from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.services import sign_assessment
from audit.models import AuditEvent
from filings.models import Deadline, DeadlineKind, Filing, Notification, State
from filings.services import submit_filing
from notices.models import Notice, NoticeReminder, RecipientStatus
from notices.selectors import board_rows
from notices.services import (
    NoticeError,
    acknowledge_notice,
    add_minutes,
    default_deadline,
    issue_follow_up,
    record_meeting,
    sign_notice,
    start_filing_from_notice,
    sweep,
)
from platforms.models import Trigger
from tests.builders import complete_assessment

from .conftest import issue

pytestmark = pytest.mark.django_db


def _actions(notice: Notice) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="notices.notice", object_id=str(notice.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_a_supervisor_issues_a_notice_alone_with_a_number_and_30_working_days(notice, today):
    assert notice.state == Notice.State.ISSUED
    assert notice.number == f"N110000-{today.year}-0001"
    assert notice.issued_on == today
    assert notice.deadline == default_deadline(today)
    assert _actions(notice) == ["notice.drafted", "notice.signed", "notice.issued"]


def test_the_officers_of_each_operator_are_notified_at_once(notice, douyin_officer, wechat_officer):
    for officer in (douyin_officer, wechat_officer):
        note = Notification.objects.get(recipient=officer, verb="notice.issued")
        assert notice.number in note.message
        assert NoticeReminder.objects.filter(user=officer, step="issued").count() == 1


def test_a_reviewers_draft_waits_for_a_supervisors_signature(
    beijing_reviewer, beijing_supervisor, beijing_cac, douyin, today
):
    draft = issue(beijing_reviewer, beijing_cac, [douyin.operator], [douyin])
    assert draft.state == Notice.State.DRAFT and draft.number is None
    with pytest.raises(NoticeError):
        sign_notice(notice=draft, by=beijing_reviewer, today=today)
    issued = sign_notice(notice=draft, by=beijing_supervisor, today=today)
    assert issued.state == Notice.State.ISSUED


def test_a_joint_notice_is_issued_when_both_offices_signed(
    beijing_supervisor, beijing_psb_supervisor, beijing_cac, beijing_psb, douyin, today
):
    draft = issue(
        beijing_supervisor, beijing_cac, [douyin.operator], [douyin], joint_authority=beijing_psb
    )
    assert draft.state == Notice.State.DRAFT
    assert draft.offices.get(authority=beijing_cac).signed_by == beijing_supervisor
    with pytest.raises(NoticeError):
        sign_notice(notice=draft, by=beijing_supervisor, today=today)  # signed for CAC already
    issued = sign_notice(notice=draft, by=beijing_psb_supervisor, today=today)
    assert issued.state == Notice.State.ISSUED
    assert issued.offices.filter(signed_at__isnull=True).count() == 0


def test_the_joint_office_may_draft_too(beijing_psb_reviewer, beijing_psb, beijing_cac, douyin):
    draft = issue(
        beijing_psb_reviewer, beijing_psb, [douyin.operator], [douyin], joint_authority=beijing_cac
    )
    assert draft.state == Notice.State.DRAFT


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"operators": []}, "at least one operator"),
        ({"title": " "}, "title"),
        ({"requested_deadline": dt.date(2000, 1, 1)}, "cannot be earlier"),
        ({"requires_assessment": False}, "Require an assessment"),
        ({"services": []}, "Name at least one service"),
    ],
)
def test_bad_notices_are_refused_with_a_message(
    beijing_supervisor, beijing_cac, douyin, extra, message
):
    fields = {"operators": [douyin.operator], "services": [douyin], **extra}
    operators, services = fields.pop("operators"), fields.pop("services")
    with pytest.raises(NoticeError, match=message):
        issue(beijing_supervisor, beijing_cac, operators, services, **fields)
    assert not Notice.objects.exists()


def test_a_service_of_another_operator_is_refused(beijing_supervisor, beijing_cac, douyin, wechat):
    with pytest.raises(NoticeError, match="not a service"):
        issue(beijing_supervisor, beijing_cac, [douyin.operator], [douyin, wechat])


def test_an_office_that_is_not_the_users_cannot_draft(shanghai_reviewer, beijing_cac, douyin):
    with pytest.raises(NoticeError):
        issue(shanghai_reviewer, beijing_cac, [douyin.operator], [douyin])


def test_a_later_deadline_set_by_the_office_is_kept(beijing_supervisor, beijing_cac, douyin, today):
    later = default_deadline(today) + dt.timedelta(days=20)
    notice = issue(
        beijing_supervisor, beijing_cac, [douyin.operator], [douyin], requested_deadline=later
    )
    assert notice.deadline == later


def test_all_opinion_services_are_listed_when_issued(
    beijing_supervisor, beijing_cac, douyin, today
):
    douyin.feature_tags = ["short_video", "live"]
    douyin.save()
    notice = issue(
        beijing_supervisor, beijing_cac, [douyin.operator], [], scope=Notice.Scope.ALL_OPINION
    )
    assert [i.platform for i in notice.recipients.get().items.all()] == [douyin]


def test_officer_acknowledges_once(notice, douyin_officer, wechat_officer):
    recipient = notice.recipients.get(operator=douyin_officer.memberships.get().operator)
    acknowledge_notice(recipient=recipient, by=douyin_officer)
    with pytest.raises(NoticeError, match="already acknowledged"):
        acknowledge_notice(recipient=recipient, by=douyin_officer)
    with pytest.raises(NoticeError):
        acknowledge_notice(recipient=recipient, by=wechat_officer)
    assert "notice.acknowledged" in _actions(notice)


def _douyin(notice, officer):
    return notice.recipients.get(operator=officer.memberships.get().operator)


def test_a_filing_from_the_notice_carries_trigger_5_the_notice_date_and_deadline(
    notice, douyin_officer, douyin, today
):
    recipient = _douyin(notice, douyin_officer)
    links = start_filing_from_notice(
        recipient=recipient,
        by=douyin_officer,
        today=today,
        platform=douyin,
        item=recipient.items.get(),
        title="Douyin voice rooms",
        description="Invite-only voice rooms.",
    )
    filing = links[0].filing
    assert filing.regime.code == "cn-security-assessment"
    assert filing.planned_feature.trigger == Trigger.AUTHORITY_NOTICE
    assert filing.planned_feature.trigger_date == notice.issued_on
    assert Deadline.objects.get(
        filing=filing, kind=DeadlineKind.FILING, status="open"
    ).due_date == (notice.deadline)
    recipient.refresh_from_db()
    assert recipient.acknowledged_at is not None  # filing acknowledges receipt


def test_a_later_notice_deadline_becomes_the_filing_deadline(
    beijing_supervisor, beijing_cac, douyin, douyin_officer, today
):
    later = default_deadline(today) + dt.timedelta(days=30)
    notice = issue(
        beijing_supervisor, beijing_cac, [douyin.operator], [douyin], requested_deadline=later
    )
    recipient = notice.recipients.get()
    (link,) = start_filing_from_notice(
        recipient=recipient,
        by=douyin_officer,
        today=today,
        platform=douyin,
        title="t",
        description="d",
    )
    deadline = Deadline.objects.get(filing=link.filing, kind=DeadlineKind.FILING, status="open")
    assert deadline.due_date == later
    assert Filing.objects.get(pk=link.filing_id).next_due == later


def test_another_operators_officer_cannot_file_from_the_notice(
    notice, wechat_officer, douyin, today
):
    recipient = notice.recipients.get(operator=douyin.operator)
    with pytest.raises(NoticeError):
        start_filing_from_notice(
            recipient=recipient,
            by=wechat_officer,
            today=today,
            platform=douyin,
            title="t",
            description="d",
        )


def test_a_service_of_another_operator_cannot_be_filed_from_the_notice(
    notice, douyin_officer, wechat, today
):
    with pytest.raises(NoticeError, match="own services"):
        start_filing_from_notice(
            recipient=_douyin(notice, douyin_officer),
            by=douyin_officer,
            today=today,
            platform=wechat,
            title="t",
            description="d",
        )


def _file_and_submit(notice, officer, signatory, platform, today):
    recipient = _douyin(notice, officer)
    (link,) = start_filing_from_notice(
        recipient=recipient, by=officer, today=today, platform=platform, title="t", description="d"
    )
    filing = link.filing
    complete_assessment(filing.assessment, officer)
    sign_assessment(assessment=filing.assessment, by=signatory)
    submit_filing(filing=filing, by=officer)
    return filing


def test_the_board_follows_each_operator(
    notice, douyin_officer, bytedance_signatory, douyin, today
):
    rows = {r.recipient.operator.name_en: r for r in board_rows(notice, today=today)}
    assert rows["ByteDance"].status == RecipientStatus.NOTIFIED
    start_filing_from_notice(
        recipient=_douyin(notice, douyin_officer),
        by=douyin_officer,
        today=today,
        platform=douyin,
        title="t",
        description="d",
    )
    rows = {r.recipient.operator.name_en: r for r in board_rows(notice, today=today)}
    assert rows["ByteDance"].status == RecipientStatus.IN_PROGRESS
    assert rows["Tencent"].status == RecipientStatus.NOTIFIED
    later = notice.deadline + dt.timedelta(days=1)
    rows = {r.recipient.operator.name_en: r for r in board_rows(notice, today=later)}
    assert rows["Tencent"].status == RecipientStatus.OVERDUE
    assert rows["Tencent"].working_days_left < 0


def test_submitted_filings_show_as_submitted(
    notice, douyin_officer, bytedance_signatory, douyin, today
):
    _file_and_submit(notice, douyin_officer, bytedance_signatory, douyin, today)
    rows = {r.recipient.operator.name_en: r for r in board_rows(notice, today=today)}
    assert rows["ByteDance"].status == RecipientStatus.SUBMITTED
    assert rows["ByteDance"].filings[0].state == State.SUBMITTED
    # Filed: nothing more is owed by the deadline, even once it has passed; the others
    # still count down (and past it).
    later = notice.deadline + dt.timedelta(days=1)
    rows = {r.recipient.operator.name_en: r for r in board_rows(notice, today=later)}
    assert rows["ByteDance"].days_left_owed is None
    assert rows["Tencent"].days_left_owed == rows["Tencent"].working_days_left < 0


def test_reminders_and_escalation_are_created_once(
    notice, douyin_officer, wechat_officer, beijing_supervisor, today
):
    before = notice.deadline - dt.timedelta(days=1)
    sweep(today=notice.deadline)
    sweep(today=notice.deadline)
    assert NoticeReminder.objects.filter(step="due").count() == 2
    overdue = notice.deadline + dt.timedelta(days=3)
    first = sweep(today=overdue)
    second = sweep(today=overdue)
    assert first["created"] == 4  # each operator's officer; the supervisor, once per operator
    assert second["created"] == 0
    escalations = NoticeReminder.objects.filter(step="escalation")
    assert {e.user for e in escalations} == {beijing_supervisor}
    assert (
        Notification.objects.filter(recipient=beijing_supervisor, verb="notice.escalation").count()
        == 2
    )
    assert _actions(notice).count("notice.escalated") == 2  # one per overdue operator
    assert before < notice.deadline


def test_a_submitted_operator_is_not_reminded(
    notice, douyin_officer, bytedance_signatory, wechat_officer, douyin, today
):
    _file_and_submit(notice, douyin_officer, bytedance_signatory, douyin, today)
    sweep(today=notice.deadline + dt.timedelta(days=1))
    assert not NoticeReminder.objects.filter(user=douyin_officer, step="overdue").exists()
    assert NoticeReminder.objects.filter(user=wechat_officer, step="overdue").exists()


def test_reminder_emails_are_sent_once(notice, douyin_officer, mailoutbox, today):
    sweep(today=today)
    sent = len(mailoutbox)
    assert sent >= 1
    sweep(today=today)
    assert len(mailoutbox) == sent


def test_a_follow_up_goes_to_the_overdue_operators_in_one_step(
    notice, douyin_officer, bytedance_signatory, beijing_supervisor, douyin, wechat, today
):
    _file_and_submit(notice, douyin_officer, bytedance_signatory, douyin, today)
    later = notice.deadline + dt.timedelta(days=2)
    follow_up = issue_follow_up(notice=notice, by=beijing_supervisor, today=later, reason="")
    assert follow_up.state == Notice.State.ISSUED and follow_up.kind == Notice.Kind.FOLLOW_UP
    assert follow_up.follows == notice
    assert [r.operator for r in follow_up.recipients.all()] == [wechat.operator]
    assert follow_up.number.startswith("F110000-")


def test_no_follow_up_without_overdue_operators(notice, beijing_supervisor, today):
    with pytest.raises(NoticeError, match="No operator is overdue"):
        issue_follow_up(notice=notice, by=beijing_supervisor, today=today, reason="")


def test_summons_meeting_and_minutes(notice, beijing_reviewer, douyin_officer):
    with pytest.raises(NoticeError, match="Record the summons"):
        add_minutes(
            notice=notice, by=beijing_reviewer, upload=SimpleUploadedFile("m.pdf", b"%PDF-1.4 x\n")
        )
    record_meeting(
        notice=notice,
        by=beijing_reviewer,
        meeting_at=dt.datetime(2021, 3, 18, 10, tzinfo=dt.UTC),
        place="Beijing",
        attendees="Security leads",
    )
    minutes = add_minutes(
        notice=notice, by=beijing_reviewer, upload=SimpleUploadedFile("m.pdf", b"%PDF-1.4 x\n")
    )
    assert minutes.sha256 and minutes.original_name == "m.pdf"
    with pytest.raises(NoticeError, match=r"forbidden|type|not allowed|HTML"):
        add_minutes(
            notice=notice,
            by=beijing_reviewer,
            upload=SimpleUploadedFile("m.pdf", b"<html>x</html>"),
        )
    with pytest.raises(NoticeError):
        record_meeting(notice=notice, by=douyin_officer, meeting_at=None, place="", attendees="")
    assert {"notice.meeting_recorded", "notice.minutes_attached"} <= set(_actions(notice))


def test_only_planned_features_filed_with_the_office_can_be_named(cast, beijing_cac, today):
    from tests.builders import filing_in_state

    supervisor, douyin = cast["supervisor"], cast["platform"]
    draft = filing_in_state(State.DRAFT, **cast, title="Unannounced feature")
    with pytest.raises(NoticeError, match="filed with your office"):
        issue(supervisor, beijing_cac, [douyin.operator], [], features=[draft.planned_feature])
    filed = filing_in_state(State.SUBMITTED, **cast, title="Voice rooms")
    notice = issue(supervisor, beijing_cac, [douyin.operator], [], features=[filed.planned_feature])
    item = notice.recipients.get().items.get()
    assert item.planned_feature == filed.planned_feature


def test_the_form_offers_no_unfiled_feature(cast, client):
    from django.urls import reverse

    from tests.builders import filing_in_state

    filing_in_state(State.DRAFT, **cast, title="Secret voice changer")
    client.force_login(cast["supervisor"])
    assert "Secret voice changer" not in client.get(reverse("notices:create")).content.decode()


def test_a_provisional_deadline_moves_with_the_calendar(notice):
    from notices.services.issuing import recompute_provisional_deadlines

    Notice.objects.filter(pk=notice.pk).update(
        deadline=notice.deadline + dt.timedelta(days=9), deadline_provisional=True
    )
    assert recompute_provisional_deadlines() == 1
    notice.refresh_from_db()
    assert notice.deadline == default_deadline(notice.issued_on)


def test_a_service_is_filed_once_per_notice(notice, douyin_officer, douyin, today):
    recipient = _douyin(notice, douyin_officer)
    fields = {"recipient": recipient, "by": douyin_officer, "today": today, "platform": douyin}
    start_filing_from_notice(**fields, title="t", description="d")
    with pytest.raises(NoticeError, match="already exists"):
        start_filing_from_notice(**fields, title="again", description="d")
