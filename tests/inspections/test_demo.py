"""The demo's on-site inspection: the Beijing CAC and PSB's joint inspection of Douyin's voice
chat rooms, recorded with findings and a file, and the rectification order made from it."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.services import verify_chain
from filings.models import RectificationOrder, State
from inspections.models import Inspection
from notices.models import Notice, RecipientStatus
from notices.selectors import board_rows

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_recorded_joint_inspection_with_a_rectification_order(
    settings: Any,
) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=StringIO())

    inspection = Inspection.objects.select_related("filing", "rectification_order").get()
    assert inspection.is_recorded and inspection.is_joint
    assert {(a.kind, a.region_code) for a in inspection.offices} == {
        ("cac", "110000"),
        ("public_security", "110000"),
    }
    assert len(inspection.finding_lines) == 3
    (record,) = inspection.files.all()
    assert record.file.read().startswith(b"%PDF-1.4")
    order = inspection.rectification_order
    assert order is not None and order.status == RectificationOrder.Status.OPEN
    assert order.filing_id == inspection.filing_id
    assert inspection.filing.state == State.RECTIFICATION_REQUIRED
    assert verify_chain().ok

    # The campaign board still reads ByteDance as concluded (an order is after the decision).
    beijing = Notice.objects.filter(minutes__isnull=False).distinct().get()
    rows = {
        r.recipient.operator.name_en: r.status
        for r in board_rows(beijing, today=timezone.localdate())
    }
    bytedance = next(status for name, status in rows.items() if "ByteDance" in name)
    assert bytedance == RecipientStatus.CONCLUDED

    users = get_user_model().objects
    client = Client()
    client.force_login(users.get(username="douyin_officer"))
    page = client.get(reverse("filings:detail", args=[inspection.filing_id])).text
    assert "On-site inspections" in page and "content-safety centre" in page
    assert "night-shift rota" not in page  # the internal notes stay with the offices
    client.force_login(users.get(username="beijing_supervisor"))
    listing = client.get(reverse("inspections:list"))
    assert [i.pk for i in listing.context["page"]] == [inspection.pk]
