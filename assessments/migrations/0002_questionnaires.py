"""Ships the first version of both questionnaires as published templates."""

from django.db import migrations


def load(apps, schema_editor):
    from assessments.questionnaire_algorithm_v1 import TEMPLATE as ALGORITHM
    from assessments.questionnaire_v1 import TEMPLATE as SECURITY
    from assessments.services import load_template

    models = {name: apps.get_model("assessments", name)
              for name in ("Template", "Section", "Question")}
    for data in (SECURITY, ALGORITHM):
        load_template(data, models=models)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
