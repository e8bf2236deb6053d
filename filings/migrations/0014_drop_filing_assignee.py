"""The office reviews carry the assignee and the comments their readers (0011 moved both)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("filings", "0013_office_reviews"),
    ]

    operations = [
        migrations.RemoveField(model_name="comment", name="internal"),
        migrations.RemoveField(model_name="filing", name="assignee"),
        migrations.AlterField(
            model_name="decision",
            name="review",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="decisions",
                to="filings.officereview",
            ),
        ),
    ]
