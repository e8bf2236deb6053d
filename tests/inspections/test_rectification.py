"""From a recorded inspection to a rectification order, through the filing's own service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from filings.models import RectificationOrder, State
from inspections.models import Inspection
from inspections.services import (
    InspectionError,
    InspectionInputError,
    order_rectification_from,
    record_inspection,
)

from .conftest import open_inspection

pytestmark = pytest.mark.django_db

ITEMS = ["Moderate every room in real time.", "Staff the night shift."]


def _order(inspection, by, today, **extra):
    values = {"items": ITEMS, "due_date": today + dt.timedelta(days=30)}
    values.update(extra)
    return order_rectification_from(inspection=inspection, by=by, **values)


def test_a_supervisor_orders_rectification_from_a_recorded_inspection(
    recorded, beijing_supervisor, beijing_cac, today
):
    order = _order(recorded, beijing_supervisor, today)
    recorded.refresh_from_db()
    assert recorded.rectification_order == order
    assert order.authority == beijing_cac
    assert order.status == RectificationOrder.Status.OPEN
    assert [i.text for i in order.items.order_by("number")] == ITEMS
    assert recorded.filing.__class__.objects.get(pk=recorded.filing_id).state == (
        State.RECTIFICATION_REQUIRED
    )
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"filing.rectification_ordered", "inspection.rectification_ordered"} <= actions


def test_a_reviewer_does_not_order_rectification(recorded, beijing_reviewer, today):
    with pytest.raises(InspectionError, match="supervisor"):
        _order(recorded, beijing_reviewer, today)
    assert not RectificationOrder.objects.exists()


def test_the_other_office_does_not_order_from_a_one_office_inspection(
    recorded, beijing_psb_supervisor, today
):
    with pytest.raises(InspectionError, match="supervisor of an inspecting office"):
        _order(recorded, beijing_psb_supervisor, today)


def test_the_joint_office_orders_for_itself(
    joint_draft, beijing_reviewer, beijing_psb_supervisor, beijing_psb, today
):
    inspection = record_inspection(inspection=joint_draft, by=beijing_reviewer)
    order = _order(inspection, beijing_psb_supervisor, today)
    assert order.authority == beijing_psb


def test_a_draft_gives_no_order(draft, beijing_supervisor, today):
    with pytest.raises(InspectionError, match="Record the inspection"):
        _order(draft, beijing_supervisor, today)


def test_one_order_per_inspection(recorded, beijing_supervisor, today):
    _order(recorded, beijing_supervisor, today)
    with pytest.raises(InspectionError, match="already ordered"):
        _order(recorded, beijing_supervisor, today)
    assert RectificationOrder.objects.count() == 1


def test_a_filing_still_under_review_is_refused_with_its_state(
    under_review, beijing_reviewer, beijing_supervisor, beijing_cac, today
):
    inspection = open_inspection(under_review, beijing_reviewer, beijing_cac)
    record_inspection(inspection=inspection, by=beijing_reviewer)
    with pytest.raises(InspectionError, match="approved or concluded; this filing is"):
        _order(inspection, beijing_supervisor, today)
    inspection.refresh_from_db()
    assert inspection.rectification_order is None
    assert not RectificationOrder.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [({"items": ["", "  "]}, "items"), ({"due_date": dt.date(2020, 1, 1)}, "due_date")],
)
def test_bad_items_or_dates_are_refused(recorded, beijing_supervisor, today, extra, field):
    with pytest.raises(InspectionInputError) as refused:
        _order(recorded, beijing_supervisor, today, **extra)
    assert refused.value.field == field
    assert not RectificationOrder.objects.exists()


# --- The page -------------------------------------------------------------------------------
def test_the_order_form_is_prefilled_from_the_findings(client, recorded, beijing_supervisor):
    client.force_login(beijing_supervisor)
    page = client.get(reverse("inspections:order", args=[recorded.pk]))
    assert page.status_code == 200
    assert page.context["form"].initial["items"] == "\n".join(recorded.finding_lines)


def test_the_order_form_orders_and_the_inspection_shows_the_order(
    client, recorded, beijing_supervisor, douyin_officer, today
):
    client.force_login(beijing_supervisor)
    url = reverse("inspections:order", args=[recorded.pk])
    due = (today + dt.timedelta(days=20)).isoformat()
    response = client.post(url, {"items": "\n".join(ITEMS), "due_date": due})
    assert response.status_code == 302
    page = client.get(reverse("inspections:detail", args=[recorded.pk])).text
    assert "Rectification ordered from this inspection" in page and ITEMS[0] in page
    client.force_login(douyin_officer)
    filing_page = client.get(reverse("filings:detail", args=[recorded.filing_id])).text
    assert "Rectification order" in filing_page and ITEMS[1] in filing_page


def test_the_order_page_says_why_not_on_a_filing_under_review(
    client, under_review, beijing_reviewer, beijing_supervisor, beijing_cac, today
):
    inspection = open_inspection(under_review, beijing_reviewer, beijing_cac)
    record_inspection(inspection=inspection, by=beijing_reviewer)
    client.force_login(beijing_supervisor)
    url = reverse("inspections:order", args=[inspection.pk])
    page = client.get(url)
    assert page.status_code == 409
    assert "approved or concluded" in page.text
    due = (today + dt.timedelta(days=20)).isoformat()
    response = client.post(url, {"items": "Fix it", "due_date": due})
    assert response.status_code == 409
    assert "approved or concluded" in response.text
    assert not RectificationOrder.objects.exists()


def test_bad_order_input_gives_400_and_keeps_what_was_typed(client, recorded, beijing_supervisor):
    client.force_login(beijing_supervisor)
    url = reverse("inspections:order", args=[recorded.pk])
    response = client.post(url, {"items": "Keep this line", "due_date": "2020-01-01"})
    assert response.status_code == 400
    assert "after today" in response.text and "Keep this line" in response.text
    response = client.post(url, {"items": "", "due_date": "not a date"})
    assert response.status_code == 400
    assert not RectificationOrder.objects.exists()
    assert Inspection.objects.get(pk=recorded.pk).rectification_order is None
