"""An endpoint's signing secret is stored encrypted (a copy of the database does not give it
away), read back as it was, survives a rotation of SECRET_KEY with the old key in
SECRET_KEY_FALLBACKS, and is an error naming its cause when no key decrypts it; secrets
stored before the encryption are encrypted by the migration."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import connection

from webhooks import signing
from webhooks.models import Endpoint

pytestmark = pytest.mark.django_db

migration = importlib.import_module("webhooks.migrations.0002_secrets_encrypted_at_rest")


def stored(endpoint: Endpoint) -> tuple[str, str]:
    """The secret and the previous one as the database holds them."""
    table = connection.ops.quote_name(Endpoint._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT secret, previous_secret FROM {table} WHERE id = %s",  # noqa: S608
            [endpoint.pk],
        )
        return cursor.fetchone()


@pytest.fixture
def fresh_keys() -> Any:
    """The fields derive their keys once per process; a test that changes SECRET_KEY has
    them derived again, and again after it, from the settings as they are then."""

    def clear() -> None:
        for name in ("secret", "previous_secret"):
            field = Endpoint._meta.get_field(name)
            field.__dict__.pop("keys", None)
            field.__dict__.pop("f", None)

    clear()
    yield clear
    clear()


def endpoint_of(operator: Any) -> Endpoint:
    return Endpoint.objects.create(
        operator=operator,
        url="https://hooks.example.com/filings",
        events=["filing.state_changed"],
        secret=signing.new_secret(),
    )


def test_the_secret_is_stored_encrypted_and_read_back_as_it_was(bytedance):
    endpoint = endpoint_of(bytedance)
    secret, previous = stored(endpoint)
    assert secret.startswith("gAAAAA") and endpoint.secret not in secret
    assert previous == ""  # nothing to hide, and the column is NOT NULL
    assert Endpoint.objects.get(pk=endpoint.pk).secret == endpoint.secret
    # A token differs at each encryption: a filter on the secret would never match.
    with pytest.raises(FieldError, match="Unsupported lookup 'exact'"):
        Endpoint.objects.filter(secret=endpoint.secret).exists()


def test_a_new_secret_key_reads_the_old_secrets_with_the_old_key_in_the_fallbacks(
    bytedance, settings, fresh_keys
):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "old-" + "k" * 50, []
    fresh_keys()
    endpoint = endpoint_of(bytedance)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "new-" + "k" * 50, ["old-" + "k" * 50]
    fresh_keys()
    again = Endpoint.objects.get(pk=endpoint.pk)
    assert again.secret == endpoint.secret
    again.save()  # written again under the new key
    settings.SECRET_KEY_FALLBACKS = []
    fresh_keys()
    assert Endpoint.objects.get(pk=endpoint.pk).secret == endpoint.secret


def test_a_secret_no_key_decrypts_is_an_error_that_names_the_cause(bytedance, settings, fresh_keys):
    endpoint = endpoint_of(bytedance)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "another-" + "k" * 50, []
    fresh_keys()
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FALLBACKS"):
        Endpoint.objects.get(pk=endpoint.pk)


def test_the_migration_encrypts_secrets_stored_in_plain_text_and_going_back_decrypts_them(
    bytedance,
):
    endpoint = endpoint_of(bytedance)
    editor = SimpleNamespace(connection=connection)
    migration.decrypt(apps, editor)  # as they were stored before the migration
    assert stored(endpoint) == (endpoint.secret, "")
    migration.encrypt(apps, editor)
    secret, _previous = stored(endpoint)
    assert secret.startswith("gAAAAA") and endpoint.secret not in secret
    assert Endpoint.objects.get(pk=endpoint.pk).secret == endpoint.secret
