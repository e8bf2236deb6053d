"""Ships the first version of both questionnaires as published templates.

It reads frozen copies of the data files (`data/0002_*.json`) with its own loader, and imports
no app code: a later edit of `assessments/questionnaires/` or of the services cannot change
what a fresh database gets (tests/assessments/test_questionnaire_data.py compares the two).
"""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

DATA = Path(__file__).resolve().parent / "data"
FILES = ("0002_cn-security-assessment.v1.json", "0002_cn-algorithm-filing.v1.json")


def load_one(data, Template, Section, Question):
    if Template.objects.filter(code=data["code"], version=data["version"]).exists():
        return
    template = Template.objects.create(
        code=data["code"],
        version=data["version"],
        name_zh=data["name_zh"],
        name_en=data["name_en"],
        status="published",
        published_at=timezone.now(),
    )
    for s_order, s in enumerate(data["sections"], start=1):
        section = Section.objects.create(
            template=template,
            code=s["code"],
            order=s_order,
            title_zh=s["title_zh"],
            title_en=s["title_en"],
            legal_reference=s.get("legal_reference", ""),
            applies_when=s.get("applies_when", "always"),
        )
        Question.objects.bulk_create(
            Question(
                section=section,
                code=q["code"],
                order=q_order,
                text_zh=q["text_zh"],
                text_en=q["text_en"],
                help_zh=q.get("help_zh", ""),
                help_en=q.get("help_en", ""),
                legal_reference=q["legal_reference"],
                answer_type=q["answer_type"],
                choices=q.get("choices", []),
                required=q["required"],
                evidence_required=q["evidence_required"],
            )
            for q_order, q in enumerate(s["questions"], start=1)
        )


def load(apps, schema_editor):
    models = [apps.get_model("assessments", name) for name in ("Template", "Section", "Question")]
    for name in FILES:
        load_one(json.loads((DATA / name).read_text(encoding="utf-8")), *models)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
