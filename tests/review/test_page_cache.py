"""The dashboards, the queue and the workspace are served from a per-user cache of their HTML
(filings.pagecache) while nothing has changed, and never stale, never to another user, and
never past a permission that has been taken away."""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from config import dbbackends
from config.dbbackends import PAGES
from filings import pagecache, services
from filings.models import ChangeCounter, Filing, Notification, State
from platforms.models import Membership
from tests.builders import filing_in_state

S = State


def status(response) -> str:
    return response.headers.get(pagecache.HIT_HEADER, "")


def pages(filing) -> list[str]:
    return ["/dashboard/", reverse("review:queue"), reverse("review:workspace", args=[filing.pk])]


def test_a_second_load_is_served_from_the_cache(make_filing, beijing_reviewer, as_user):
    filing = make_filing(S.SUBMITTED)
    client = as_user(beijing_reviewer)
    for url in pages(filing):
        first, second = client.get(url), client.get(url)
        assert (status(first), status(second)) == ("miss", "hit"), url
        assert second.status_code == 200
        assert filing.reference in second.text
        assert "no-store" in second["Cache-Control"]


def test_the_officers_dashboard_is_cached_too(make_filing, douyin_officer, as_user):
    filing = make_filing(S.SUBMITTED)
    client = as_user(douyin_officer)
    assert status(client.get("/dashboard/")) == "miss"
    hit = client.get("/dashboard/")
    assert status(hit) == "hit"
    assert filing.planned_feature.title in hit.text


def test_a_change_by_someone_else_shows_at_once(
    make_filing, beijing_reviewer, second_beijing_reviewer, as_user
):
    filing = make_filing(S.SUBMITTED)
    client = as_user(beijing_reviewer)
    for url in pages(filing):
        client.get(url)
    services.claim_filing(filing=filing, by=second_beijing_reviewer)
    name = second_beijing_reviewer.get_full_name() or second_beijing_reviewer.username
    for url in pages(filing)[1:]:
        response = client.get(url)
        assert status(response) == "miss", url
        assert name in response.text, url


def test_a_set_based_update_or_raw_sql_also_counts(make_filing, beijing_reviewer, as_user):
    filing = make_filing(S.SUBMITTED)
    client = as_user(beijing_reviewer)
    url = reverse("review:queue")
    client.get(url)
    Filing.objects.filter(pk=filing.pk).update(updated_at=filing.updated_at)
    assert status(client.get(url)) == "miss"
    with connection.cursor() as cursor:
        cursor.execute("UPDATE filings_filing SET updated_at = updated_at")
    assert status(client.get(url)) == "miss"
    assert status(client.get(url)) == "hit"


def test_a_new_notification_changes_the_unread_count(make_filing, beijing_reviewer, as_user):
    make_filing(S.SUBMITTED)
    client = as_user(beijing_reviewer)
    client.get("/dashboard/")
    Notification.objects.bulk_create(
        [Notification(recipient=beijing_reviewer, verb="reminder", message="Due tomorrow")]
    )
    assert status(client.get("/dashboard/")) == "miss"


def test_session_and_login_failure_writes_leave_the_cache_alone(
    make_filing, beijing_reviewer, as_user
):
    make_filing(S.SUBMITTED)
    client = as_user(beijing_reviewer)
    client.get("/dashboard/")
    before = ChangeCounter.current(PAGES)
    session = client.session
    session["something"] = 1
    session.save()
    assert ChangeCounter.current(PAGES) == before
    assert status(client.get("/dashboard/")) == "hit"


def test_one_users_page_is_never_served_to_another(
    make_filing, beijing_reviewer, second_beijing_reviewer, shanghai_reviewer, as_user
):
    filing = make_filing(S.SUBMITTED)
    services.claim_filing(filing=filing, by=beijing_reviewer)
    url = reverse("review:workspace", args=[filing.pk])
    mine = as_user(beijing_reviewer)
    mine.get(url)
    assert status(mine.get(url)) == "hit"
    assert status(as_user(second_beijing_reviewer).get(url)) == "miss"
    # a regulator of another authority, and an officer, still get the view's 404
    assert as_user(shanghai_reviewer).get(url).status_code == 404


