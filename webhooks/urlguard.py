"""Which endpoint URLs we send to: https (http only where WEBHOOK_ALLOW_HTTP is on), and a
host that resolves to public addresses only, so that an endpoint cannot make the server call
its own loopback, the private network or a cloud metadata address (server-side request
forgery). Checked when the endpoint is saved and again before every attempt (a name may
resolve differently later). WEBHOOK_ALLOW_PRIVATE_ADDRESSES lifts the address check for
development and tests."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class UnsafeUrl(Exception):
    """A URL we do not send to, with the reason for the person registering it."""


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> None:
    """Raise UnsafeUrl unless we may send to `url`."""
    try:
        parts = urlsplit(url)
        port = parts.port
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
        return
    try:
        found = socket.getaddrinfo(
            parts.hostname,
            port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM,
        )
    except (OSError, UnicodeError) as exc:
        raise UnsafeUrl(_("The host name could not be resolved.")) from exc
    if not found or not all(_public(str(info[4][0])) for info in found):
        raise UnsafeUrl(
            _("The URL points to a private, loopback or reserved address; use a public one.")
        )
