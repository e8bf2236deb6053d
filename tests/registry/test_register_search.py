"""Searching the public register: the same filings as the one-OR-across-joins search it
replaced, found through each table's own index (registry/migrations/0001)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Q, QuerySet

from filings.models import Filing, State
from platforms.models import PlannedFeature
from registry.selectors import MIN_TEXT_SEARCH, PUBLISHED_STATES, published
from tests.builders import filing_in_state
from tests.factories import PlatformFactory

S = State
NAME_FIELDS = (
    "platform__name_zh",
    "platform__name_en",
    "operator__name_zh",
    "operator__name_en",
)
TEXT_FIELDS = ("filing_number", "planned_feature__title", *NAME_FIELDS)


def searched_before(text: str, fields: tuple[str, ...] = TEXT_FIELDS) -> QuerySet[Filing]:
    """The search as it was: one OR of `icontains` across the joined tables."""
    match = Q()
    for field in fields:
        match |= Q(**{f"{field}__icontains": text})
    return (
        Filing.objects.filter(state__in=PUBLISHED_STATES, filing_number__isnull=False)
        .filter(match)
        .order_by("-decided_at", "-id")
    )


def numbers(qs: QuerySet[Filing]) -> list[str]:
    return list(qs.values_list("filing_number", flat=True))


@pytest.fixture
def register(
    cast: dict[str, Any],
    wechat: Any,
    wechat_officer: Any,
    tencent_signatory: Any,
    cac_reviewer: Any,
    cac_supervisor: Any,
) -> dict[str, Filing]:
    """Douyin's (ByteDance, Beijing) and WeChat's (Tencent, Shenzhen) algorithm filings, some
    published: the register lists what the national CAC filed (each province's CAC passes
    the first review on the way)."""
    national = {
        "reviewer": cac_reviewer,
        "supervisor": cac_supervisor,
        "regime": "cn-algorithm-filing",
    }
    on_douyin = {**cast, **national}
    on_wechat = {
        "platform": wechat,
        "officer": wechat_officer,
        "signatory": tencent_signatory,
        **national,
    }
    return {
        "voice_room": filing_in_state(S.APPROVED, **on_douyin, title="Voice room"),
        "face_swap": filing_in_state(S.REVOKED, **on_douyin, title="Face swap"),
        "beauty_filter": filing_in_state(S.APPROVED, **on_wechat, title="美颜滤镜推荐"),
        "voice_changer": filing_in_state(S.CANCELLED, **on_wechat, title="Voice changer"),
        "pending": filing_in_state(S.PENDING_APPROVAL, **on_douyin, title="Voice notes"),
    }


# --- The same results as before -------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "字节跳动",  # operator, zh
        "BYTEDANCE",  # operator, en, another case
        "深圳市腾讯",
        "tencent",
        "Douyin",  # platform, en
        "wechat",
        "Voice",  # two titles, and not the unpublished third
        "face swap",
        "美颜滤镜",  # a title in Chinese
        "网信算备",  # every algorithm filing number
        "440305",  # Tencent's region, inside its filing numbers
        "  voice room  ",  # surrounding spaces are not part of the text
        "nothing like this",
    ],
)
def test_a_search_of_three_characters_or_more_finds_what_it_found_before(register, text):
    found = numbers(published(text))
    assert found == numbers(searched_before(text.strip()))
    assert register["pending"].filing_number not in found


def test_platform_names_are_found_in_chinese_and_english(register):
    douyin = {register["voice_room"].filing_number, register["face_swap"].filing_number}
    assert set(numbers(published("抖音"))) == douyin
    assert set(numbers(published("douyin"))) == douyin
    assert set(numbers(published("微信"))) == {
        register["beauty_filter"].filing_number,
        register["voice_changer"].filing_number,
    }


def test_operator_names_feature_titles_and_filing_numbers_are_found(register):
    beauty = register["beauty_filter"]
    assert beauty.filing_number in numbers(published("腾讯计算机"))
    assert numbers(published("美颜滤镜")) == [beauty.filing_number]
    assert numbers(published(beauty.filing_number)) == [beauty.filing_number]
    assert numbers(published(beauty.filing_number[-8:-1])) == [beauty.filing_number]


def test_results_keep_the_registers_order_newest_decision_first(register):
    found = list(published("voice"))
    assert [f.decided_at for f in found] == sorted((f.decided_at for f in found), reverse=True)
    assert len(found) == 2


@pytest.mark.parametrize("text", ["抖音", "微信", "腾讯", "Do", "信", "v"])
def test_a_shorter_text_is_looked_for_in_platform_and_operator_names(register, text):
    assert len(text) < MIN_TEXT_SEARCH
    assert numbers(published(text)) == numbers(searched_before(text, NAME_FIELDS))


def test_a_shorter_text_does_not_search_feature_titles_or_filing_numbers(register):
    assert numbers(published("美颜")) == []  # a title's first two characters
    assert numbers(published("号")) == []  # the last character of every filing number
    assert numbers(published("美颜滤")) == [register["beauty_filter"].filing_number]


def body(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


@pytest.mark.parametrize("text", ["美颜滤镜", "voice", "抖音"])
def test_a_search_page_takes_four_queries(client, register, text, django_assert_num_queries):
    # The platforms' ids, the operators' ids, the count, the page's rows with their names.
    with django_assert_num_queries(4) as captured:
        client.get("/register/", {"q": text})
    assert "filings_filingrevision" not in captured.captured_queries[2]["sql"]


@pytest.mark.parametrize(
    "path", ["/register/", "/register/register.json", "/register/register.csv"]
)
def test_the_page_and_both_feeds_search_alike(client, register, path):
    text = body(client.get(path, {"q": "美颜滤镜"}))
    assert register["beauty_filter"].filing_number in text
    assert register["voice_room"].filing_number not in text


@pytest.mark.parametrize(
    "path", ["/register/", "/register/register.json", "/register/register.csv"]
)
def test_a_nul_character_in_the_search_is_not_a_server_error(client, register, path):
    response = client.get(path, {"q": "美颜\x00滤镜"})
    assert response.status_code == 200
    assert register["beauty_filter"].filing_number in body(response)


def test_the_page_says_which_fields_need_three_characters(client, db):
    page = client.get("/register/").text
    assert "feature names and filing numbers from 3 characters" in page
    client.cookies["django_language"] = "zh-hans"
    assert "备案编号需至少输入 3 个字符" in client.get("/register/").text


# --- PostgreSQL: the indexes, and plans that use them ---------------------------------------
SEARCH_INDEXES = {
    "registry_platform_name_zh_trgm",
    "registry_platform_name_en_trgm",
    "registry_operator_name_zh_trgm",
    "registry_operator_name_en_trgm",
    "registry_feature_title_trgm",
    "registry_filing_number_trgm",
}


def test_postgres_has_the_trigram_indexes_on_the_expressions_django_writes(postgres):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [sorted(SEARCH_INDEXES)],
        )
        rows = dict(cursor.fetchall())
    assert set(rows) == SEARCH_INDEXES
    assert all("gin_trgm_ops" in d and "upper((" in d for d in rows.values())


def test_postgres_extracts_trigrams_from_chinese(postgres):
    """Under a ctype that does not count CJK as letters (plain "C"), pg_trgm extracts none
    and the indexes could not narrow a Chinese search."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_trgm(%s)", ["抖音直播"])
        (trigrams,) = cursor.fetchone()
    assert len(trigrams) == 5  # "  抖", " 抖音", "抖音直", "音直播", "直播 "


