"""The "Webhooks" pages: who manages an organisation's endpoints, what bad input gets, the
secret and its rotation, the test button and re-sending by hand. Every change is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from webhooks.models import Delivery, Endpoint

from .receiver import Receiver, running

pytestmark = pytest.mark.django_db

URL = "https://hooks.example.com/filings"


def _register(client: Client, **fields: Any) -> Any:
    data = {
        "url": URL,
        "description": "Release pipeline",
        "events": ["filing.state_changed", "notice.received"],
        "enabled": "on",
        **fields,
    }
    return client.post(reverse("webhooks:list"), data)


@pytest.fixture
def public_dns(monkeypatch: Any) -> None:
    """hooks.example.com resolves to a public address (no DNS in the tests)."""
    import socket

    def resolve(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        names = {"hooks.example.com": "93.184.216.34", "internal.example.com": "10.0.0.5"}
        address = names.get(host, host)  # an address stands for itself
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, 443))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


def test_an_officer_registers_an_endpoint_and_sees_its_secret(
    client, douyin_officer, bytedance, public_dns
):
    client.force_login(douyin_officer)
    assert client.get(reverse("webhooks:list")).status_code == 200
    response = _register(client)
    endpoint = Endpoint.objects.get()
    assert response.status_code == 302
    assert (endpoint.operator, endpoint.authority, endpoint.url) == (bytedance, None, URL)
    assert endpoint.events == ["filing.state_changed", "notice.received"]
    page = client.get(reverse("webhooks:detail", args=[endpoint.pk]))
    assert endpoint.secret.startswith("whsec_") and endpoint.secret.encode() in page.content
    event = AuditEvent.objects.get(action="webhook.created")
    assert event.object_id == str(endpoint.pk) and event.actor == douyin_officer


def test_a_reviewer_registers_one_for_their_authority(
    client, beijing_reviewer, beijing_cac, public_dns
):
    client.force_login(beijing_reviewer)
    assert _register(client).status_code == 302
    assert Endpoint.objects.get().authority == beijing_cac


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"url": "http://hooks.example.com/x"}, b"must start with https://"),
        ({"url": "ftp://hooks.example.com/x"}, b"must start with https://"),
        ({"url": "https://internal.example.com/x"}, b"private, loopback or reserved"),
        ({"url": "https://127.0.0.1/x"}, b"private, loopback or reserved"),
        ({"url": "https://[::1]/x"}, b"private, loopback or reserved"),
        ({"url": "https://169.254.169.254/latest"}, b"private, loopback or reserved"),
        ({"url": "https://user:pw@hooks.example.com/x"}, b"no user name or password"),
        ({"url": "https://hooks.example.com:99999/x"}, b"not a valid URL"),
        ({"url": ""}, b"This field is required"),
        ({"events": []}, b"Choose at least one event."),
        ({"events": ["filing.everything"]}, b"Select a valid choice"),
    ],
)
def test_bad_input_is_400_with_a_message(client, douyin_officer, public_dns, fields, message):
    client.force_login(douyin_officer)
    response = _register(client, **fields)
    assert response.status_code == 400
    assert message in response.content
    assert not Endpoint.objects.exists()


def test_http_and_local_addresses_are_accepted_where_the_settings_allow_them(
    client, douyin_officer, allow_local
):
    client.force_login(douyin_officer)
    assert _register(client, url="http://127.0.0.1:8001/hook").status_code == 302


def test_a_signatory_is_refused(client, bytedance_signatory, douyin_officer, public_dns):
    client.force_login(douyin_officer)
    _register(client)
    endpoint = Endpoint.objects.get()
    client.force_login(bytedance_signatory)
    assert client.get(reverse("webhooks:list")).status_code == 403
    assert _register(client).status_code == 403
    assert client.get(reverse("webhooks:detail", args=[endpoint.pk])).status_code == 403
    assert Endpoint.objects.count() == 1


@pytest.mark.parametrize("outsider", ["wechat_officer", "beijing_reviewer"])
def test_another_organisations_endpoint_is_a_404(
    client, request, douyin_officer, public_dns, outsider
):
    client.force_login(douyin_officer)
    _register(client)
    endpoint = Endpoint.objects.get()
    client.force_login(request.getfixturevalue(outsider))
    for name in ("detail", "deliveries", "delete"):
        assert client.get(reverse(f"webhooks:{name}", args=[endpoint.pk])).status_code == 404
    for name in ("detail", "rotate", "test", "delete"):
        assert client.post(reverse(f"webhooks:{name}", args=[endpoint.pk])).status_code == 404
    listing = client.get(reverse("webhooks:list"))
    assert URL.encode() not in listing.content
    assert Endpoint.objects.get(pk=endpoint.pk).secret == endpoint.secret  # not rotated


def test_a_reviewer_of_another_authority_gets_a_404(
    client, beijing_reviewer, shanghai_reviewer, public_dns
):
    client.force_login(beijing_reviewer)
    _register(client)
    endpoint = Endpoint.objects.get()
    client.force_login(shanghai_reviewer)
    assert client.get(reverse("webhooks:detail", args=[endpoint.pk])).status_code == 404
    assert client.post(reverse("webhooks:rotate", args=[endpoint.pk])).status_code == 404


def test_changing_rotating_and_deleting_are_audited(client, douyin_officer, public_dns):
    client.force_login(douyin_officer)
    _register(client)
    endpoint = Endpoint.objects.get()
    detail = reverse("webhooks:detail", args=[endpoint.pk])
    changed = client.post(detail, {"url": URL, "events": ["deadline.overdue"]})
    assert changed.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.events, endpoint.enabled) == (["deadline.overdue"], False)
    assert client.post(detail, {"url": URL, "events": []}).status_code == 400

    old = endpoint.secret
    assert client.post(reverse("webhooks:rotate", args=[endpoint.pk])).status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.previous_secret == old
    page = client.get(detail)
    assert old.encode() in page.content and endpoint.secret.encode() in page.content

    assert client.post(reverse("webhooks:delete", args=[endpoint.pk])).status_code == 302
    assert not Endpoint.objects.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"webhook.created", "webhook.changed", "webhook.secret_rotated"} <= actions
    assert "webhook.deleted" in actions


def test_send_test_event_reaches_the_receiver_signed_and_is_logged(
    client, douyin_officer, allow_local, django_capture_on_commit_callbacks
):
    with running(Receiver()) as receiver:
        client.force_login(douyin_officer)
        _register(client, url=receiver.url)
        endpoint = Endpoint.objects.get()
        receiver.secrets = [endpoint.secret]
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("webhooks:test", args=[endpoint.pk]))
        assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert receiver.received == {delivery.event_id: 1} and receiver.bad_signatures == 0
    assert receiver.bodies[delivery.event_id]["type"] == "webhook.test"
    assert delivery.state == Delivery.State.SUCCEEDED
    attempt = delivery.attempt_log.get()
    assert attempt.status_code == 200 and attempt.duration_ms is not None
    assert len(attempt.response_excerpt) == 500  # the long answer, cut
    log = client.get(reverse("webhooks:deliveries", args=[endpoint.pk]))
    assert delivery.event_id.encode() in log.content and b"HTTP 200" in log.content
    assert AuditEvent.objects.filter(action="webhook.test_sent").exists()


def test_a_failed_delivery_is_sent_again_by_hand_with_the_same_id(
    client, douyin_officer, allow_local, django_capture_on_commit_callbacks
):
    answers = iter([500, 200])
    with running(Receiver(answer=lambda _id: next(answers))) as receiver:
        client.force_login(douyin_officer)
        _register(client, url=receiver.url)
        endpoint = Endpoint.objects.get()
        receiver.secrets = [endpoint.secret]
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("webhooks:test", args=[endpoint.pk]))
        delivery = Delivery.objects.get()
        assert delivery.state == Delivery.State.FAILED  # a test event is tried once
        resend = reverse("webhooks:resend", args=[endpoint.pk, delivery.pk])
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(resend).status_code == 302
        delivery.refresh_from_db()
        assert delivery.state == Delivery.State.SUCCEEDED
        assert client.post(resend).status_code == 409  # only a failed one
    assert receiver.received == {delivery.event_id: 2}
    assert [a.status_code for a in delivery.attempt_log.order_by("number")] == [500, 200]
    assert delivery.attempt_log.get(number=2).manual
    assert AuditEvent.objects.filter(action="webhook.resent").exists()
