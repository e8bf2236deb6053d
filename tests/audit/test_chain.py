"""The append-only audit trail: each event holds the hash of the one before it, so that
editing or deleting a row shows, and `verify_audit_chain` names the first broken link."""

import pytest
from django.core.management import CommandError, call_command

from audit.models import GENESIS_HASH, AuditEvent, AuditTrailError
from audit.services import record_event, verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_events(douyin_officer, bytedance):
    return [
        record_event(
            action="feature.registered",
            obj=bytedance,
            actor=douyin_officer,
            actor_role="officer",
            address="10.1.2.3",
            data={"title": "换脸特效", "flags": ["edits_faces"], "n": 1},
        ),
        record_event(action="filing.submitted", actor=douyin_officer, filing_id=7),
        record_event(action="system.sweep", data={"moved": 2}),
    ]


def test_the_first_event_links_to_the_genesis_hash():
    event = record_event(action="system.start")

    assert event.prev_hash == GENESIS_HASH


def test_each_event_holds_the_hash_of_the_one_before(three_events):
    first, second, third = three_events

    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert len({e.hash for e in three_events}) == 3


def test_an_event_hash_covers_its_own_content(three_events):
    for event in three_events:
        stored = AuditEvent.objects.get(pk=event.pk)
        assert stored.compute_hash() == stored.hash
        assert len(stored.hash) == 64


def test_an_event_names_who_did_what_to_which_object(three_events, douyin_officer, bytedance):
    event = AuditEvent.objects.get(pk=three_events[0].pk)

    assert event.actor == douyin_officer
    assert event.actor_name == "douyin_officer"
    assert event.object_type == "platforms.operator"
    assert event.object_id == str(bytedance.pk)
    assert event.address == "10.1.2.3"


def test_an_intact_chain_verifies_with_its_count(three_events):
    report = verify_chain()

    assert report.ok
    assert report.count == 3
    assert report.broken_at is None


def test_an_empty_chain_verifies():
    assert verify_chain().ok


def test_an_ipv6_address_does_not_break_the_chain():
    record_event(action="login", address="2001:0DB8:0000:0000:0000:0000:0000:0001")

    assert verify_chain().ok


def test_an_empty_address_does_not_break_the_chain():
    record_event(action="login", address="")

    assert verify_chain().ok


def test_the_command_reports_an_intact_chain(three_events, capsys):
    call_command("verify_audit_chain")

    assert "OK: 3 events, chain intact." in capsys.readouterr().out


def test_editing_an_events_details_is_caught_at_that_event(three_events):
    tampered = three_events[1]
    AuditEvent.objects.filter(pk=tampered.pk).update(data={"state": "approved"})

    report = verify_chain()

    assert not report.ok
    assert report.broken_at == tampered.pk
    assert report.count == 1
    assert "altered" in report.reason


def test_editing_an_event_and_recomputing_its_hash_breaks_the_next_link(three_events):
    tampered = AuditEvent.objects.get(pk=three_events[1].pk)
    tampered.action = "filing.approved"
    AuditEvent.objects.filter(pk=tampered.pk).update(
        action=tampered.action, hash=tampered.compute_hash()
    )

    report = verify_chain()

    assert not report.ok
    assert report.broken_at == three_events[2].pk
    assert "link" in report.reason


def test_deleting_a_middle_event_is_caught_at_the_event_after_it(three_events):
    _first, middle, last = three_events
    AuditEvent.objects.filter(pk=middle.pk).delete()

    report = verify_chain()

    assert not report.ok
    assert report.broken_at == last.pk
    assert report.count == 1
    assert "link" in report.reason


def test_the_command_fails_naming_the_edited_event(three_events):
    AuditEvent.objects.filter(pk=three_events[0].pk).update(actor_name="someone_else")

    with pytest.raises(CommandError, match=f"broken at event {three_events[0].pk}"):
        call_command("verify_audit_chain")


def test_the_command_fails_naming_the_event_after_a_deleted_one(three_events):
    AuditEvent.objects.filter(pk=three_events[1].pk).delete()

    with pytest.raises(CommandError, match=f"broken at event {three_events[2].pk}"):
        call_command("verify_audit_chain")


def test_a_saved_event_cannot_be_saved_again(three_events):
    event = AuditEvent.objects.get(pk=three_events[0].pk)
    event.action = "filing.approved"

    with pytest.raises(AuditTrailError):
        event.save()

    assert AuditEvent.objects.get(pk=event.pk).action == "feature.registered"


def test_an_event_cannot_be_deleted(three_events):
    event = AuditEvent.objects.get(pk=three_events[0].pk)

    with pytest.raises(AuditTrailError):
        event.delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()
