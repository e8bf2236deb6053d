"""The inspection services: who opens, edits and records an inspection, what is checked, and
what is audited and told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import verify_chain
from filings.models import Notification, State
from inspections import access
from inspections.models import Inspection, InspectionFile
from inspections.services import (
    InspectionError,
    InspectionFileError,
    InspectionInputError,
    record_inspection,
    remove_inspection_file,
    update_inspection,
)
from tests.builders import filing_in_state

from .conftest import open_inspection, pdf

pytestmark = pytest.mark.django_db


def _edit(inspection, by, **changes):
    values = {
        "joint_authority": inspection.joint_authority,
        "inspected_on": inspection.inspected_on,
        "place": inspection.place,
        "team": inspection.team,
        "findings": inspection.findings,
        "internal_notes": inspection.internal_notes,
        "today": timezone.localdate(),
    }
    values.update(changes)
    return update_inspection(inspection=inspection, by=by, **values)


def test_a_reviewer_opens_a_draft_with_a_file_stored_like_evidence(draft, beijing_reviewer):
    assert draft.state == Inspection.State.DRAFT
    (stored,) = draft.files.all()
    assert stored.original_name == "record.pdf"
    assert stored.content_type == "application/pdf"
    assert len(stored.sha256) == 64 and stored.size > 0
    assert "record" not in stored.file.name  # a random name; the given one is data
    actions = list(
        AuditEvent.objects.filter(action__startswith="inspection.")
        .order_by("id")
        .values_list("action", "filing_id")
    )
    assert actions == [("inspection.created", None), ("inspection.file_attached", None)]


def test_only_a_submitted_filing_is_inspected(people, beijing_reviewer, beijing_cac):
    draft_filing = filing_in_state("draft", **people, title="Not yet filed")
    with pytest.raises(InspectionError, match="once it has been submitted"):
        open_inspection(draft_filing, beijing_reviewer, beijing_cac)
    assert not Inspection.objects.exists()


def test_an_office_the_filing_is_not_addressed_to_cannot_inspect(
    concluded, shanghai_reviewer, shanghai_cac
):
    with pytest.raises(InspectionError):
        open_inspection(concluded, shanghai_reviewer, shanghai_cac)


def test_a_reviewer_inspects_only_for_their_own_office(concluded, beijing_reviewer, beijing_psb):
    with pytest.raises(InspectionError):
        open_inspection(concluded, beijing_reviewer, beijing_psb)


def test_the_joint_office_is_another_office_of_the_filing(
    concluded, beijing_reviewer, beijing_cac, shanghai_cac
):
    with pytest.raises(InspectionInputError, match="other offices the filing"):
        open_inspection(concluded, beijing_reviewer, beijing_cac, joint_authority=shanghai_cac)
    with pytest.raises(InspectionInputError, match="two different offices"):
        open_inspection(concluded, beijing_reviewer, beijing_cac, joint_authority=beijing_cac)


@pytest.mark.parametrize("days", [1, 30])
def test_an_inspection_is_never_dated_in_the_future(
    concluded, beijing_reviewer, beijing_cac, today, days
):
    with pytest.raises(InspectionInputError, match="future") as refused:
        open_inspection(
            concluded, beijing_reviewer, beijing_cac, inspected_on=today + dt.timedelta(days)
        )
    assert refused.value.field == "inspected_on"


def test_an_inspection_is_never_dated_before_the_filing_was_submitted(
    concluded, beijing_reviewer, beijing_cac, today
):
    with pytest.raises(InspectionInputError, match="before the filing was first submitted"):
        open_inspection(
            concluded, beijing_reviewer, beijing_cac, inspected_on=today - dt.timedelta(days=400)
        )


def test_a_refused_file_stores_nothing(concluded, beijing_reviewer, beijing_cac):
    html = pdf("report.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(InspectionFileError, match=r"report\.pdf"):
        open_inspection(concluded, beijing_reviewer, beijing_cac, files=[pdf(), html])
    assert not Inspection.objects.exists() and not InspectionFile.objects.exists()


def test_a_refused_file_leaves_the_saved_draft_as_it_was(draft, beijing_reviewer):
    empty = pdf("empty.pdf", b"")
    with pytest.raises(InspectionFileError, match="empty"):
        _edit(draft, beijing_reviewer, findings="Changed", files=[empty])
    draft.refresh_from_db()
    assert draft.findings.startswith("Rooms under 50")
    assert draft.files.count() == 1


def test_the_same_file_twice_is_kept_once(draft, beijing_reviewer):
    _edit(draft, beijing_reviewer, files=[pdf("again.pdf")])
    assert draft.files.count() == 1


def test_the_joint_office_edits_the_draft_but_only_the_lead_changes_who_joins(
    joint_draft, beijing_psb_reviewer, beijing_reviewer
):
    _edit(joint_draft, beijing_psb_reviewer, internal_notes="Logs checked on site.")
    joint_draft.refresh_from_db()
    assert joint_draft.internal_notes == "Logs checked on site."
    with pytest.raises(InspectionError, match="opened the inspection"):
        _edit(joint_draft, beijing_psb_reviewer, joint_authority=None)
    _edit(joint_draft, beijing_reviewer, joint_authority=None)
    joint_draft.refresh_from_db()
    assert joint_draft.joint_authority is None


def test_the_other_office_neither_sees_nor_edits_a_one_office_draft(draft, beijing_psb_reviewer):
    assert not access.visible(beijing_psb_reviewer).filter(pk=draft.pk).exists()
    with pytest.raises(InspectionError):
        _edit(draft, beijing_psb_reviewer, findings="Mine now")


def test_recording_needs_the_team_and_the_findings(concluded, beijing_reviewer, beijing_cac):
    bare = open_inspection(concluded, beijing_reviewer, beijing_cac, findings="", team="")
    with pytest.raises(InspectionInputError, match="team"):
        record_inspection(inspection=bare, by=beijing_reviewer)
    _edit(bare, beijing_reviewer, team="Liu Fang, reviewer")
    with pytest.raises(InspectionInputError, match="findings"):
        record_inspection(inspection=bare, by=beijing_reviewer)
    bare.refresh_from_db()
    assert bare.state == Inspection.State.DRAFT


def test_recording_tells_the_operator_and_the_offices_and_joins_the_timeline(
    recorded, douyin_officer, beijing_psb_reviewer, beijing_supervisor, beijing_reviewer
):
    assert recorded.is_recorded and recorded.recorded_by == beijing_reviewer
    told = set(
        Notification.objects.filter(verb="inspection.recorded").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"douyin_officer", "beijing_psb_reviewer", "beijing_supervisor"} <= told
    assert "beijing_reviewer" not in told  # never told of one's own action
    event = AuditEvent.objects.get(action="inspection.recorded")
    assert event.filing_id == recorded.filing_id
    assert verify_chain().ok


def test_a_recorded_inspection_no_longer_changes(recorded, beijing_reviewer):
    with pytest.raises(InspectionError, match="already recorded"):
        record_inspection(inspection=recorded, by=beijing_reviewer)
    with pytest.raises(InspectionError, match="no longer changes"):
        _edit(recorded, beijing_reviewer, findings="Rewritten")
    with pytest.raises(InspectionError, match="no longer changes"):
        remove_inspection_file(
            inspection=recorded, file_id=recorded.files.get().pk, by=beijing_reviewer
        )
    recorded.refresh_from_db()
    assert recorded.findings.startswith("Rooms under 50") and recorded.files.count() == 1


def test_a_wrong_file_comes_off_a_draft(draft, beijing_reviewer):
    gone = remove_inspection_file(
        inspection=draft, file_id=draft.files.get().pk, by=beijing_reviewer
    )
    assert not draft.files.exists()
    assert AuditEvent.objects.filter(
        action="inspection.file_removed", data__sha256=gone.sha256
    ).exists()


def test_who_sees_a_recorded_inspection(
    recorded, douyin_officer, wechat_officer, beijing_psb_reviewer, shanghai_reviewer, admin
):
    for user in (douyin_officer, beijing_psb_reviewer):
        assert access.visible(user).filter(pk=recorded.pk).exists(), user
    for user in (wechat_officer, shanghai_reviewer, admin):
        assert not access.visible(user).filter(pk=recorded.pk).exists(), user


def test_the_operator_never_sees_a_draft(draft, joint_draft, douyin_officer):
    assert not access.visible(douyin_officer).exists()


def test_the_joint_office_sees_the_joint_draft_and_is_told(joint_draft, beijing_psb_reviewer):
    assert access.visible(beijing_psb_reviewer).filter(pk=joint_draft.pk).exists()
    assert Notification.objects.filter(
        recipient=beijing_psb_reviewer, verb="inspection.opened"
    ).exists()


def test_an_inspection_of_a_filing_under_review_is_allowed(
    under_review, beijing_psb_reviewer, beijing_psb
):
    inspection = open_inspection(under_review, beijing_psb_reviewer, beijing_psb)
    assert inspection.filing.state == State.UNDER_REVIEW
