"""Who and what is regulated: identifiers that must be right, one organisation per person,
which office covers which region, and what a planned feature must say about itself."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from platforms.models import Authority, Membership, Operator, PlannedFeature, Platform, Role
from platforms.roles import get_actor
from platforms.validators import uscc_check_character, validate_region_code, validate_uscc
from tests.factories import AuthorityFactory, PlannedFeatureFactory, UserFactory

FIRST_17 = "91110108MA01C2D3E"
VALID_USCC = FIRST_17 + uscc_check_character(FIRST_17)


# --- Unified social credit codes ------------------------------------------------------------
def test_a_code_with_the_right_check_character_is_valid():
    validate_uscc(VALID_USCC)


def test_a_code_typed_in_lower_case_is_valid():
    validate_uscc(VALID_USCC.lower())


def test_the_check_character_follows_gb_32100():
    # A published example: 91350100M000100Y4 checks to 3.
    assert uscc_check_character("91350100M000100Y4") == "3"


def test_a_wrong_check_character_is_refused_with_a_message_saying_so():
    wrong = "0" if VALID_USCC[-1] != "0" else "1"

    with pytest.raises(ValidationError, match="check character is wrong"):
        validate_uscc(FIRST_17 + wrong)


@pytest.mark.parametrize("code", [VALID_USCC[:17], VALID_USCC + "1", ""])
def test_a_code_of_the_wrong_length_is_refused(code):
    with pytest.raises(ValidationError, match="18 characters"):
        validate_uscc(code)


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_a_code_with_a_letter_the_standard_forbids_is_refused(letter):
    code = FIRST_17[:10] + letter + FIRST_17[11:] + "0"

    with pytest.raises(ValidationError, match="except I, O, S, V and Z"):
        validate_uscc(code)


def test_a_code_with_letters_where_the_region_digits_go_is_refused():
    code = "91A10108MA01C2D3E"
    with pytest.raises(ValidationError, match="18 characters"):
        validate_uscc(code + "0")


@pytest.mark.django_db
def test_an_operator_is_stored_with_its_code_in_capitals():
    operator = Operator.objects.create(
        name_zh="测试公司", uscc=VALID_USCC.lower(), region_code="110108"
    )

    assert Operator.objects.get(pk=operator.pk).uscc == VALID_USCC


@pytest.mark.django_db
def test_an_operator_with_a_bad_code_fails_validation_on_that_field():
    operator = Operator(name_zh="测试公司", uscc=VALID_USCC[:17] + "?", region_code="110108")

    with pytest.raises(ValidationError) as exc:
        operator.full_clean()

    assert set(exc.value.message_dict) == {"uscc"}


# --- Region codes ---------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["110000", "110108", "440305"])
def test_a_six_digit_region_code_is_valid(code):
    validate_region_code(code)


@pytest.mark.parametrize("code", ["11010", "1101080", "11010a", "", "11 108"])
def test_a_region_code_that_is_not_six_digits_is_refused(code):
    with pytest.raises(ValidationError, match="six-digit administrative division code"):
        validate_region_code(code)


# --- Memberships ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_an_officer_cannot_belong_to_an_authority(beijing_cac):
    user = UserFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.OFFICER, authority=beijing_cac)


@pytest.mark.django_db
def test_a_reviewer_cannot_belong_to_an_operator(bytedance):
    user = UserFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.REVIEWER, operator=bytedance)


@pytest.mark.django_db
def test_a_membership_cannot_name_both_an_operator_and_an_authority(bytedance, beijing_cac):
    user = UserFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=user, role=Role.OFFICER, operator=bytedance, authority=beijing_cac
        )


@pytest.mark.django_db
def test_a_membership_without_an_organisation_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=UserFactory(), role=Role.SIGNATORY)


@pytest.mark.django_db
def test_an_officer_cannot_join_a_second_operator(douyin_officer, tencent):
    second = Membership(user=douyin_officer, role=Role.SIGNATORY, operator=tencent)

    with pytest.raises(ValidationError, match="already has another"):
        second.clean()


@pytest.mark.django_db
def test_an_officer_cannot_also_be_a_regulator(douyin_officer, beijing_cac):
    second = Membership(user=douyin_officer, role=Role.REVIEWER, authority=beijing_cac)

    with pytest.raises(ValidationError, match="already has another"):
        second.clean()


@pytest.mark.django_db
def test_an_officer_may_also_sign_for_the_same_operator(douyin_officer, bytedance):
    Membership(user=douyin_officer, role=Role.SIGNATORY, operator=bytedance).clean()


@pytest.mark.django_db
def test_an_operator_role_without_its_operator_fails_validation_on_that_field():
    with pytest.raises(ValidationError) as exc:
        Membership(user=UserFactory(), role=Role.OFFICER).clean()

    assert "operator" in exc.value.message_dict


@pytest.mark.django_db
def test_the_same_role_twice_is_refused(douyin_officer, bytedance):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=douyin_officer, role=Role.OFFICER, operator=bytedance)


@pytest.mark.django_db
def test_a_user_is_known_by_their_role_at_their_organisation(
    douyin_officer, bytedance, beijing_supervisor, beijing_cac
):
    officer = get_actor(douyin_officer)
    supervisor = get_actor(beijing_supervisor)

    assert officer.has_operator_role(bytedance.pk, Role.OFFICER)
    assert not officer.is_regulator
    assert officer.primary_role() == "officer"
    assert supervisor.has_authority_role({beijing_cac.pk}, Role.SUPERVISOR)
    assert supervisor.primary_role() == "supervisor"


# --- Who sees what --------------------------------------------------------------------------
@pytest.mark.django_db
def test_an_officer_sees_only_their_operators_platforms(douyin, wechat, douyin_officer):
    assert list(Platform.objects.visible_to(douyin_officer)) == [douyin]
    assert list(Operator.objects.visible_to(douyin_officer)) == [douyin.operator]


@pytest.mark.django_db
def test_an_officer_sees_only_their_operators_planned_features(
    douyin, wechat, douyin_officer, wechat_officer
):
    ours = PlannedFeatureFactory(platform=douyin)
    PlannedFeatureFactory(platform=wechat)

    assert list(PlannedFeature.objects.visible_to(douyin_officer)) == [ours]


# --- Authorities' regions -------------------------------------------------------------------
@pytest.mark.django_db
def test_the_national_office_covers_every_region(national_cac):
    assert national_cac.covers_region("110108")
    assert national_cac.covers_region("650102")


@pytest.mark.django_db
def test_a_provincial_office_covers_its_province_only(beijing_cac):
    assert beijing_cac.covers_region("110108")
    assert beijing_cac.covers_region("110000")
    assert not beijing_cac.covers_region("310104")


@pytest.mark.django_db
def test_a_city_office_covers_its_city_only():
    shenzhen = AuthorityFactory(level=Authority.Level.CITY, region_code="440300")

    assert shenzhen.covers_region("440305")
    assert not shenzhen.covers_region("440106")  # Guangzhou, same province


# --- Planned features -----------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("trigger", ["user_growth", "harmful_content", "authority_notice"])
def test_an_event_trigger_needs_the_date_of_the_event(douyin, trigger):
    feature = PlannedFeatureFactory.build(platform=douyin, trigger=trigger, trigger_date=None)

    with pytest.raises(ValidationError) as exc:
        feature.clean()

    assert "trigger_date" in exc.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("trigger", ["launch", "new_technology"])
def test_a_launch_trigger_needs_no_event_date(douyin, trigger):
    PlannedFeatureFactory.build(platform=douyin, trigger=trigger, trigger_date=None).clean()


@pytest.mark.django_db
def test_the_database_refuses_an_event_trigger_without_a_date(douyin):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlannedFeatureFactory(platform=douyin, trigger="user_growth", trigger_date=None)


@pytest.mark.parametrize(
    ("flags", "needed"),
    [
        ({}, False),
        ({"is_recommendation": True}, False),
        ({"is_deep_synthesis": True}, True),
        ({"edits_faces": True}, True),
        ({"edits_voices": True}, True),
        ({"is_generative_ai": True}, True),
    ],
)
def test_the_deep_synthesis_section_is_needed_for_synthesis_flags_only(flags, needed):
    assert PlannedFeature(**flags).needs_deep_synthesis_section is needed
