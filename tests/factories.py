"""factory_boy factories. Unified social credit codes get a valid check character."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from platforms.models import Authority, Membership, Operator, PlannedFeature, Platform
from platforms.validators import USCC_ALPHABET, uscc_check_character


def valid_uscc(n: int) -> str:
    body = (
        "91"
        + "110108"
        + "".join(USCC_ALPHABET[(n * 7 + i * 3) % 31] for i in range(8))
        + (f"{n % 10}")
    )
    return body + uscc_check_character(body)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("demo-pass-2026")


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operator

    name_zh = factory.Sequence(lambda n: f"测试公司{n}")
    name_en = factory.Sequence(lambda n: f"Test Company {n}")
    uscc = factory.Sequence(valid_uscc)
    region_code = "110108"


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority

    name_zh = factory.Sequence(lambda n: f"网信办{n}")
    name_en = factory.Sequence(lambda n: f"CAC office {n}")
    kind = Authority.Kind.CAC
    level = Authority.Level.PROVINCIAL
    region_code = "110000"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform

    operator = factory.SubFactory(OperatorFactory)
    name_zh = factory.Sequence(lambda n: f"平台{n}")
    name_en = factory.Sequence(lambda n: f"Platform {n}")
    form = Platform.Form.APP
    feature_tags = factory.LazyFunction(lambda: ["short_video", "live"])


class PlannedFeatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedFeature

    platform = factory.SubFactory(PlatformFactory)
    title = factory.Sequence(lambda n: f"Feature {n}")
    description = "A new function with public-opinion attributes."
    trigger = "launch"
    planned_launch_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))