def _bulk_published(model: Filing, *, platforms: int = 30, each: int = 10) -> None:
    """Approved filings like `model` on `platforms` other platforms (each of its own
    operator), `each` apiece, made without the services: the plans need a table of some size
    in which one name is rare, not histories. Then ANALYZE, as autovacuum would."""
    features = PlannedFeature.objects.bulk_create(
        PlannedFeature(
            platform=platform,
            title=f"Bulk feature {p}-{i}",
            description="-",
            trigger="launch",
            planned_launch_date=model.planned_feature.planned_launch_date,
        )
        for p, platform in enumerate(PlatformFactory.create_batch(platforms))
        for i in range(each)
    )
    Filing.objects.bulk_create(
        Filing(
            regime=model.regime,
            operator=feature.platform.operator,
            platform=feature.platform,
            planned_feature=feature,
            template=model.template,
            state=S.APPROVED,
            reference=f"BULK-{n}",
            filing_number=f"BULK{n:08d}",
            decided_at=model.decided_at,
        )
        for n, feature in enumerate(features)
    )
    with connection.cursor() as cursor:
        for index in sorted(SEARCH_INDEXES):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        for table in ("filings_filing", "platforms_plannedfeature", "platforms_platform"):
            cursor.execute(f"ANALYZE {table}")


def _explain(qs: QuerySet[Filing]) -> dict[str, Any]:
    sql, params = qs.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def _plans(text: str) -> tuple[set[str], set[str]]:
    """The tables read whole (Seq Scan) and the indexes read, for the page and the count."""
    read_whole, indexes = set(), set()
    qs = published(text)
    for shape in (qs[:50], qs.order_by().values("pk")):
        for node in _nodes(_explain(shape)):
            if node["Node Type"] == "Seq Scan":
                read_whole.add(node["Relation Name"])
            if "Index Name" in node:
                indexes.add(node["Index Name"])
    return read_whole, indexes


@pytest.mark.parametrize("text", ["抖音直播", "Douyin", "2026", "抖音", "音"])
def test_postgres_never_scans_the_filings_table_whole(postgres, register, text):
    _bulk_published(register["voice_room"])
    read_whole, _indexes = _plans(text)
    assert "filings_filing" not in read_whole


def test_postgres_finds_filings_through_the_search_indexes(postgres, register):
    # Among a few hundred filings the state index alone is as cheap: a few thousand, then.
    _bulk_published(register["voice_room"], platforms=100, each=30)
    _read_whole, indexes = _plans("Douyin")
    assert "registry_filing_number_trgm" in indexes
    assert "registry_feature_title_trgm" in indexes
    assert any(i.startswith("filings_filing_platform_id") for i in indexes), indexes
    assert any(i.startswith("filings_filing_planned_feature_id") for i in indexes), indexes


def test_postgres_leaves_short_texts_to_the_name_indexes(postgres, register):
    _bulk_published(register["voice_room"], platforms=100, each=30)
    _read_whole, indexes = _plans("抖音")
    assert not indexes & {"registry_filing_number_trgm", "registry_feature_title_trgm"}
    assert any(i.startswith("filings_filing_platform_id") for i in indexes), indexes
