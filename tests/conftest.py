"""Personas (their names make a test read as a sentence) and service markers.

ByteDance runs Douyin; Tencent runs WeChat. The Beijing CAC and the Beijing public-security
bureau receive ByteDance's security assessments; the national CAC receives algorithm filings.
The Shanghai CAC receives nothing of ByteDance's: its reviewer is the outsider regulator.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib import import_module
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from assessments.services import load_published_templates
from filings.models import DeadlineRule, Regime
from filings.regimes_data import load_regimes
from platforms.models import Authority, AuthorityKind, Role
from workcalendar import calendar

from .factories import (
    AuthorityFactory,
    MembershipFactory,
    OperatorFactory,
    PlatformFactory,
    UserFactory,
)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("redis"):
        from tests.services import redis_available

        if not redis_available():
            _unavailable("Redis (set REDIS_URL)")


def _unavailable(what: str) -> None:
    if IN_CI:
        pytest.fail(f"{what} is required under CI but is not reachable.")
    pytest.skip(f"needs {what}")


@pytest.fixture
def postgres(db: Any) -> None:
    """Use in tests that need PostgreSQL's behaviour (row locks, triggers)."""
    if connection.vendor != "postgresql":
        _unavailable("PostgreSQL (set DATABASE_URL=postgres://...)")


# The authority kinds platforms' migration 0002 seeds (a frozen list there).
SHIPPED_KINDS = import_module("platforms.migrations.0002_authority_kinds_and_markets").SHIPPED_KINDS


def put_back_reference_data() -> None:
    """What the data migrations ship and a flush removes: the authority kinds, the published
    questionnaires and the regimes with their deadline rules (each load is idempotent)."""
    for code, zh, en in SHIPPED_KINDS:
        AuthorityKind.objects.get_or_create(code=code, defaults={"name_zh": zh, "name_en": en})
    load_published_templates()
    load_regimes(Regime, DeadlineRule)


@pytest.fixture(autouse=True)
def reference_data(request: pytest.FixtureRequest) -> None:
    """Transactional tests flush the tables after each test, so the reference data is put
    back (idempotently) before each of them too."""
    if not {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db")
    request.node.stash[FLUSHES] = True
    put_back_reference_data()


# Set on a test whose transactional database was set up (so will be flushed at its end); a
# test skipped before its fixtures never touched the database.
FLUSHES = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A transactional test flushes every table when it ends, the migrations' reference data
    included. In one process pytest-django runs those tests after all the others; under
    pytest-xdist (`make test`) a worker may run an ordinary test after one, which would find
    no regimes or questionnaires: put them back, committed, as soon as the flush is done."""
    result = yield
    # After the last test (no next item) the session's fixtures are gone, the database too.
    if nextitem is not None and item.stash.get(FLUSHES, False):
        with item.config.stash[blocking_manager_key].unblock():
            put_back_reference_data()
    return result


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Iterator[None]:
    """The calendar keeps its overrides in a process-wide cache. A test's CalendarDay rows
    vanish with its rolled-back transaction, but no signal tells the cache, so each test
    starts and ends with an empty one. (It does not request `db`, so it is torn down after
    the rollback.)"""
    calendar.clear_cache()
    yield
    calendar.clear_cache()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request with the Chinese language cookie activates Chinese in the test's thread;
    every test starts and ends in the default language so none inherits another's."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Cached figures are keyed on versions a rolled-back test's changes moved on: every test
    starts with empty caches so none reads another test's."""
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture(autouse=True)
def _evidence_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "evidence")},
        },
    }


# --- Organisations --------------------------------------------------------------------------
@pytest.fixture
def national_cac(db: Any) -> Authority:
    return AuthorityFactory(
        name_zh="国家互联网信息办公室",
        name_en="Cyberspace Administration of China",
        level=Authority.Level.NATIONAL,
        region_code="100000",
    )


@pytest.fixture
def beijing_cac(db: Any) -> Authority:
    return AuthorityFactory(
        name_zh="北京市互联网信息办公室", name_en="Beijing CAC", region_code="110000"
    )


@pytest.fixture
def beijing_psb(db: Any) -> Authority:
    return AuthorityFactory(
        name_zh="北京市公安局",
        name_en="Beijing Public Security Bureau",
        kind=Authority.Kind.PUBLIC_SECURITY,
        region_code="110000",
    )


@pytest.fixture
def guangdong_cac(db: Any) -> Authority:
    return AuthorityFactory(
        name_zh="广东省互联网信息办公室", name_en="Guangdong CAC", region_code="440000"
    )


@pytest.fixture
def guangdong_psb(db: Any) -> Authority:
    return AuthorityFactory(
        name_zh="广东省公安厅",
        name_en="Guangdong Public Security",
        kind=Authority.Kind.PUBLIC_SECURITY,
        region_code="440000",
    )


@pytest.fixture
def shanghai_cac(db: Any) -> Authority:
    return AuthorityFactory(
        name_zh="上海市互联网信息办公室", name_en="Shanghai CAC", region_code="310000"
    )


