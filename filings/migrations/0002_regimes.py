"""Ships the three regimes of docs/domain-rules.md#regimes with their deadline rules."""

from django.db import migrations


def load(apps, schema_editor):
    from filings.regimes_data import load_regimes

    load_regimes(apps.get_model("filings", "Regime"), apps.get_model("filings", "DeadlineRule"))


class Migration(migrations.Migration):
    dependencies = [("filings", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
