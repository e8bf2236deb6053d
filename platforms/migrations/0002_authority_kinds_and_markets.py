"""Authority kinds become rows an admin can add (a data-protection authority needs no code);
the two kinds that shipped as choices are seeded. Platforms record the markets they serve, so
a regime applies only within its jurisdictions (every existing platform: China)."""

import platforms.models
import platforms.validators
from django.db import migrations, models


SHIPPED_KINDS = [
    ("cac", "网信部门", "Cyberspace administration"),
    ("public_security", "公安机关", "Public security"),
]


def seed_kinds(apps, schema_editor):
    AuthorityKind = apps.get_model("platforms", "AuthorityKind")
    Authority = apps.get_model("platforms", "Authority")
    names = {code: (zh, en) for code, zh, en in SHIPPED_KINDS}
    # Every code an office already uses becomes a kind, so no office is left invalid.
    used = set(Authority.objects.values_list("kind", flat=True))
    for code in sorted(set(names) | used):
        zh, en = names.get(code, (code, code))
        AuthorityKind.objects.get_or_create(code=code, defaults={"name_zh": zh, "name_en": en})


class Migration(migrations.Migration):

    dependencies = [
        ('platforms', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuthorityKind',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name_zh', models.CharField(max_length=200, verbose_name='name (Chinese)')),
                ('name_en', models.CharField(blank=True, max_length=200, verbose_name='name (English)')),
                ('code', models.SlugField(help_text='Lower case letters, digits and underscores, e.g. data_protection. Regimes name the kind by this code in “addressed to”; it cannot change once offices use it.', max_length=20, unique=True, verbose_name='code')),
            ],
            options={
                'verbose_name': 'authority kind',
                'verbose_name_plural': 'authority kinds',
                'ordering': ['code'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='authority',
            name='authority_kind_valid',
        ),
        migrations.AddField(
            model_name='platform',
            name='markets',
            field=models.JSONField(default=platforms.validators.default_markets, help_text='Where the platform is offered, e.g. ["CN"] or ["CN", "EU"]. A regime applies only to features of platforms offered in its jurisdictions.', validators=[platforms.validators.validate_markets], verbose_name='markets'),
        ),
        migrations.AlterField(
            model_name='authority',
            name='kind',
            field=models.CharField(max_length=20, validators=[platforms.models.validate_authority_kind], verbose_name='kind'),
        ),
        migrations.RunPython(seed_kinds, migrations.RunPython.noop),
    ]
