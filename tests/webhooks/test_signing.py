"""Signatures as the Standard Webhooks spec says, checked against its published test vector
and against the receiver side of the reference library."""

from __future__ import annotations

import datetime as dt

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from webhooks import signing

# The test vector published with the Standard Webhooks spec ("Signature scheme").
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # noqa: S105 (published)
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_BODY = '{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_the_signature_matches_the_specs_test_vector():
    headers = signing.headers(
        [SPEC_SECRET],
        msg_id=SPEC_ID,
        timestamp=dt.datetime.fromtimestamp(SPEC_TIMESTAMP, dt.UTC),
        body=SPEC_BODY,
    )
    assert headers == {
        "webhook-id": SPEC_ID,
        "webhook-timestamp": str(SPEC_TIMESTAMP),
        "webhook-signature": SPEC_SIGNATURE,
    }


def test_a_receiver_verifies_what_we_send_and_refuses_a_changed_body():
    secret = signing.new_secret()
    assert secret.startswith("whsec_")
    body = '{"type":"webhook.test"}'
    headers = signing.headers(
        [secret], msg_id="msg_1", timestamp=dt.datetime.now(dt.UTC), body=body
    )
    assert Webhook(secret).verify(body, headers) == {"type": "webhook.test"}
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body.replace("test", "tost"), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(signing.new_secret()).verify(body, headers)


def test_after_a_rotation_each_secret_verifies_the_same_delivery():
    new, old = signing.new_secret(), signing.new_secret()
    body = "{}"
    headers = signing.headers(
        [new, old], msg_id="msg_2", timestamp=dt.datetime.now(dt.UTC), body=body
    )
    entries = headers["webhook-signature"].split(" ")
    assert len(entries) == 2 and all(e.startswith("v1,") for e in entries)
    Webhook(new).verify(body, headers, json_parse=False)
    Webhook(old).verify(body, headers, json_parse=False)


def test_the_receiver_example_in_the_docs_verifies_a_delivery_and_refuses_a_forgery():
    """docs/api.md#webhooks: the Python example, run as written (with a real secret)."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs/api.md").read_text()
    section = text.split("## Webhooks", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    secret = signing.new_secret()
    seen: set[str] = set()
    handled: list[str] = []
    scope = {
        "already_seen": lambda i: i in seen or seen.add(i),
        "handle": lambda kind, data: handled.append(kind),
    }
    exec(example.replace("whsec_…", secret), scope)  # noqa: S102 (our own docs)
    body = b'{"data":{},"timestamp":"2027-01-01T00:00:00+00:00","type":"webhook.test"}'
    headers = signing.headers(
        [secret], msg_id="msg_3", timestamp=dt.datetime.now(dt.UTC), body=body.decode()
    )
    assert scope["receive"](body, headers) == 200
    assert scope["receive"](body, headers) == 200  # a redelivery: dropped
    assert handled == ["webhook.test"]
    assert scope["receive"](body.replace(b"test", b"tost"), headers) == 400
