"""An on-site inspection (DESIGN.md section 10), on top of the campaign: after the March 2021
summons, ByteDance filed the security assessment of Douyin's voice chat rooms and both
Beijing offices accepted it; the Beijing CAC then inspected the service on site jointly with
the Beijing PSB, recorded its findings with the inspection record attached, and its
supervisor ordered rectification from them.

Everything goes through the inspections services (and so through the filing's own
`order_rectification`), dated today: the filing was submitted today, and an inspection is
never dated before the filing's submission or in the future.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile

from filings.models import Filing
from inspections.models import Inspection
from inspections.services import (
    create_inspection,
    order_rectification_from,
    record_inspection,
)

from .data import SECURITY
from .pdf import demo_pdf

if TYPE_CHECKING:
    from .builder import _Builder

# The filing the campaign's ByteDance story filed and had accepted (demo/campaign.py).
INSPECTED_TITLE = "Douyin voice chat rooms"

FINDINGS = [
    "Voice chat rooms with fewer than 50 listeners are not monitored in real time: 3 of the "
    "20 rooms sampled ran for more than 40 minutes without any review (E4).",
    "Between 01:00 and 07:00 two moderators are on duty for about 40,000 open rooms (B2).",
    "A room's speaker list is kept for 60 days, not the six months required (D3).",
]


def build_inspection(builder: _Builder) -> Inspection:
    u = builder.users
    filing = Filing.objects.get(planned_feature__title=INSPECTED_TITLE, regime__code=SECURITY)
    record = SimpleUploadedFile(
        "inspection-record-douyin-voice-rooms.pdf",
        demo_pdf(
            "On-site inspection record",
            f"Filing {filing.reference}: Douyin voice chat rooms",
            "Beijing CAC with the Beijing PSB, at ByteDance's content-safety centre.",
            *(f"{n}. {text}" for n, text in enumerate(FINDINGS, 1)),
        ),
        "application/pdf",
    )
    inspection = create_inspection(
        filing=filing,
        by=u["beijing_reviewer"],
        authority=builder.authorities["beijing_cac"],
        joint_authority=builder.authorities["beijing_psb"],
        inspected_on=builder.today,
        place="ByteDance content-safety centre, Haidian District, Beijing",
        team="Liu Fang, reviewer, Beijing CAC (lead)\n"
        "Gao Yong, reviewer, Beijing PSB\n"
        "Zhang Guoqiang, supervisor, Beijing CAC",
        findings="\n".join(FINDINGS),
        internal_notes="The duty manager could not show last month's night-shift rota; ask "
        "for it with the response to the order.",
        files=[record],
        today=builder.today,
    )
    builder.files += [f.file.name for f in inspection.files.all()]
    record_inspection(inspection=inspection, by=u["beijing_reviewer"])
    order_rectification_from(
        inspection=inspection,
        by=u["beijing_supervisor"],
        items=[
            "Monitor every voice chat room in real time, whatever its size (E4).",
            "Staff the night shift in proportion to the rooms open (B2).",
            "Keep speaker lists for at least six months (D3).",
        ],
        due_date=builder.today + dt.timedelta(days=30),
    )
    return inspection
