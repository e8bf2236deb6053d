"""Every officer page answers on the demo data (filings in every state, Quyan's order),
for every operator's officer and signatory: no 500 anywhere, and no page of another
operator's."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Assessment
from filings import access
from filings.models import RectificationOrder
from platforms.models import PlannedFeature, Platform
from platforms.roles import get_actor


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=StringIO())


def _pages(user: Any) -> list[str]:
    urls = ["/dashboard/"]
    for platform in Platform.objects.visible_to(user):
        urls += [
            reverse("filings:platform", args=[platform.pk]),
            reverse("filings:register_feature", args=[platform.pk]),
        ]
    for feature in PlannedFeature.objects.visible_to(user):
        urls.append(reverse("filings:feature", args=[feature.pk]))
    for assessment in Assessment.objects.visible_to(user):
        urls += [
            reverse("assessments:detail", args=[assessment.pk]),
            reverse("assessments:check", args=[assessment.pk]),
            reverse("assessments:reopen", args=[assessment.pk]),
        ]
        for section in assessment.template.sections.all():
            if section.applies_to(assessment.planned_feature):
                urls.append(reverse("assessments:section", args=[assessment.pk, section.code]))
    for filing in access.visible_filings(user):
        urls.append(reverse("filings:detail", args=[filing.pk]))
        for revision in filing.revisions.all():
            urls.append(reverse("filings:receipt", args=[filing.pk, revision.number]))
        for t in filing.available_actions(user):
            name = {"submit": "submit", "withdraw": "withdraw", "file_change": "change"}.get(
                t.name, "cancel" if t.name == "file_cancellation" else None
            )
            if name:
                urls.append(reverse(f"filings:{name}", args=[filing.pk]))
        if filing.rectification_orders.filter(status=RectificationOrder.Status.OPEN).exists():
            urls.append(reverse("filings:rectification", args=[filing.pk]))
        for request in filing.comments.filter(kind="information_request", visibility="filer"):
            urls.append(reverse("filings:answer", args=[filing.pk, request.pk]))
    return urls


def test_every_officer_page_answers_for_every_operator(client, demo):
    people = get_user_model().objects.filter(username__endswith="_officer")
    staff = [*people, get_user_model().objects.get(username="bytedance_signatory")]
    assert all(get_actor(u).is_operator_staff for u in staff)
    assert len(staff) >= 6
    for user in staff:
        client.force_login(user)
        for url in _pages(user):
            response = client.get(url)
            assert response.status_code == 200, (user.username, url, response.status_code)
