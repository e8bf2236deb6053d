"""Standard Webhooks signatures (https://www.standardwebhooks.com/, "Signature scheme").

Each delivery carries `webhook-id`, `webhook-timestamp` (Unix seconds) and
`webhook-signature`: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with the secret's
bytes, one such entry per valid secret, separated by spaces (during a rotation's grace
period, the new secret's and the previous one's). The signing itself is the reference
library's (`standardwebhooks`, the spec's own, MIT, no dependencies), so a receiver using it
verifies what we send by construction.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105  (the spec's visible marker, not a secret)


def new_secret() -> str:
    """A random 256-bit secret, as the spec writes it: whsec_ and base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, *, msg_id: str, timestamp: dt.datetime, body: str) -> str:
    """One `v1,<signature>` entry for the body as sent."""
    return Webhook(secret).sign(msg_id, timestamp, body)


def headers(
    secrets_: list[str], *, msg_id: str, timestamp: dt.datetime, body: str
) -> dict[str, str]:
    """The three headers, signed with every secret given (current first)."""
    seconds = int(timestamp.timestamp())
    at = dt.datetime.fromtimestamp(seconds, dt.UTC)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(seconds),
        "webhook-signature": " ".join(
            sign(s, msg_id=msg_id, timestamp=at, body=body) for s in secrets_
        ),
    }
