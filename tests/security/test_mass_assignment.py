"""Extra POST fields never change what a form does not own.

Operator A's own officer and A's reviewer POST to every id-taking page with A's own objects,
adding fields no form of theirs owns (a state, another operator's or platform's id, a filing
number, a signatory, an assignee, an office, an office's conclusion). Whatever the page does
with its own fields, none of these may stick, and nothing of operator B's may change.

The assignee and the conclusion are each office's (`OfficeReview`), not the filing's: a
reviewer may claim their own office's review (the page's own work), never make someone else
its assignee, and neither may conclude a review or decide a filing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment, Evidence
from filings.models import DECIDED_STATES, Comment, Filing, OfficeReview, ReviewState, State
from platforms.models import PlannedFeature

from .conftest import World
from .test_object_access import OBJECTS
from .urlconf import id_routes

pytestmark = pytest.mark.django_db


def _hostile(world_b: World) -> dict[str, Any]:
    b = world_b.submitted
    return {
        "state": State.APPROVED,
        "operator": b.operator_id,
        "operator_id": b.operator_id,
        "platform": b.platform_id,
        "platform_id": b.platform_id,
        "planned_feature": b.planned_feature_id,
        "regime": b.regime_id,
        "filing_number": "网信算备110000000000000000001号",
        "assessment": world_b.submitted_assessment.pk,
        "signed_by": world_b.people["signatory"].pk,
        "answer": world_b.evidence.answer_id,
        "uploaded_by": world_b.people["officer"].pk,
        "source": world_b.evidence.pk,  # operator B's file, offered to A's evidence library
        "assignee": world_b.people["reviewer"].pk,
        "recipient": world_b.people["officer"].pk,
        "authority": _b_office(world_b),
        "escalated_to": _b_office(world_b),
        "conclusion": "accepted",
        "review_state": ReviewState.CONCLUDED,
    }


def _b_office(world_b: World) -> int:
    return world_b.submitted.authorities.order_by("pk").first().pk


# A filing in one of these states was decided: every office concluded.
DECIDED = DECIDED_STATES | {State.REJECTED}


def ownership() -> dict[str, Any]:
    """What no page of the officer's or reviewer's may change through extra fields."""
    return {
        "filings": sorted(
            Filing.objects.values_list(
                "pk", "operator_id", "platform_id", "planned_feature_id", "regime_id"
            )
        ),
        "numbers": sorted(Filing.objects.values_list("pk", "filing_number")),
        "features": sorted(PlannedFeature.objects.values_list("pk", "platform_id")),
        "assessments": sorted(Assessment.objects.values_list("pk", "planned_feature_id")),
        "signatures": dict(Assessment.objects.values_list("pk", "signed_by_id")),
        "answers": sorted(Answer.objects.values_list("pk", "assessment_id", "question_id")),
        "evidence": sorted(Evidence.objects.values_list("pk", "answer_id", "sha256")),
        "reviews": sorted(
            OfficeReview.objects.values_list("pk", "filing_id", "authority_id", "stage")
        ),
        "comments": sorted(Comment.objects.values_list("pk", "filing_id", "authority_id")),
    }


def reviews() -> dict[int, tuple[Any, ...]]:
    return {
        pk: (assignee, state, conclusion)
        for pk, assignee, state, conclusion in OfficeReview.objects.values_list(
            "pk", "assignee_id", "state", "conclusion"
        )
    }


def _b_rows(world_b: World) -> dict[str, Any]:
    operator = world_b.submitted.operator_id
    return {
        "filings": list(Filing.objects.filter(operator_id=operator).order_by("pk").values()),
        "reviews": list(
            OfficeReview.objects.filter(filing__operator_id=operator).order_by("pk").values()
        ),
        "answers": list(
            Answer.objects.filter(assessment__planned_feature__platform__operator_id=operator)
            .order_by("pk")
            .values()
        ),
    }


# The pages whose work is to take the file their URL names off its answer.
TAKES_OFF = {"assessments:remove_evidence", "assessments:replace_evidence"}


def _routes() -> list[Any]:
    return [r for r in id_routes() if not r.is_admin and r.name in OBJECTS]


@pytest.mark.parametrize("who", ["officer", "reviewer"])
def test_extra_post_fields_never_change_what_the_form_does_not_own(client, who, world_a, world_b):
    user = world_a.people[who]
    client.force_login(user)
    hostile = _hostile(world_b)
    for route in _routes():
        for kwargs in OBJECTS[route.name](world_a):
            url = reverse(route.name, kwargs=kwargs)
            before, b_before = ownership(), _b_rows(world_b)
            decided_before = set(
                Filing.objects.filter(state__in=DECIDED).values_list("pk", flat=True)
            )
            reviews_before = reviews()
            response = client.post(url, {**hostile, "reasons": "ok", "body": "ok"})
            assert response.status_code < 500, f"POST {url}: {response.status_code}"
            after = ownership()
            # A new answer or evidence row may appear (the page's own work), but no existing
            # row may move to another owner, and nothing the page does not own may change.
            # Removing or replacing takes the one file its URL names off its answer.
            for key in ("filings", "numbers", "features", "assessments"):
                assert after[key] == before[key], f"POST {url} changed {key}"
            named = kwargs.get("evidence_pk") if route.name in TAKES_OFF else None
            for key in ("answers", "evidence", "comments"):
                kept = {row for row in before[key] if key != "evidence" or row[0] != named}
                assert kept <= set(after[key]), f"POST {url} moved {key}"
            assert after["reviews"] == before["reviews"], f"POST {url} changed reviews"
            new_comments = set(after["comments"]) - set(before["comments"])
            assert all(office != hostile["authority"] for _pk, _f, office in new_comments), (
                f"POST {url} wrote a comment for operator B's office"
            )
            for pk, (assignee, state, conclusion) in reviews().items():
                was_assignee, was_state, was_conclusion = reviews_before[pk]
                # Claiming makes the reviewer the assignee; nothing makes anyone else.
                assert assignee in (was_assignee, user.pk), f"POST {url} assigned review {pk}"
                concluded = state == ReviewState.CONCLUDED != was_state
                assert not concluded, f"POST {url} concluded review {pk} as {who}"
                assert conclusion == was_conclusion, f"POST {url} changed review {pk}'s conclusion"
            # Reopening may clear a signature; no page of these two may put one on.
            for pk, signer in after["signatures"].items():
                assert signer in (None, before["signatures"].get(pk)), f"POST {url} signed {pk}"
            newly_decided = (
                set(Filing.objects.filter(state__in=DECIDED).values_list("pk", flat=True))
                - decided_before
            )
            assert not newly_decided, f"POST {url} decided {newly_decided} as {who}"
            assert _b_rows(world_b) == b_before, f"POST {url} changed operator B's rows"
