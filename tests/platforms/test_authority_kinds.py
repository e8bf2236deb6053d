"""Authority kinds are data: the two shipped kinds are rows, an admin adds a data-protection
authority kind with no code, offices take only kinds that exist, and a kind in use stays."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from platforms.models import Authority, AuthorityKind, Platform
from platforms.validators import validate_markets
from tests.factories import AuthorityFactory

pytestmark = pytest.mark.django_db


def test_the_cac_and_public_security_kinds_ship_as_rows():
    assert dict(AuthorityKind.objects.values_list("code", "name_en")) == {
        "cac": "Cyberspace administration",
        "public_security": "Public security",
    }
    assert set(AuthorityKind.objects.values_list("code", flat=True)) == set(Authority.Kind.values)


def test_an_admin_adds_a_data_protection_kind_and_an_office_of_it(client, admin):
    client.force_login(admin)

    added = client.post(
        reverse("admin:platforms_authoritykind_add"),
        {"code": "data_protection", "name_zh": "数据保护机构", "name_en": "Data protection"},
    )
    office = client.post(
        reverse("admin:platforms_authority_add"),
        {
            "name_zh": "爱尔兰数据保护委员会",
            "name_en": "Data Protection Commission (Ireland)",
            "kind": "data_protection",
            "level": "national",
            "region_code": "100000",
            "email": "",
        },
    )

    assert added.status_code == office.status_code == 302
    dpc = Authority.objects.get(kind="data_protection")
    assert dpc.kind_label == "Data protection"


def test_the_admin_refuses_an_office_of_an_unknown_kind(client, admin):
    client.force_login(admin)

    response = client.post(
        reverse("admin:platforms_authority_add"),
        {
            "name_zh": "某机构",
            "name_en": "Somewhere",
            "kind": "data_protection",
            "level": "national",
            "region_code": "100000",
        },
    )

    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["adminform"].form.errors["kind"])
    assert not Authority.objects.exists()


def test_an_office_of_an_unknown_kind_fails_validation_with_the_known_kinds_named():
    office = AuthorityFactory.build(kind="data_protection")

    with pytest.raises(ValidationError) as error:
        office.full_clean()

    message = " ".join(error.value.message_dict["kind"])
    assert "Unknown authority kind “data_protection”" in message
    assert "cac, public_security" in message


def test_a_kind_in_use_cannot_be_deleted_or_renamed(client, admin):
    AuthorityFactory(kind=Authority.Kind.CAC)
    cac = AuthorityKind.objects.get(code="cac")
    client.force_login(admin)

    page = client.get(reverse("admin:platforms_authoritykind_change", args=[cac.pk]))
    delete = client.post(reverse("admin:platforms_authoritykind_delete", args=[cac.pk]))

    assert "code" in page.context["adminform"].readonly_fields
    assert delete.status_code == 403
    with pytest.raises(ValidationError, match="Offices of this kind exist"):
        cac.delete()
    assert AuthorityKind.objects.filter(code="cac").exists()


def test_an_unused_kind_can_be_deleted():
    AuthorityKind.objects.create(code="data_protection", name_zh="数据保护机构")

    AuthorityKind.objects.get(code="data_protection").delete()

    assert not AuthorityKind.objects.filter(code="data_protection").exists()


# --- Markets ----------------------------------------------------------------------------------
def test_a_platform_serves_china_unless_told_otherwise(douyin):
    assert Platform.objects.get(pk=douyin.pk).markets == ["CN"]


@pytest.mark.parametrize(
    "markets",
    [[], ["cn"], ["CHN"], ["CN", "CN"], "CN", [1], None],
    ids=["empty", "lower", "three", "twice", "string", "number", "none"],
)
def test_markets_must_be_a_list_of_two_letter_codes(markets):
    with pytest.raises(ValidationError, match="market codes in capitals"):
        validate_markets(markets)


def test_the_admin_refuses_a_platform_with_bad_markets(client, admin, douyin):
    client.force_login(admin)
    url = reverse("admin:platforms_platform_change", args=[douyin.pk])

    response = client.post(
        url,
        {
            "operator": douyin.operator_id,
            "name_zh": douyin.name_zh,
            "name_en": douyin.name_en,
            "form": douyin.form,
            "feature_tags": '["live"]',
            "markets": '["eu"]',
            "user_counts-TOTAL_FORMS": "0",
            "user_counts-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["markets"]
    assert "market codes in capitals" in str(errors)
    assert Platform.objects.get(pk=douyin.pk).markets == ["CN"]


def test_a_platform_link_typed_without_a_scheme_is_saved_as_https(client, admin, douyin):
    client.force_login(admin)
    response = client.post(
        reverse("admin:platforms_platform_change", args=[douyin.pk]),
        {
            "operator": douyin.operator_id,
            "name_zh": douyin.name_zh,
            "name_en": douyin.name_en,
            "form": douyin.form,
            "url": "www.douyin.com",
            "feature_tags": '["live"]',
            "markets": '["CN"]',
            "user_counts-TOTAL_FORMS": "0",
            "user_counts-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Platform.objects.get(pk=douyin.pk).url == "https://www.douyin.com"


def test_validation_messages_read_in_chinese():
    with pytest.raises(ValidationError) as error:
        validate_markets(["eu"])

    with translation.override("zh-hans"):
        assert "大写市场代码的列表" in error.value.messages[0]
