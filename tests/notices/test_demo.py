"""The demo's March 2021 campaign: every board status, the overdue operator escalated, the
summons minutes attached."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from notices.models import Notice, NoticeReminder, RecipientStatus
from notices.selectors import board_rows

pytestmark = pytest.mark.django_db


def test_the_campaign_covers_every_status_and_escalates_the_overdue_operator(
    settings: Any,
) -> None:
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "jingdata_officer" in out.getvalue()
    today = timezone.localdate()
    statuses: dict[str, set[str]] = {}
    for notice in Notice.objects.all():
        for row in board_rows(notice, today=today):
            statuses.setdefault(row.status, set()).add(row.recipient.operator.name_en)
    assert set(statuses) == set(RecipientStatus.values)
    assert len({name for names in statuses.values() for name in names}) == 11
    assert statuses[RecipientStatus.OVERDUE] == {"Beijing Kuaishou Technology Co., Ltd."}
    beijing = Notice.objects.filter(minutes__isnull=False).distinct().get()
    assert beijing.offices.count() == 2 and beijing.is_summons
    escalated = beijing.recipients.get(escalated_at__isnull=False)
    assert escalated.operator.name_en.startswith("Beijing Kuaishou")
    supervisors = set(
        NoticeReminder.objects.filter(step="escalation").values_list("user__username", flat=True)
    )
    assert supervisors == {"beijing_supervisor", "beijing_psb_supervisor"}
