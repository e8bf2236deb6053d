from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from audit.models import AuditEvent
from dossiers.models import Dossier
from platforms.models import Membership

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ask(django_capture_on_commit_callbacks: Any) -> Any:
    """POST the button as `user`; the eager task runs after the request's commit."""

    def ask(user: Any, filing: Any, **data: str) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client_for(user).post(f"/dossiers/filing/{filing.pk}/", data)

    return ask


def test_the_officers_filing_page_and_the_workspace_offer_the_dossier(
    filing, douyin_officer, beijing_reviewer
):
    for user, url in (
        (douyin_officer, f"/filings/{filing.pk}/"),
        (beijing_reviewer, f"/review/filings/{filing.pk}/"),
    ):
        page = client_for(user).get(url)
        assert page.status_code == 200, url
        assert f'action="/dossiers/filing/{filing.pk}/"' in page.text, url
        assert "csrfmiddlewaretoken" in page.text.split('id="dossier-form"')[1][:400], url


def test_the_officer_asks_watches_and_downloads_the_dossier_in_their_language(
    filing, douyin_officer, ask
):
    response = ask(douyin_officer, filing, language="zh-hans")

    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dossiers/{dossier.pk}/"
    assert dossier.language == "zh-hans" and dossier.status == Dossier.Status.DONE
    client = client_for(douyin_officer)
    page = client.get(f"/dossiers/{dossier.pk}/").text
    assert f'href="/dossiers/{dossier.pk}/download/"' in page and dossier.sha256 in page

    download = client.get(f"/dossiers/{dossier.pk}/download/")
    body = b"".join(download.streaming_content)
    assert download.status_code == 200 and body.startswith(b"%PDF-")
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert filing.reference in download["Content-Disposition"]
    event = AuditEvent.objects.filter(action="dossier.downloaded").get()
    assert event.filing_id == filing.pk and event.actor == douyin_officer
    assert event.data["sha256"] == dossier.sha256


def test_a_second_click_reuses_the_dossier(filing, douyin_officer, ask):
    first = ask(douyin_officer, filing, language="en")["Location"]
    assert ask(douyin_officer, filing, language="en")["Location"] == first
    assert Dossier.objects.count() == 1


def test_the_status_page_polls_while_the_dossier_is_built(filing, douyin_officer):
    client = client_for(douyin_officer)
    client.post(f"/dossiers/filing/{filing.pk}/")  # no commit: the task waits, queued
    dossier = Dossier.objects.get()
    assert dossier.status == Dossier.Status.QUEUED and dossier.language == "en"

    fragment = client.get(f"/dossiers/{dossier.pk}/", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="dossier-progress"')
    assert 'hx-trigger="every 2s"' in fragment.text and "<progress" in fragment.text
    assert "download" not in fragment.text


def test_only_the_requester_gets_the_dossier_others_get_404(
    filing, douyin_officer, beijing_reviewer, wechat_officer, admin, ask
):
    ask(douyin_officer, filing)
    dossier = Dossier.objects.get()
    for user in (beijing_reviewer, wechat_officer, admin):
        client = client_for(user)
        for url in (f"/dossiers/{dossier.pk}/", f"/dossiers/{dossier.pk}/download/"):
            assert client.get(url).status_code == 404, (user, url)
    assert client_for(wechat_officer).post(f"/dossiers/filing/{filing.pk}/").status_code == 404
    assert client_for(admin).post(f"/dossiers/filing/{filing.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action="dossier.downloaded").exists()


def test_a_requester_who_lost_access_to_the_filing_gets_404(filing, douyin_officer, ask):
    ask(douyin_officer, filing)
    dossier = Dossier.objects.get()
    Membership.objects.filter(user=douyin_officer).delete()

    client = client_for(douyin_officer)
    assert client.get(f"/dossiers/{dossier.pk}/download/").status_code == 404
    assert client.get(f"/dossiers/{dossier.pk}/").status_code == 404
