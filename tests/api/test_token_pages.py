"""The "API tokens" page: made and revoked in the browser, the secret shown once."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from api.models import ApiToken
from api.services import token_hash
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _create(client: Client, **fields: str):
    data = {"name": "Release pipeline", "scope": "write", "days": "90", **fields}
    return client.post(reverse("api_tokens:list"), data)


def test_an_officer_makes_a_token_for_their_operator_and_sees_it_once(
    client, douyin_officer, bytedance
):
    client.force_login(douyin_officer)
    page = client.get(reverse("api_tokens:list"))
    assert page.status_code == 200 and b"New token" in page.content
    response = _create(client)
    assert response.status_code == 201
    secret = re.search(rb'value="(flt_[^"]+)"', response.content).group(1).decode()
    token = ApiToken.objects.get()
    assert (token.operator, token.authority, token.scope) == (bytedance, None, "write")
    assert token.secret_hash == token_hash(secret)
    listing = client.get(reverse("api_tokens:list"))
    assert token.prefix.encode() in listing.content
    assert secret.encode() not in listing.content  # never shown again
    assert AuditEvent.objects.filter(action="api_token.created", object_id=str(token.pk)).exists()


def test_a_reviewer_makes_a_token_for_their_authority(client, beijing_reviewer, beijing_cac):
    client.force_login(beijing_reviewer)
    assert _create(client, scope="read").status_code == 201
    token = ApiToken.objects.get()
    assert (token.authority, token.operator) == (beijing_cac, None)


def test_a_signatory_sees_the_page_but_cannot_make_one(client, bytedance_signatory):
    client.force_login(bytedance_signatory)
    page = client.get(reverse("api_tokens:list"))
    assert page.status_code == 200 and b"New token" not in page.content
    assert _create(client).status_code == 403
    assert not ApiToken.objects.exists()


def test_an_invalid_form_is_400(client, douyin_officer):
    client.force_login(douyin_officer)
    assert _create(client, scope="admin").status_code == 400
    assert _create(client, days="7").status_code == 400
    assert _create(client, name="").status_code == 400
    assert not ApiToken.objects.exists()


def test_the_form_needs_its_csrf_token(douyin_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(douyin_officer)
    assert _create(client).status_code == 403
    assert not ApiToken.objects.exists()


def test_the_owner_revokes_a_token_and_nobody_else_can(client, douyin_officer, wechat_officer):
    client.force_login(douyin_officer)
    _create(client)
    token = ApiToken.objects.get()
    url = reverse("api_tokens:revoke", args=[token.pk])
    other = Client()
    other.force_login(wechat_officer)
    assert other.get(url).status_code == 404
    assert other.post(url).status_code == 404
    assert ApiToken.objects.get().revoked_at is None
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    assert client.post(url).status_code == 409  # already revoked: said, not a 500
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


def test_the_page_speaks_chinese(client, douyin_officer):
    client.force_login(douyin_officer)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("api_tokens:list"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "API 令牌" in page.content.decode()
    assert "New token" not in page.content.decode()


def test_the_menu_links_the_page(client, douyin_officer):
    client.force_login(douyin_officer)
    page = client.get(reverse("accounts:dashboard"))
    assert reverse("api_tokens:list").encode() in page.content


def test_the_api_catalogue_is_complete_and_compiled():
    from pathlib import Path

    from django.conf import settings

    catalogue = Path(settings.BASE_DIR) / "api/locale/zh_Hans/LC_MESSAGES/django.po"
    text = catalogue.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    untranslated = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', e, re.M)]
    assert untranslated == []
    assert "#, fuzzy" not in text
    assert catalogue.with_suffix(".mo").exists()


def test_problems_speak_chinese_when_asked(douyin):
    response = Client().get("/api/v1/platforms/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 401
    assert response.json()["title"] == "需要身份验证。"


# --- Colleagues' tokens -----------------------------------------------------------------------
@pytest.fixture
def colleague(bytedance):
    """A second compliance officer of ByteDance, who leaves."""
    from platforms.models import Role
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="bytedance_second_officer")
    MembershipFactory(user=user, role=Role.OFFICER, operator=bytedance)
    return user


def _token_of(user, name="Release pipeline"):
    from api.services import create_token

    return create_token(owner=user, name=name, scope="write", days=90)[0]


def test_an_officer_sees_and_revokes_a_colleagues_token(client, douyin_officer, colleague):
    token = _token_of(colleague)
    client.force_login(douyin_officer)
    page = client.get(reverse("api_tokens:list")).content.decode()
    assert 'id="colleagues-tokens"' in page
    assert token.prefix in page and "bytedance_second_officer" in page
    assert token.secret_hash not in page
    url = reverse("api_tokens:revoke", args=[token.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and b"your colleague" in confirm.content
    assert client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == douyin_officer
    event = AuditEvent.objects.get(action="api_token.revoked")
    assert event.actor == douyin_officer
    assert (event.data["owner"], event.data["revoked_by"]) == (colleague.pk, douyin_officer.pk)
    assert event.data["by_owner"] is False
    # The owner's own list says who revoked it.
    owner = Client()
    owner.force_login(colleague)
    assert "by douyin_officer" in owner.get(reverse("api_tokens:list")).content.decode()


def test_another_organisations_token_is_404_and_stays(client, douyin_officer, wechat_officer):
    token = _token_of(wechat_officer)
    client.force_login(douyin_officer)
    assert token.prefix not in client.get(reverse("api_tokens:list")).content.decode()
    url = reverse("api_tokens:revoke", args=[token.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert not AuditEvent.objects.filter(action="api_token.revoked").exists()


def test_a_regulators_colleague_revokes_within_the_office_only(
    client, beijing_reviewer, beijing_supervisor, shanghai_reviewer
):
    mine, theirs = _token_of(beijing_reviewer), _token_of(shanghai_reviewer)
    client.force_login(beijing_supervisor)
    assert client.post(reverse("api_tokens:revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api_tokens:revoke", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.revoked_by, theirs.revoked_at) == (beijing_supervisor, None)


def test_a_signatory_may_not_revoke_the_officers_tokens(
    client, douyin_officer, bytedance_signatory
):
    from api.services import TokenError, revoke_token

    token = _token_of(douyin_officer)
    client.force_login(bytedance_signatory)
    assert token.prefix not in client.get(reverse("api_tokens:list")).content.decode()
    url = reverse("api_tokens:revoke", args=[token.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    with pytest.raises(TokenError):
        revoke_token(token=token, by=bytedance_signatory)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_revoked_colleagues_token_stops_working(client, douyin_officer, colleague, douyin):
    from api.services import create_token

    token, raw = create_token(owner=colleague, name="Leaving", scope="read", days=30)
    api = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert api.get("/api/v1/platforms/", **headers).status_code == 200
    client.force_login(douyin_officer)
    client.post(reverse("api_tokens:revoke", args=[token.pk]))
    assert api.get("/api/v1/platforms/", **headers).status_code == 401
