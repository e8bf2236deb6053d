"""Deadline rules as data: weeks and months, `when_returned` (continue / pause / restart)
instead of a boolean, pauses for information requests, and an extension with notice; the
deadline records its extension and which pauses still count. Regimes get jurisdictions
(every existing one: China).

The shipped rules keep their behaviour, except that the algorithm filing's review clock now
counts again in full from the complete resubmission, as its provisions say ("30 working days
of complete materials", docs/domain-rules.md#regimes) rather than pausing."""

import django.db.models.deletion
import platforms.validators
from django.conf import settings
from django.db import migrations, models


RESTARTING = [("cn-algorithm-filing", "review")]


def rules_from_booleans(apps, schema_editor):
    DeadlineRule = apps.get_model("filings", "DeadlineRule")
    DeadlineRule.objects.filter(pauses_when_returned=True).update(when_returned="pause")
    for regime, kind in RESTARTING:
        DeadlineRule.objects.filter(regime__code=regime, kind=kind, anchor="submission").update(
            when_returned="restart"
        )


def booleans_from_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("filings", "DeadlineRule")
    DeadlineRule.objects.exclude(when_returned="continue").update(pauses_when_returned=True)


class Migration(migrations.Migration):

    dependencies = [
        ('filings', '0010_officer_notification_inbox_index'),
        ('platforms', '0002_authority_kinds_and_markets'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='deadline',
            name='extended_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='extended'),
        ),
        migrations.AddField(
            model_name='deadline',
            name='extended_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='extended by'),
        ),
        migrations.AddField(
            model_name='deadline',
            name='extension_amount',
            field=models.PositiveIntegerField(default=0, verbose_name='extension'),
        ),
        migrations.AddField(
            model_name='deadline',
            name='extension_reasons',
            field=models.TextField(blank=True, verbose_name='reasons for the extension'),
        ),
        migrations.AddField(
            model_name='deadline',
            name='extension_unit',
            field=models.CharField(blank=True, choices=[('working_days', 'working days'), ('calendar_days', 'calendar days'), ('weeks', 'weeks'), ('months', 'months')], max_length=20, verbose_name='extension unit'),
        ),
        migrations.AddField(
            model_name='deadlinepause',
            name='cause',
            field=models.CharField(choices=[('returned', 'Returned to the filer'), ('information', 'Information awaited')], default='returned', max_length=20, verbose_name='cause'),
        ),
        migrations.AddField(
            model_name='deadlinepause',
            name='counted',
            field=models.BooleanField(default=True, help_text='Unticked: the clock later restarted in full, so this pause no longer moves it.', verbose_name='counted'),
        ),
        migrations.AddField(
            model_name='deadlinerule',
            name='extension_amount',
            field=models.PositiveIntegerField(default=0, help_text='How much longer the authority may take, once; 0: no extension.', verbose_name='extension'),
        ),
        migrations.AddField(
            model_name='deadlinerule',
            name='extension_notice_within_amount',
            field=models.PositiveIntegerField(default=0, help_text='The filer must be told of the extension within this long of the anchor; 0: any time before the due date.', verbose_name='notice of the extension within'),
        ),
        migrations.AddField(
            model_name='deadlinerule',
            name='extension_notice_within_unit',
            field=models.CharField(blank=True, choices=[('working_days', 'working days'), ('calendar_days', 'calendar days'), ('weeks', 'weeks'), ('months', 'months')], max_length=20, verbose_name='notice window unit'),
        ),
        migrations.AddField(
            model_name='deadlinerule',
            name='extension_unit',
            field=models.CharField(blank=True, choices=[('working_days', 'working days'), ('calendar_days', 'calendar days'), ('weeks', 'weeks'), ('months', 'months')], max_length=20, verbose_name='extension unit'),
        ),
        migrations.AddField(
            model_name='deadlinerule',
            name='pauses_for_information',
            field=models.BooleanField(default=False, help_text='An information request to the filer stops the clock until it is answered.', verbose_name='paused while information is awaited'),
        ),
        migrations.AddField(
            model_name='deadlinerule',
            name='when_returned',
            field=models.CharField(choices=[('continue', 'keeps running'), ('pause', 'pauses until the resubmission'), ('restart', 'counts again in full from the complete resubmission')], default='continue', max_length=10, verbose_name='while returned to the filer, the clock'),
        ),
        migrations.AddField(
            model_name='regime',
            name='jurisdictions',
            field=models.JSONField(default=platforms.validators.default_markets, help_text='The markets the regime governs, e.g. ["CN"] or ["EU"]: it applies only to features of platforms offered in one of them.', validators=[platforms.validators.validate_markets], verbose_name='jurisdictions'),
        ),
        migrations.AlterField(
            model_name='deadline',
            name='paused_working_days',
            field=models.PositiveIntegerField(default=0, verbose_name='days paused'),
        ),
        migrations.AlterField(
            model_name='deadline',
            name='unit',
            field=models.CharField(choices=[('working_days', 'working days'), ('calendar_days', 'calendar days'), ('weeks', 'weeks'), ('months', 'months')], max_length=20, verbose_name='unit'),
        ),
        migrations.AlterField(
            model_name='deadlinerule',
            name='unit',
            field=models.CharField(choices=[('working_days', 'working days'), ('calendar_days', 'calendar days'), ('weeks', 'weeks'), ('months', 'months')], default='working_days', help_text="Working days follow the regime's calendar; a week is 7 calendar days; a month ends on the same day of the month (or the month's last day).", max_length=20, verbose_name='unit'),
        ),
        migrations.AlterField(
            model_name='regime',
            name='filing_number_prefix',
            field=models.CharField(blank=True, default='网信算备', help_text='Empty for a regime whose authority issues no filing number.', max_length=20, verbose_name='filing number prefix'),
        ),
        migrations.RunPython(rules_from_booleans, booleans_from_rules),
    ]
