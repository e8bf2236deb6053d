"""The notifications inbox: for every logged-in user, unread count in the navigation bar."""

from __future__ import annotations

from typing import Any

import pytest

from filings.models import Notification


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
    assert f'href="/filings/{filing.pk}/"' in response.text


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


@pytest.mark.parametrize("page", ["9" * 23, "1" * 60, "-1", "%C2%B2"])
def test_inbox_page_number_past_a_bigint_goes_to_the_last_page(page, douyin_officer, as_user):
    note(douyin_officer, "Only notification")
    response = as_user(douyin_officer).get(f"/review/notifications/?page={page}")
    assert response.status_code == 200
    assert "Only notification" in response.text
