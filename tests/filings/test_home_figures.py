"""The officer's home counts their operators' filings by state, cached under those operators'
versions (filings/versions.py): shown fresh after any change to one of the operator's filings,
and left warm by changes at another operator."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from filings import versions
from filings.models import State
from tests.builders import filing_in_state, plan_feature

S = State
COUNT_BY_STATE = 'COUNT("filings_filing"."id")'


@pytest.fixture(autouse=True)
def _figure_cache(settings: Any) -> None:
    settings.FIGURE_CACHE = True


def home(client: Any) -> tuple[dict[str, int], int]:
    """The home's counts by label, and how many queries counted them."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/dashboard/")
    assert response.status_code == 200
    counted = sum(COUNT_BY_STATE in q["sql"] for q in ctx.captured_queries)
    return {str(label): n for label, n in response.context["home"].counts}, counted


@pytest.fixture
def as_user() -> Any:
    def login(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return login


def operator_version(operator: Any) -> str:
    return versions.current(versions.OPERATOR, [operator.pk])


def test_the_counts_are_read_from_the_cache_until_a_filing_of_the_operator_changes(
    douyin,
    douyin_officer,
    bytedance_signatory,
    beijing_reviewer,
    beijing_supervisor,
    as_user,
    django_capture_on_commit_callbacks,
):
    people = dict(
        platform=douyin,
        officer=douyin_officer,
        signatory=bytedance_signatory,
        reviewer=beijing_reviewer,
        supervisor=beijing_supervisor,
    )
    with django_capture_on_commit_callbacks(execute=True):
        filing_in_state(S.SUBMITTED, title="Voice rooms", **people)
    client = as_user(douyin_officer)
    first, counted = home(client)
    assert counted == 1
    again, counted = home(client)
    assert (again, counted) == (first, 0)  # from the cache, the same figures
    assert first[str(S.SUBMITTED.label)] == 1

    # A new planned feature's draft filings: a change at the operator, shown at once.
    with django_capture_on_commit_callbacks(execute=True):
        drafts = plan_feature(douyin, douyin_officer, title="Face swap")
    after, counted = home(client)
    assert counted == 1
    assert after[str(S.DRAFT.label)] == first.get(str(S.DRAFT.label), 0) + len(drafts)


def test_a_change_at_one_operator_leaves_anothers_figures_warm(
    douyin, wechat, douyin_officer, wechat_officer, django_capture_on_commit_callbacks
):
    tencent = wechat.operator
    before = operator_version(tencent)
    mine = operator_version(douyin.operator)
    with django_capture_on_commit_callbacks(execute=True):
        plan_feature(douyin, douyin_officer, title="Live co-hosting")
    assert operator_version(tencent) == before
    assert operator_version(douyin.operator) != mine


def test_without_a_shared_cache_the_counts_are_counted_on_every_request(
    settings, douyin, douyin_officer, as_user
):
    settings.FIGURE_CACHE = False
    plan_feature(douyin, douyin_officer, title="Voice rooms")
    client = as_user(douyin_officer)
    assert home(client)[1] == 1
    assert home(client)[1] == 1
