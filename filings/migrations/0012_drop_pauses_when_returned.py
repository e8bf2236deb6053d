"""The boolean that `when_returned` replaced (0011 converted its rows). A migration of its
own: PostgreSQL refuses to alter a table in the transaction that updated its rows while
their deferred foreign-key checks are still pending."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('filings', '0011_deadline_rules_as_data'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='deadlinerule',
            name='pauses_when_returned',
        ),
    ]
