"""Logins, failures, lockouts, logouts, admin changes and evidence downloads each write an
audit event naming the actor, their role and the client address; on PostgreSQL the table
refuses UPDATE and DELETE."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AuditEvent
from audit.services import filing_timeline, record_download, record_event, verify_chain
from filings.models import State
from tests.builders import filing_in_state

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"  # noqa: S105  (the personas' demo password)


def _last(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


def test_a_login_is_recorded_with_actor_role_and_address(client, beijing_reviewer):
    client.post(
        "/accounts/login/",
        {"username": "beijing_reviewer", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.4",
    )
    event = _last("login.succeeded")
    assert event.actor == beijing_reviewer
    assert event.actor_role == "reviewer"
    assert event.address == "203.0.113.4"


def test_a_failed_login_is_recorded_with_the_name_tried_and_never_the_password(
    client, douyin_officer
):
    client.post(
        "/accounts/login/",
        {"username": "douyin_officer", "password": "my-secret-guess"},
        REMOTE_ADDR="203.0.113.5",
    )
    event = _last("login.failed")
    assert event.actor is None
    assert event.data == {"username": "douyin_officer"}
    assert event.address == "203.0.113.5"
    assert "my-secret-guess" not in str(AuditEvent.objects.values_list())


def test_a_lockout_is_recorded(client, douyin_officer):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "douyin_officer", "password": "x"})
    assert AuditEvent.objects.filter(action="login.locked_out").exists()


def test_a_logout_is_recorded(client, douyin_officer):
    client.force_login(douyin_officer)
    client.post(reverse("accounts:logout"), REMOTE_ADDR="203.0.113.6")
    event = _last("logout")
    assert event.actor == douyin_officer
    assert event.actor_role == "officer"
    assert event.address == "203.0.113.6"
    assert event.data == {"reason": "logout"}


def test_an_admin_change_is_recorded(client, admin):
    client.force_login(admin)
    response = client.post(
        "/admin/auth/group/add/", {"name": "auditors"}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 302
    event = _last("admin.added")
    assert event.actor == admin
    assert event.actor_role == "admin"
    assert event.object_type == "auth.group"
    assert event.object_repr == "auditors"
    assert event.address == "203.0.113.7"


def test_an_admin_bulk_deletion_is_recorded_per_object(client, admin):
    from django.contrib.auth.models import Group

    groups = [Group.objects.create(name=f"g{n}") for n in range(2)]
    client.force_login(admin)
    client.post(
        "/admin/auth/group/",
        {
            "action": "delete_selected",
            "_selected_action": [g.pk for g in groups],
            "post": "yes",
        },
    )
    deleted = AuditEvent.objects.filter(action="admin.deleted")
    assert sorted(deleted.values_list("object_repr", flat=True)) == ["g0", "g1"]


def test_record_download_names_who_took_which_file(cast):
    filing = filing_in_state(State.SUBMITTED, **cast)
    evidence = filing.assessment.answers.filter(evidence__isnull=False).first().evidence.first()
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.8")
    request.user = cast["reviewer"]

    event = record_download(request, evidence, filing_id=filing.pk)

    assert event.action == "evidence.downloaded"
    assert event.actor == cast["reviewer"]
    assert event.actor_role == "reviewer"
    assert event.address == "203.0.113.8"
    assert event.data["sha256"] == evidence.sha256
    assert event.filing_id == filing.pk
    assert verify_chain().ok


@pytest.mark.parametrize(
    ("who", "url_name"),
    [("officer", "assessments:download_evidence"), ("reviewer", "review:evidence")],
)
def test_every_evidence_download_page_writes_an_event(client, cast, who, url_name):
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    evidence = filing.assessment.answers.filter(evidence__isnull=False).first().evidence.first()
    client.force_login(cast[who])
    # The officer's download names the file by its key, the regulator's by the filing and
    # the hash its revision names.
    args = [evidence.pk] if who == "officer" else [filing.pk, evidence.sha256]
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 200
    event = _last("evidence.downloaded")
    assert event.actor == cast[who]
    assert event.object_id == str(evidence.pk)
    if who == "reviewer":  # on the record of the filing in the address
        assert event.filing_id == filing.pk


def test_a_filings_timeline_lists_its_events_oldest_first(cast):
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    record_event(action="unrelated", filing_id=filing.pk + 1000)
    timeline = list(filing_timeline(filing.pk))
    assert timeline
    assert all(e.filing_id == filing.pk for e in timeline)
    assert [e.id for e in timeline] == sorted(e.id for e in timeline)


# --- PostgreSQL: the table is append-only whoever asks ----------------------------------------
def _raw(sql: str, params: list[Any]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_postgres_refuses_updating_an_audit_row(postgres):
    event = record_event(action="login.succeeded", address="203.0.113.9")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x", event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    assert AuditEvent.objects.get(pk=event.pk).action == "login.succeeded"


def test_postgres_refuses_deleting_an_audit_row(postgres):
    event = record_event(action="login.succeeded")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert verify_chain().ok