def test_a_withdrawn_membership_is_a_404_at_once(make_filing, beijing_reviewer, as_user):
    filing = make_filing(S.SUBMITTED)
    client = as_user(beijing_reviewer)
    urls = pages(filing)[1:]
    for url in urls:
        client.get(url)
        assert status(client.get(url)) == "hit"
    Membership.objects.filter(user=beijing_reviewer).delete()
    client = as_user(beijing_reviewer)  # a fresh client: the user's roles are read anew
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_pages_are_cached_per_language(make_filing, beijing_reviewer, as_user):
    make_filing(S.SUBMITTED)
    client = as_user(beijing_reviewer)
    english = client.get("/dashboard/")
    chinese = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert status(chinese) == "miss"
    assert english.text != chinese.text
    assert status(client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans")) == "hit"


def test_a_page_with_messages_waiting_shows_them_and_is_not_cached(
    make_filing, beijing_reviewer, as_user
):
    make_filing(S.SUBMITTED)
    client = as_user(beijing_reviewer)
    client.get("/dashboard/")
    assert status(client.get("/dashboard/")) == "hit"
    # a failed bulk assignment leaves an error message for the next page
    client.post(reverse("review:bulk_assign"), {"filings": ["x"]})
    response = client.get("/dashboard/")
    assert status(response) == ""
    assert 'class="alert' in response.text
    again = client.get("/dashboard/")
    assert status(again) == "hit"
    assert 'class="alert' not in again.text


def test_the_csrf_token_of_a_cached_page_is_the_requests_own(
    make_filing, beijing_supervisor, beijing_reviewer
):
    filing = make_filing(S.SUBMITTED)
    url = reverse("review:queue")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(beijing_supervisor)
    second.force_login(beijing_supervisor)  # another session: another CSRF secret
    assert status(first.get(url)) == "miss"
    response = second.get(url)  # the page the first session had rendered
    assert status(response) == "hit"
    assert pagecache.CSRF_PLACEHOLDER.decode() not in response.text
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', response.text).group(1)
    posted = second.post(
        reverse("review:bulk_assign"),
        {"csrfmiddlewaretoken": token, "filings": [filing.pk], "reviewer": beijing_reviewer.pk},
    )
    assert posted.status_code == 302
    assert Filing.objects.get(pk=filing.pk).assignee == beijing_reviewer


def test_hollow_and_fill_swap_the_token_and_the_nonce(rf: RequestFactory):
    from django.middleware.csrf import get_token

    request = rf.get("/")
    token = get_token(request)
    request._csp_nonce = "n0nce"
    page = f'<input value="{token}"><script nonce="n0nce"></script>{"a" * 64}'.encode()
    stored = pagecache.hollow(page, request)
    assert token.encode() not in stored and b"n0nce" not in stored
    assert b"a" * 64 in stored  # a 64-character text that is no token stays
    other = rf.get("/")
    other.csp_nonce = "other"
    filled = pagecache.fill(stored, other).decode()
    assert 'nonce="other"' in filled
    assert re.search(r'value="(\w{64})"', filled).group(1) != token


def _touch(filing) -> None:
    Filing.objects.filter(pk=filing.pk).update(updated_at=filing.updated_at)


@pytest.mark.usefixtures("transactional_db")
def test_a_transaction_bumps_once_as_it_commits_and_not_at_all_if_rolled_back(cast):
    filing = filing_in_state(S.SUBMITTED, **cast)
    before = ChangeCounter.current(PAGES)
    with transaction.atomic():
        _touch(filing)
        _touch(filing)
        assert ChangeCounter.current(PAGES) == before  # nothing until the commit
    assert ChangeCounter.current(PAGES) == before + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        _touch(filing)
        raise RuntimeError
    assert ChangeCounter.current(PAGES) == before + 1
    _touch(filing)  # outside a transaction: at once
    assert ChangeCounter.current(PAGES) == before + 2


def test_a_read_in_the_writing_transaction_sees_its_own_writes_counted(
    make_filing, beijing_reviewer, rf
):
    filing = make_filing(S.SUBMITTED)
    request = rf.get("/")
    before = pagecache.version(request)
    _touch(filing)  # in the test's transaction, not committed
    assert pagecache.version(rf.get("/")) == before + 1


@pytest.mark.usefixtures("postgres", "transactional_db")
def test_an_open_writing_transaction_does_not_hold_up_other_writers(cast):
    """The counter row is locked only between the bump and the commit: a transaction that
    wrote and is still open does not queue every other writer behind it."""
    import threading

    from django.db import connections

    filing = filing_in_state(S.SUBMITTED, **cast)
    wrote, release, errors = threading.Event(), threading.Event(), []

    def long_transaction() -> None:
        try:
            with transaction.atomic():
                _touch(filing)
                wrote.set()
                release.wait(10)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=long_transaction)
    thread.start()
    try:
        assert wrote.wait(10)
        before = ChangeCounter.current(PAGES)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            Notification.objects.create(recipient=cast["reviewer"], verb="x", message="x")
        assert ChangeCounter.current(PAGES) == before + 1  # committed, without waiting
    finally:
        release.set()
        thread.join(10)
    assert not errors
    assert ChangeCounter.current(PAGES) == before + 2


def test_writes_are_recognised_by_their_sql():
    assert dbbackends.watched('INSERT INTO "filings_filing" ("x") VALUES (1)')
    assert dbbackends.watched(' UPDATE "platforms_operator" SET "name" = 1')
    assert dbbackends.watched('DELETE FROM "auth_user" WHERE 1')
    assert not dbbackends.watched('UPDATE "django_session" SET "x" = 1')
    assert not dbbackends.watched('INSERT INTO "axes_accessattempt" VALUES (1)')
    assert not dbbackends.watched('SELECT * FROM "filings_filing"')


def test_the_cache_can_be_switched_off(make_filing, beijing_reviewer, as_user, settings):
    settings.PAGE_CACHE = False
    make_filing(S.SUBMITTED)
    client = as_user(beijing_reviewer)
    client.get("/dashboard/")
    assert status(client.get("/dashboard/")) == ""


def test_a_bump_refused_as_locked_is_tried_again(db, monkeypatch):
    """SQLite's shared in-memory database (a worker thread in the tests) refuses a write at
    once with "table is locked" instead of waiting: the counter's bump tries again."""
    from django.db import OperationalError

    real_cursor = connection.cursor
    refusals = iter([True, True])

    class Refusing:
        def __init__(self) -> None:
            self.inner = real_cursor()

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.inner.close()

        def execute(self, sql, params=None):
            if next(refusals, False):
                raise OperationalError("database table is locked")
            return self.inner.execute(sql, params)

    before = ChangeCounter.current(PAGES)
    monkeypatch.setattr(connection, "cursor", Refusing)
    connection._bump_pages()
    monkeypatch.undo()
    assert ChangeCounter.current(PAGES) == before + 1
