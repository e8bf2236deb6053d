# ruff: noqa: RUF001
# (The Chinese pages are asserted with their full-width punctuation.)
"""The demo's pages read in Chinese for a Chinese reader (issue #15): deadline rules and
pauses, legal references, reminders and notice messages in the inbox, the role on the home
page, and answers, risk ratings and the timeline in the workspace were shown in English or
as stored codes."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from assessments.models import Assessment
from filings.access import regulator_filings
from filings.models import Deadline, DeadlinePause, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture(autouse=True)
def _back_to_the_default_language() -> Any:
    yield
    translation.deactivate()


def _chinese(username: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _reads(page: str, chinese: list[str], english: list[str], where: str) -> None:
    """What a reader sees (tags and the links' query strings left out)."""
    page = re.sub(r"<[^>]*>", "\n", page)
    for text in chinese:
        assert text in page, (where, text)
    for text in english:
        assert text not in page, (where, text)


def test_the_officers_pages_read_in_chinese(demo):
    rectifying = Deadline.objects.get(
        rule_text="set by the rectification order",
        status=Deadline.Status.OPEN,
        filing__operator__name_en__icontains="Quyan",
    ).filing
    quyan = _chinese("quyan_officer")
    _reads(
        _page(quyan, "/dashboard/"),
        ["· 合规专员"],
        ["· Officer"],
        "officer home",
    )
    filing_page = _page(quyan, reverse("filings:detail", args=[rectifying.pk]))
    assert 'aria-label="breadcrumb"' not in filing_page
    _reads(
        filing_page,
        [
            "由整改通知确定",
            "《具有舆论属性或社会动员能力的互联网信息服务安全评估规定》(2018)第三条至第七条",
        ],
        ["set by the rectification order", "Arts. 3-7"],
        "filing page",
    )
    reassessing = Deadline.objects.get(rule_text="set by the re-assessment order").filing
    kuaishou = _chinese("kuaishou_officer")
    _reads(
        _page(kuaishou, reverse("filings:detail", args=[reassessing.pk])),
        ["由重新评估决定确定", "不晚于计划上线日期"],
        ["set by the re-assessment order", "by the planned launch date"],
        "filing page",
    )
    _reads(
        _page(kuaishou, "/review/notifications/"),
        ["已逾期：通知 N110000-", "发出通知 N110000-"],
        ["Overdue: notice", "Notice N110000-"],
        "officer inbox",
    )
    user = get_user_model().objects.get(username="kuaishou_officer")
    assessment = Assessment.objects.visible_to(user).first()
    section = reverse("assessments:section", args=[assessment.pk, "B"])
    _reads(
        _page(kuaishou, section),
        ["《安全评估规定》第五条第（一）项"],
        ["2018 Art. 5(1)"],
        "assessment section",
    )
    _reads(
        _page(kuaishou, reverse("assessments:detail", args=[assessment.pk])),
        ["《安全评估规定》第五条第（二）项", "《安全评估规定》第五条第（七）至（八）项"],
        ["2018 Art.", "DS Art"],
        "assessment page",
    )


def test_the_regulators_pages_read_in_chinese(demo):
    reviewer = _chinese("beijing_reviewer")
    for url in ("/dashboard/", "/review/queue/", "/review/queue/?state=approved"):
        _reads(_page(reviewer, url), [], ["under_review", "Arts."], url)
    user = get_user_model().objects.get(username="beijing_reviewer")
    paused = (
        DeadlinePause.objects.filter(reason="Returned to the filer for correction")
        .filter(deadline__filing__in=regulator_filings(user), ended_on__isnull=True)
        .first()
    )
    workspace = _page(reviewer, reverse("review:workspace", args=[paused.deadline.filing_id]))
    _reads(
        workspace,
        [
            "已退回备案人补正",
            "风险: 低",
            "已提交",
            "退回备案要求补正",  # the record: "... returned the filing for correction."
            "《安全评估规定》第五条第（四）项",
        ],
        [
            "Returned to the filer for correction",
            "风险: low",
            "风险: none",
            "filing.submitted",
            "returned the filing for correction",
            "2018 Art.",
            "working days after",
        ],
        "workspace",
    )
    # Every workspace: yes or no and the choices' labels, never the stored codes.
    pages = [
        _page(reviewer, reverse("review:workspace", args=[pk]))
        for pk in regulator_filings(user).values_list("pk", flat=True)
    ]
    codes = ["True", "False", "mobile_number_and_id", "new_technology", "风险: none"]
    for page in pages:
        _reads(page, [], [*codes, "filing.", "→ approved"], "workspace")
    assert any(re.search(r"<td>是\s*<", page) for page in pages)
    supervisor = _chinese("beijing_supervisor")
    _reads(
        _page(supervisor, "/review/notifications/"),
        ["升级提醒：北京快手科技有限公司 逾期未落实通知 N110000-"],
        ["Escalation: Beijing Kuaishou"],
        "supervisor inbox",
    )


def test_a_deadline_reminder_in_the_inbox_reads_in_the_readers_language(demo):
    deadline = Deadline.objects.filter(
        status=Deadline.Status.OPEN, filing__operator__name_en__startswith="Guangzhou Quyan"
    ).first()
    officer = get_user_model().objects.get(username="quyan_officer")
    # As the send task leaves it: the e-mail's subject, in the language it was sent in.
    Notification.objects.create(
        recipient=officer,
        filing=deadline.filing,
        deadline=deadline,
        step=Notification.Step.OVERDUE,
        verb="reminder",
        message=f"Overdue: Rectification · {deadline.filing.reference} (2026-01-01)",
    )
    page = _page(_chinese("quyan_officer"), "/review/notifications/")
    due = deadline.due_date.isoformat()
    with translation.override("zh-hans"):
        kind = str(deadline.get_kind_display())
    assert f"已逾期：{kind}，截止日期 {due}" in page
    assert "Overdue: Rectification" not in page
