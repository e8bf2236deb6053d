"""Which questions concern the operator as a whole, and pre-filled answers to confirm.

Version 1 of the security assessment is published and frozen; the scope is new metadata
about its questions (whose answers may be carried over to the operator's next assessment),
not a change of any question's text, so it is set here on the published rows and written in
the data file (assessments/questionnaires/cn-security-assessment.v1.json). The list is frozen
in this migration: a later edit of the data file cannot change what a fresh database gets.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Its security management (lead, body, training), its log retention period, its complaint
# and appeal handling, and its cooperation with the authorities: the company's, whichever
# feature is assessed. Everything else describes the feature or its service.
OPERATOR_SCOPED = {
    ("cn-security-assessment", 1): [
        "B1", "B4", "B5", "D4", "G3", "G4", "G5", "H1", "H2", "H3", "H4",
    ],
}


def set_scopes(apps, schema_editor):
    Question = apps.get_model("assessments", "Question")
    for (code, version), questions in OPERATOR_SCOPED.items():
        Question.objects.filter(
            section__template__code=code, section__template__version=version, code__in=questions
        ).update(scope="operator")


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0004_evidence_detached_from_draft'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='answer',
            name='confirmed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='confirmed'),
        ),
        migrations.AddField(
            model_name='answer',
            name='confirmed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='confirmed by'),
        ),
        migrations.AddField(
            model_name='answer',
            name='prefilled_from',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='assessments.assessment', verbose_name='pre-filled from'),
        ),
        migrations.AddField(
            model_name='question',
            name='scope',
            field=models.CharField(choices=[('feature', 'This feature'), ('operator', 'The operator as a whole')], default='feature', max_length=10, verbose_name='answer concerns'),
        ),
        migrations.AddConstraint(
            model_name='answer',
            constraint=models.CheckConstraint(condition=models.Q(('confirmed_at__isnull', True), ('prefilled_from__isnull', False), _connector='OR'), name='answer_confirms_a_prefill'),
        ),
        migrations.RunPython(set_scopes, migrations.RunPython.noop),
    ]
