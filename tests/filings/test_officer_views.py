"""The officer's transition pages (confirmation on GET, action on POST), the regulator's
requests, and the officer's home."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from filings import services
from filings.models import Comment, Filing, RectificationOrder, State
from tests.builders import filing_in_state


@pytest.fixture
def cast(cast: dict[str, Any], one_office_regime: Any) -> dict[str, Any]:
    """One office reviews (tests/conftest.py): the filing's state is its review's, and it
    ends in a number (joint reviews: tests/review/test_joint_review.py)."""
    return {**cast, "regime": one_office_regime.code}


def test_withdraw_asks_first_then_withdraws(client, cast):
    filing = filing_in_state(State.SUBMITTED, **cast)
    client.force_login(cast["officer"])
    url = reverse("filings:withdraw", args=[filing.pk])
    assert "Withdraw this filing?" in client.get(url).text
    assert Filing.objects.get(pk=filing.pk).state == State.SUBMITTED
    response = client.post(url, {"reason": "Feature dropped."})
    assert response.status_code == 302
    assert Filing.objects.get(pk=filing.pk).state == State.WITHDRAWN


def test_withdrawing_after_review_began_is_a_409_with_the_reason(client, cast):
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    client.force_login(cast["officer"])
    response = client.post(reverse("filings:withdraw", args=[filing.pk]), {"reason": "x"})
    assert response.status_code == 409
    assert "no longer possible" in response.text
    assert "x</textarea>" in response.text  # what was typed is kept


def test_submitting_an_unsigned_filing_is_refused_without_a_500(client, cast):
    filing = filing_in_state(State.DRAFT, **cast)
    client.force_login(cast["officer"])
    page = client.get(reverse("filings:submit", args=[filing.pk])).text
    assert "not signed yet" in page
    response = client.post(reverse("filings:submit", args=[filing.pk]))
    assert response.status_code == 409
    assert "signed by the operator" in response.text
    assert Filing.objects.get(pk=filing.pk).state == State.DRAFT


def test_officer_files_a_change_under_the_same_number(client, cast):
    filing = filing_in_state(State.APPROVED, **cast)
    client.force_login(cast["officer"])
    url = reverse("filings:change", args=[filing.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"description": ""}).status_code == 400
    response = client.post(url, {"description": "Adds voice cloning."})
    assert response.status_code == 302
    changed = Filing.objects.get(pk=filing.pk)
    assert changed.state == State.CHANGE_PENDING
    assert changed.filing_number == filing.filing_number
    assert changed.revisions.count() == 2
    assert filing.filing_number in client.get(response["Location"]).text


def test_officer_files_a_cancellation(client, cast):
    filing = filing_in_state(State.APPROVED, **cast)
    client.force_login(cast["officer"])
    url = reverse("filings:cancel", args=[filing.pk])
    assert client.post(url, {"reason": "", "ended_on": "soon"}).status_code == 400
    response = client.post(url, {"reason": "Service ends.", "ended_on": "2026-12-31"})
    assert response.status_code == 302
    assert Filing.objects.get(pk=filing.pk).state == State.CANCELLATION_PENDING


def test_officer_answers_an_information_request(client, cast):
    filing = filing_in_state(State.UNDER_REVIEW, **cast)
    request = services.comment_on_filing(
        filing=filing, by=cast["reviewer"], body="Which model is used?", information_request=True
    )
    client.force_login(cast["officer"])
    home = client.get("/dashboard/").text
    assert "Answer the information request" in home
    url = reverse("filings:answer", args=[filing.pk, request.pk])
    assert "Which model is used?" in client.get(url).text
    assert client.post(url, {"body": "  "}).status_code == 400
    assert client.post(url, {"body": "Our own model, v2."}).status_code == 302
    assert Comment.objects.get(parent=request).body == "Our own model, v2."
    assert "Our own model, v2." in client.get(reverse("filings:detail", args=[filing.pk])).text


def test_officer_responds_to_a_rectification_order_item_by_item(client, cast):
    filing = filing_in_state(State.RECTIFICATION_REQUIRED, **cast)
    order = filing.rectification_orders.get()
    item = order.items.get()
    client.force_login(cast["officer"])
    assert "Respond to the rectification order" in client.get("/dashboard/").text
    url = reverse("filings:rectification", args=[filing.pk])
    page = client.get(url).text
    assert "Label every output." in page
    response = client.post(url, {"response": "Labels added.", f"item_{item.pk}": "Done in v3."})
    assert response.status_code == 302
    order.refresh_from_db()
    item.refresh_from_db()
    assert order.status == RectificationOrder.Status.RESPONDED
    assert item.response == "Done in v3."
    assert client.get(url).status_code == 404  # no open order any more


def test_home_lists_platforms_features_and_filings_with_working_days_left(client, cast):
    filing = filing_in_state(State.DRAFT, **cast)
    client.force_login(cast["officer"])
    page = client.get("/dashboard/").text
    assert "Waiting on you" in page
    assert "Complete and submit" in page
    assert filing.reference in page
    assert "Register a planned feature" in page
    assert "Face-swap effect" in page
    assert "Working days left" in page


def test_regulator_home_is_unchanged_by_the_officer_sections(client, cast):
    filing_in_state(State.SUBMITTED, **cast)
    client.force_login(cast["reviewer"])
    page = client.get("/dashboard/").text
    assert "Waiting on you" not in page


def test_confirmation_forms_carry_the_csrf_token(cast):
    from django.test import Client

    filing = filing_in_state(State.SUBMITTED, **cast)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["officer"])
    page = client.get(reverse("filings:withdraw", args=[filing.pk])).text
    assert 'name="csrfmiddlewaretoken"' in page
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(
        reverse("filings:withdraw", args=[filing.pk]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_launch_is_refused_until_the_pre_launch_filings_are_submitted(client, cast):
    filing = filing_in_state(State.DRAFT, **cast)
    feature = filing.planned_feature
    client.force_login(cast["officer"])
    url = reverse("filings:launch", args=[feature.pk])
    assert client.get(url).status_code == 200
    today = timezone.localdate().isoformat()
    response = client.post(url, {"launched_on": today})
    assert response.status_code == 409
    assert "blocked until these filings are submitted" in response.text
    assert filing.reference in response.text
    feature.refresh_from_db()
    assert feature.launched_on is None
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert client.post(url, {"launched_on": tomorrow}).status_code == 400


def test_officer_home_query_count_does_not_grow_with_filings(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    filing_in_state(State.UNDER_REVIEW, **cast)
    client.force_login(cast["officer"])
    with CaptureQueriesContext(connection) as one:
        client.get("/dashboard/")
    for n in range(3):
        filing_in_state(State.RETURNED, **cast, title=f"Feature {n}")
    with CaptureQueriesContext(connection) as more:
        client.get("/dashboard/")
    assert len(more) == len(one)
