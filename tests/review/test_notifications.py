"""The notifications inbox: for every logged-in user, unread count in the navigation bar."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from filings import services
from filings.activity import EVENTS, describe
from filings.models import Notification
from filings.services.outbox import RECIPIENTS


def note(user: Any, text: str = "Filing claimed", **kw: Any) -> Notification:
    return Notification.objects.create(recipient=user, verb="claimed", message=text, **kw)


@pytest.mark.parametrize("who", ["beijing_reviewer", "douyin_officer", "admin"])
def test_unread_count_is_in_the_nav_on_every_page(who, request, as_user):
    user = request.getfixturevalue(who)
    note(user)
    note(user)
    client = as_user(user)
    for url in ("/dashboard/", "/review/notifications/"):
        response = client.get(url)
        assert response.status_code == 200
        assert 'id="nav-unread">2<' in response.text


def test_no_badge_when_all_read(beijing_reviewer, as_user):
    response = as_user(beijing_reviewer).get("/dashboard/")
    assert 'id="nav-notifications"' in response.text
    assert 'id="nav-unread"' not in response.text


def test_inbox_lists_own_notifications_with_links(
    make_filing, douyin_officer, wechat_officer, as_user
):
    filing = make_filing("submitted")
    note(douyin_officer, "Your filing was received", filing=filing)
    note(wechat_officer, "Not yours")
    response = as_user(douyin_officer).get("/review/notifications/")
    assert "Your filing was received" in response.text
    assert "Not yours" not in response.text
    opened = Notification.objects.get(recipient=douyin_officer, filing=filing)
    assert f'href="/review/notifications/{opened.pk}/"' in response.text


def test_mark_one_and_all_as_read(douyin_officer, wechat_officer, as_user):
    first, second = note(douyin_officer), note(douyin_officer)
    foreign = note(wechat_officer)
    client = as_user(douyin_officer)
    assert client.post(f"/review/notifications/{first.pk}/read/").status_code == 302
    assert client.post(f"/review/notifications/{foreign.pk}/read/").status_code == 404
    assert client.get(f"/review/notifications/{first.pk}/read/").status_code == 405
    assert list(Notification.objects.unread().values_list("pk", flat=True).order_by("pk")) == [
        second.pk,
        foreign.pk,
    ]
    assert client.post("/review/notifications/read-all/").status_code == 302
    assert list(Notification.objects.unread().values_list("pk", flat=True)) == [foreign.pk]


def test_mark_read_never_redirects_off_site(douyin_officer, as_user):
    n = note(douyin_officer)
    response = as_user(douyin_officer).post(
        f"/review/notifications/{n.pk}/read/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/review/notifications/"


def test_inbox_bad_page_number_is_not_a_500(douyin_officer, as_user):
    assert as_user(douyin_officer).get("/review/notifications/?page=abc").status_code == 200


# --- What happened, who did it, what to do next -------------------------------------------------
def test_every_event_that_notifies_someone_has_a_sentence():
    assert set(RECIPIENTS) <= set(EVENTS)


def test_a_returned_filing_tells_the_officer_who_did_what_and_what_to_do_next(
    django_capture_on_commit_callbacks, make_filing, beijing_reviewer, douyin_officer, as_user
):
    filing = make_filing("under_review")
    with django_capture_on_commit_callbacks(execute=True):
        services.return_filing(
            filing=filing, by=beijing_reviewer, reasons=[(None, "State the room size limit.")]
        )

    page = as_user(douyin_officer).get("/review/notifications/").text

    assert "beijing_reviewer returned the filing for correction." in page
    assert "State the room size limit." in page
    assert "correct the answers they name" in page


def test_opening_a_notification_marks_it_read_and_goes_to_the_filing(
    make_filing, douyin_officer, wechat_officer, as_user
):
    filing = make_filing("submitted")
    mine = note(douyin_officer, "Received", filing=filing)
    theirs = note(wechat_officer, "Not yours", filing=filing)
    client = as_user(douyin_officer)

    response = client.get(f"/review/notifications/{mine.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"/filings/{filing.pk}/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get(f"/review/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("page", ["9" * 23, "1" * 60, "-1", "%C2%B2"])
def test_inbox_page_number_past_a_bigint_goes_to_the_last_page(page, douyin_officer, as_user):
    note(douyin_officer, "Only notification")
    response = as_user(douyin_officer).get(f"/review/notifications/?page={page}")
    assert response.status_code == 200
    assert "Only notification" in response.text


def test_the_inbox_says_it_in_the_readers_language(
    django_capture_on_commit_callbacks, make_filing, beijing_reviewer, douyin_officer, as_user
):
    filing = make_filing("under_review")
    with django_capture_on_commit_callbacks(execute=True):
        services.return_filing(filing=filing, by=beijing_reviewer, reasons=[(None, "Room size.")])
    client = as_user(douyin_officer)
    client.cookies["django_language"] = "zh-hans"

    page = client.get("/review/notifications/").text

    with translation.override("zh-hans"):
        sentence, after = describe("returned", beijing_reviewer)
    assert sentence in page and after in page
    assert "returned the filing for correction" not in page
