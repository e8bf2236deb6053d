"""An attempt connects to an address the URL check vetted, not to what the name resolves to
a moment later (DNS rebinding: a name server that answers a public address to the check and
the loopback to the connection); TLS still verifies the certificate for the name, the Host
header names it, and an address that cannot be reached gives way to the next one."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from webhooks import delivery as sending

from .receiver import Receiver, running
from .test_delivery import make

pytestmark = pytest.mark.django_db

real_getaddrinfo = socket.getaddrinfo


def resolver(monkeypatch: Any, answers: dict[str, list[list[str]]]) -> list[str]:
    """Resolves each name in `answers` to its next list of addresses (the last one again once
    they run out), anything else as the system does; returns the names asked, in order."""
    asked: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in answers:
            asked.append(host)
            queue = answers[host]
            addresses = queue.pop(0) if len(queue) > 1 else queue[0]
            return [
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port)))
                for address in addresses
            ]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def certificate(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate for `name` and its key, as files."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_a_name_that_resolves_to_the_loopback_after_the_check_reaches_nothing(
    settings, monkeypatch, bytedance
):
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False  # production
    settings.WEBHOOK_CONNECT_TIMEOUT = 0.5
    public = "192.0.32.10"  # a global address; nothing answers it here
    assert ipaddress.ip_address(public).is_global
    with running(Receiver(), host="rebind.example") as receiver:
        row = make(receiver, bytedance)
        # The check is told a public address; a second lookup would be told the loopback.
        asked = resolver(monkeypatch, {"rebind.example": [[public], ["127.0.0.1"]]})
        assert sending.deliver(row.pk) is False
    assert asked == ["rebind.example"]  # looked up once, by the check
    assert receiver.paths == []  # the receiver on the loopback never heard of it
    assert row.attempt_log.get().error  # the failed connection is on the log


def test_https_to_a_pinned_address_verifies_the_certificate_for_the_name(
    settings, monkeypatch, tmp_path, bytedance
):
    settings.WEBHOOK_ALLOW_HTTP = False
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True  # the receiver is on this machine
    cert = certificate(tmp_path, "hooks.receiver.example")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert[0]))  # trust only that certificate
    resolver(monkeypatch, {"hooks.receiver.example": [["127.0.0.1"]]})
    with running(Receiver(), tls=cert, host="hooks.receiver.example") as receiver:
        row = make(receiver, bytedance)
        assert sending.deliver(row.pk) is True
    port = receiver.url.split(":")[2].split("/")[0]
    assert receiver.received == {row.event_id: 1}
    assert receiver.hosts == [f"hooks.receiver.example:{port}"]


def test_a_certificate_for_another_name_is_refused(settings, monkeypatch, tmp_path, bytedance):
    settings.WEBHOOK_ALLOW_HTTP = False
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    cert = certificate(tmp_path, "other.example")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert[0]))
    resolver(monkeypatch, {"hooks.receiver.example": [["127.0.0.1"]]})
    with running(Receiver(), tls=cert, host="hooks.receiver.example") as receiver:
        row = make(receiver, bytedance)
        assert sending.deliver(row.pk) is False
    assert receiver.received == {}
    assert "SSLError" in row.attempt_log.get().error


def test_an_address_that_refuses_the_connection_gives_way_to_the_next(
    allow_local, monkeypatch, bytedance
):
    # Nothing listens on 127.0.0.2 (the receiver is bound to 127.0.0.1 only).
    resolver(monkeypatch, {"two.example": [["127.0.0.2", "127.0.0.1"]]})
    with running(Receiver(), host="two.example") as receiver:
        row = make(receiver, bytedance)
        assert sending.deliver(row.pk) is True
    assert receiver.received == {row.event_id: 1}