@pytest.fixture
def authorities(
    national_cac: Any,
    beijing_cac: Any,
    beijing_psb: Any,
    guangdong_cac: Any,
    guangdong_psb: Any,
    shanghai_cac: Any,
) -> dict[str, Authority]:
    return {
        "national_cac": national_cac,
        "beijing_cac": beijing_cac,
        "beijing_psb": beijing_psb,
        "guangdong_cac": guangdong_cac,
        "guangdong_psb": guangdong_psb,
        "shanghai_cac": shanghai_cac,
    }


@pytest.fixture
def bytedance(db: Any) -> Any:
    return OperatorFactory(
        name_zh="北京字节跳动科技有限公司", name_en="ByteDance", region_code="110108"
    )


@pytest.fixture
def tencent(db: Any) -> Any:
    return OperatorFactory(
        name_zh="深圳市腾讯计算机系统有限公司", name_en="Tencent", region_code="440305"
    )


@pytest.fixture
def douyin(bytedance: Any, authorities: Any) -> Any:
    return PlatformFactory(operator=bytedance, name_zh="抖音", name_en="Douyin")


@pytest.fixture
def wechat(tencent: Any, authorities: Any) -> Any:
    return PlatformFactory(operator=tencent, name_zh="微信", name_en="WeChat")


# --- People ---------------------------------------------------------------------------------
def _member(username: str, role: str, **org: Any) -> Any:
    user = UserFactory(username=username)
    MembershipFactory(user=user, role=role, **org)
    return user


@pytest.fixture
def douyin_officer(bytedance: Any) -> Any:
    return _member("douyin_officer", Role.OFFICER, operator=bytedance)


@pytest.fixture
def bytedance_signatory(bytedance: Any) -> Any:
    return _member("bytedance_signatory", Role.SIGNATORY, operator=bytedance)


@pytest.fixture
def wechat_officer(tencent: Any) -> Any:
    return _member("wechat_officer", Role.OFFICER, operator=tencent)


@pytest.fixture
def tencent_signatory(tencent: Any) -> Any:
    return _member("tencent_signatory", Role.SIGNATORY, operator=tencent)


@pytest.fixture
def beijing_reviewer(beijing_cac: Any) -> Any:
    return _member("beijing_reviewer", Role.REVIEWER, authority=beijing_cac)


@pytest.fixture
def second_beijing_reviewer(beijing_cac: Any) -> Any:
    return _member("beijing_reviewer_2", Role.REVIEWER, authority=beijing_cac)


@pytest.fixture
def beijing_supervisor(beijing_cac: Any) -> Any:
    return _member("beijing_supervisor", Role.SUPERVISOR, authority=beijing_cac)


@pytest.fixture
def second_beijing_supervisor(beijing_cac: Any) -> Any:
    return _member("beijing_supervisor_2", Role.SUPERVISOR, authority=beijing_cac)


@pytest.fixture
def beijing_psb_reviewer(beijing_psb: Any) -> Any:
    return _member("beijing_psb_reviewer", Role.REVIEWER, authority=beijing_psb)


@pytest.fixture
def shanghai_reviewer(shanghai_cac: Any) -> Any:
    return _member("shanghai_reviewer", Role.REVIEWER, authority=shanghai_cac)


@pytest.fixture
def cac_reviewer(national_cac: Any) -> Any:
    return _member("cac_reviewer", Role.REVIEWER, authority=national_cac)


@pytest.fixture
def cac_supervisor(national_cac: Any) -> Any:
    return _member("cac_supervisor", Role.SUPERVISOR, authority=national_cac)


@pytest.fixture
def admin(db: Any) -> Any:
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def cast(
    douyin: Any,
    douyin_officer: Any,
    bytedance_signatory: Any,
    beijing_reviewer: Any,
    beijing_supervisor: Any,
) -> dict[str, Any]:
    """The people a Douyin security-assessment filing passes through."""
    return {
        "platform": douyin,
        "officer": douyin_officer,
        "signatory": bytedance_signatory,
        "reviewer": beijing_reviewer,
        "supervisor": beijing_supervisor,
    }


@pytest.fixture
def one_office_regime(db: Any) -> Regime:
    """A regime whose filing goes to one office (the local CAC) and ends in a number: the
    review table of docs/domain-rules.md#the-filings-life run by a single office, so that the
    filing's state is that office's review's. (Joint and staged reviews:
    tests/review/test_joint_review.py.) Its rules are the 2018 assessment's."""
    source = Regime.objects.get(code="cn-security-assessment")
    regime = Regime.objects.create(
        code="test-one-office",
        name_zh="单一机关备案 (测试)",
        name_en="One-office filing (test)",
        short_name_zh="单一机关",
        short_name_en="One office",
        legal_references="-",
        addressed_to=[{"kind": "cac", "level": "local"}],
        outcome=Regime.Outcome.NUMBER,
        template_code=source.template_code,
    )
    for rule in source.deadline_rules.all():
        rule.pk = None
        rule.regime = regime
        rule.save()
    return regime
