"""Which endpoint URLs we send to: https (http only where WEBHOOK_ALLOW_HTTP is on), and a
host that resolves to public addresses only, so that an endpoint cannot make the server call
its own loopback, the private network or a cloud metadata address (server-side request
forgery). Checked when the endpoint is saved and again before every attempt (a name may
resolve differently later). WEBHOOK_ALLOW_PRIVATE_ADDRESSES lifts the address check for
development and tests.

The attempt then connects to an address this check vetted (`PinnedAddressAdapter`), not to
whatever the name resolves to a moment later: a name server that answers a public address
to the check and the loopback to the connection (DNS rebinding) reaches nothing. TLS still
verifies the certificate for the host name, and the Host header names it."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from requests import PreparedRequest
from requests.adapters import HTTPAdapter


class UnsafeUrl(Exception):
    """A URL we do not send to, with the reason for the person registering it."""


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> list[str]:
    """Raise UnsafeUrl unless we may send to `url`; return the addresses it resolves to, each
    one checked (none when WEBHOOK_ALLOW_PRIVATE_ADDRESSES lifts the check)."""
    try:
        parts = urlsplit(url)
        port = parts.port  # one out of range raises ValueError
    except ValueError as exc:
        raise UnsafeUrl(_("This is not a valid URL.")) from exc
    allowed = ["https", "http"] if settings.WEBHOOK_ALLOW_HTTP else ["https"]
    if parts.scheme not in allowed:
        raise UnsafeUrl(_("The URL must start with https://."))
    if not parts.hostname:
        raise UnsafeUrl(_("The URL must name a host."))
    if parts.username or parts.password:
        raise UnsafeUrl(_("Put no user name or password in the URL; verify the signature."))
    if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return []
    addresses = _resolve(parts.hostname, port or _default_port(parts.scheme))
    if not addresses or not all(_public(address) for address in addresses):
        raise UnsafeUrl(
            _("The URL points to a private, loopback or reserved address; use a public one.")
        )
    return addresses


def addresses_to_connect(url: str) -> list[str]:
    """The addresses an attempt may connect to, in the resolver's order: those `check_url`
    vetted. With private addresses allowed (development, tests), whatever the name resolves
    to now, or none when it does not resolve here (the connection then resolves it)."""
    vetted = check_url(url)
    if vetted or not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return vetted
    parts = urlsplit(url)
    try:
        return _resolve(parts.hostname or "", parts.port or _default_port(parts.scheme))
    except UnsafeUrl:
        return []


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _resolve(hostname: str, port: int) -> list[str]:
    try:
        found = socket.getaddrinfo(hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnsafeUrl(_("The host name could not be resolved.")) from exc
    return list(dict.fromkeys(str(info[4][0]) for info in found))


class PinnedAddressAdapter(HTTPAdapter):
    """requests' adapter, connecting to `address` wherever the URL names `hostname`: the
    pool's key gets the address as its host and, for https, the host name as the name to
    send (SNI) and to verify the certificate against (requests documents this method as the
    one to override for a pool's connection settings). The caller sends the Host header."""

    def __init__(self, hostname: str, address: str) -> None:
        super().__init__(max_retries=0)
        self.hostname = hostname.lower()
        self.address = address

    def build_connection_pool_key_attributes(
        self, request: PreparedRequest, verify: Any, cert: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        if str(host_params.get("host", "")).lower() == self.hostname:
            host_params["host"] = self.address
            if host_params.get("scheme") == "https":
                pool_kwargs["server_hostname"] = self.hostname
                pool_kwargs["assert_hostname"] = self.hostname
        return host_params, pool_kwargs
