"""A deadline met after its due date says by how much, in working days (#15 item 6), on the
officer's filing page and the reviewer's workspace."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.services import sign_assessment
from filings import services
from filings.models import Deadline, DeadlineKind, Filing
from tests.builders import complete_assessment, plan_feature
from workcalendar.calendar import working_days_between

pytestmark = pytest.mark.django_db


def _filed(cast: dict[str, Any], *, due: dt.date) -> Filing:
    """Douyin's security assessment, due on `due`, filed today."""
    filing = next(
        f
        for f in plan_feature(cast["platform"], cast["officer"])
        if f.regime.code == "cn-security-assessment"
    )
    filing.deadlines.filter(kind=DeadlineKind.FILING).update(due_date=due)
    complete_assessment(filing.assessment, cast["officer"])
    sign_assessment(assessment=filing.assessment, by=cast["signatory"])
    services.submit_filing(filing=filing, by=cast["officer"])
    return filing


def _filing_deadline(filing: Filing) -> Deadline:
    return filing.deadlines.get(kind=DeadlineKind.FILING)


def test_a_filing_made_after_its_due_date_is_met_n_working_days_late(client, cast):
    due = timezone.localdate() - dt.timedelta(days=20)
    filing = _filed(cast, due=due)
    late = working_days_between(due, timezone.localdate())
    assert late > 1
    deadline = _filing_deadline(filing)
    assert deadline.status == Deadline.Status.MET
    assert deadline.working_days_late == late
    said = f"Met, {late} working days late"
    client.force_login(cast["officer"])
    assert said in client.get(reverse("filings:detail", args=[filing.pk])).text
    client.force_login(cast["reviewer"])
    assert said in client.get(reverse("review:workspace", args=[filing.pk])).text


def test_a_filing_made_on_time_is_just_met(client, cast):
    filing = _filed(cast, due=timezone.localdate())
    assert _filing_deadline(filing).working_days_late == 0
    client.force_login(cast["officer"])
    page = client.get(reverse("filings:detail", args=[filing.pk])).text
    assert "working days late" not in page
    assert "working day late" not in page


def test_met_on_a_rest_day_after_the_due_date_is_one_working_day_late(cast):
    filing = _filed(cast, due=timezone.localdate())
    deadline = _filing_deadline(filing)
    # 2026-10-01 to 10-07 is the National Day holiday: due on the 1st, met on the 3rd.
    deadline.due_date = dt.date(2026, 10, 1)
    deadline.met_at = dt.datetime(2026, 10, 3, 10, tzinfo=dt.UTC)
    assert deadline.working_days_late == 1


def test_the_lateness_reads_in_chinese(client, cast):
    due = timezone.localdate() - dt.timedelta(days=20)
    filing = _filed(cast, due=due)
    late = working_days_between(due, timezone.localdate())
    client.force_login(cast["officer"])
    page = client.get(
        reverse("filings:detail", args=[filing.pk]), headers={"accept-language": "zh-hans"}
    ).text
    assert f"已完成\uff0c逾期 {late} 个工作日" in page  # fullwidth comma
