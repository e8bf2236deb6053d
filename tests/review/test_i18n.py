"""The review and register pages in Chinese (the catalogues: tests/test_catalogues.py)."""

from __future__ import annotations


def test_dashboard_and_register_in_chinese(client, beijing_reviewer, as_user):
    reviewer = as_user(beijing_reviewer)
    reviewer.cookies["django_language"] = "zh-hans"
    assert "审查工作台" in reviewer.get("/dashboard/").text
    assert "审查队列" in reviewer.get("/review/queue/").text
    client.cookies["django_language"] = "zh-hans"
    assert "备案公开名录" in client.get("/register/").text


def test_the_queues_filter_button_says_filter_as_a_verb_in_chinese(beijing_reviewer, as_user):
    """Django's admin translates "Filter" as the noun 过滤器 and its catalogue comes before
    the apps': the button's own text has a context of its own."""
    reviewer = as_user(beijing_reviewer)
    reviewer.cookies["django_language"] = "zh-hans"
    page = reviewer.get("/review/queue/").text
    assert ">筛选</button>" in page
    assert "过滤器" not in page
