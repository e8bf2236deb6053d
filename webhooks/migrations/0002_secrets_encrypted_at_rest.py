"""Webhook secrets encrypted at rest (core.fields.EncryptedSecretField): the columns become
text (a token is longer than its secret), then each stored secret is written back
encrypted; going back writes them out in plain text again."""

from typing import Any

from django.db import migrations
from django.db.models import TextField, Value

import core.fields


def encrypt(apps: Any, schema_editor: Any) -> None:
    # The field reads a value that no key decrypts, as these are, as plain text.
    endpoint_model = apps.get_model("webhooks", "Endpoint")
    rows = endpoint_model.objects.using(schema_editor.connection.alias)
    for endpoint in rows.only("pk", "secret", "previous_secret"):
        endpoint.save(update_fields=["secret", "previous_secret"])


def decrypt(apps: Any, schema_editor: Any) -> None:
    # A Value typed as plain text is written as it is, past the field's encryption.
    endpoint_model = apps.get_model("webhooks", "Endpoint")
    rows = endpoint_model.objects.using(schema_editor.connection.alias)
    for endpoint in rows.only("pk", "secret", "previous_secret"):
        rows.filter(pk=endpoint.pk).update(
            secret=Value(endpoint.secret, output_field=TextField()),
            previous_secret=Value(endpoint.previous_secret, output_field=TextField()),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="endpoint",
            name="previous_secret",
            field=core.fields.EncryptedSecretField(
                blank=True, max_length=100, verbose_name="previous secret"
            ),
        ),
        migrations.AlterField(
            model_name="endpoint",
            name="secret",
            field=core.fields.EncryptedSecretField(max_length=100, verbose_name="secret"),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
