"""An on-site inspection (docs/domain-rules.md#inspections), on top of the campaign, as
demo/scenarios/inspection.json tells it: the Beijing CAC inspects the campaign's Douyin filing
with the Beijing PSB, records its findings with the inspection record attached, and its
supervisor orders rectification from them.

Everything goes through the inspections services (and so through the filing's own
`order_rectification`), dated today: the filing was submitted today, and an inspection is
never dated before the filing's submission or in the future.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile

from filings.models import Filing
from inspections.models import Inspection
from inspections.services import (
    create_inspection,
    order_rectification_from,
    record_inspection,
)

from .pdf import demo_pdf
from .scenario import REGIMES

if TYPE_CHECKING:
    from .builder import _Builder

INSPECTION = Path(__file__).parent / "scenarios" / "inspection.json"


def build_inspection(builder: _Builder) -> Inspection:
    spec = json.loads(INSPECTION.read_text(encoding="utf-8"))
    u = builder.users
    filing = Filing.objects.get(
        planned_feature__title=spec["filing"]["title"],
        regime__code=REGIMES[spec["filing"]["regime"]],
    )
    findings = spec["findings"]
    lines = [line.format(reference=filing.reference) for line in spec["record"]["lines"]]
    record = SimpleUploadedFile(
        spec["record"]["name"],
        demo_pdf(*lines, *(f"{n}. {text}" for n, text in enumerate(findings, 1))),
        "application/pdf",
    )
    inspection = create_inspection(
        filing=filing,
        by=u[spec["by"]],
        authority=builder.authorities[spec["office"]],
        joint_authority=builder.authorities[spec["joint"]],
        inspected_on=builder.today,
        place=spec["place"],
        team="\n".join(spec["team"]),
        findings="\n".join(findings),
        internal_notes=spec["internal_notes"],
        files=[record],
        today=builder.today,
    )
    builder.files += [f.file.name for f in inspection.files.all()]
    record_inspection(inspection=inspection, by=u[spec["by"]])
    order = spec["order"]
    order_rectification_from(
        inspection=inspection,
        by=u[order["by"]],
        items=order["items"],
        due_date=builder.today + dt.timedelta(days=order["due_date_in_days"]),
    )
    return inspection
