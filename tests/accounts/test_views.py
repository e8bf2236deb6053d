import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from filings.models import State
from tests.builders import filing_in_state


def test_healthz_answers_without_a_database_query(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0


def test_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_lists_demo_logins_only_in_demo_mode(client, db, settings):
    settings.DEMO_MODE = True
    assert "demo-pass-2026" in client.get("/accounts/login/").text
    settings.DEMO_MODE = False
    assert "demo-pass-2026" not in client.get("/accounts/login/").text


def test_officer_logs_in_and_lands_on_the_dashboard(client, douyin_officer):
    response = client.post(
        "/accounts/login/", {"username": "douyin_officer", "password": "demo-pass-2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")


def test_wrong_password_is_refused_with_a_message(client, douyin_officer):
    response = client.post("/accounts/login/", {"username": "douyin_officer", "password": "wrong"})
    assert response.status_code == 200
    assert "correct username and password" in response.text


def test_officer_dashboard_lists_own_filings_only(
    client, cast, wechat, wechat_officer, tencent_signatory
):
    douyin_filing = filing_in_state(State.DRAFT, **cast)
    wechat_filing = filing_in_state(
        State.DRAFT,
        platform=wechat,
        officer=wechat_officer,
        signatory=tencent_signatory,
        reviewer=None,
        supervisor=None,
        title="Live voice co-hosting",
    )
    client.force_login(cast["officer"])
    page = client.get("/dashboard/").text
    assert douyin_filing.reference in page
    assert wechat_filing.reference not in page


def test_reviewer_dashboard_shows_submitted_filings_but_not_drafts(client, cast):
    submitted = filing_in_state(State.SUBMITTED, **cast)
    draft = filing_in_state(State.DRAFT, **{**cast}, title="Another feature")
    client.force_login(cast["reviewer"])
    page = client.get("/dashboard/").text
    assert submitted.reference in page
    assert draft.reference not in page


def test_dashboard_query_count_does_not_grow_with_filings(
    client, cast, django_assert_max_num_queries
):
    filing_in_state(State.SUBMITTED, **cast)
    client.force_login(cast["reviewer"])
    with CaptureQueriesContext(connection) as one:
        client.get("/dashboard/")
    for n in range(3):
        filing_in_state(State.SUBMITTED, **cast, title=f"Feature {n}")
    with CaptureQueriesContext(connection) as four:
        client.get("/dashboard/")
    assert len(four) == len(one)


def test_filing_page_shows_the_filing_to_its_officer(client, cast):
    filing = filing_in_state(State.SUBMITTED, **cast)
    client.force_login(cast["officer"])
    response = client.get(reverse("filings:detail", args=[filing.pk]))
    assert response.status_code == 200
    assert filing.reference in response.text


@pytest.mark.parametrize("outsider", ["wechat_officer", "shanghai_reviewer"])
def test_filing_page_is_not_found_for_outsiders(client, cast, outsider, request):
    filing = filing_in_state(State.SUBMITTED, **cast)
    client.force_login(request.getfixturevalue(outsider))
    assert client.get(reverse("filings:detail", args=[filing.pk])).status_code == 404


def test_reviewer_cannot_open_a_draft(client, cast):
    draft = filing_in_state(State.DRAFT, **cast)
    client.force_login(cast["reviewer"])
    assert client.get(reverse("filings:detail", args=[draft.pk])).status_code == 404


def test_filing_page_offers_the_reviewer_to_claim(client, cast):
    filing = filing_in_state(State.SUBMITTED, **cast)
    client.force_login(cast["reviewer"])
    response = client.get(reverse("filings:detail", args=[filing.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("review:workspace", args=[filing.pk])
    assert "Claim" in response.text


def test_dashboard_counts_filings_by_state_with_readable_names(client, cast):
    filing_in_state(State.PENDING_APPROVAL, **cast)
    client.force_login(cast["reviewer"])
    page = client.get("/dashboard/").text
    assert "Pending approval" in page
    assert "pending_approval<" not in page
