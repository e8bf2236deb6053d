"""`filings.access`: who sees which filing and who may act on it, asked in one place.

The per-role tables (tests/filings/test_visibility.py, test_permissions.py) and the security
walker (tests/security/) prove the pages answer 404 outside these querysets; this file pins
the module's own rules, including the ones that differ between the querysets.
"""

from __future__ import annotations

from typing import Any

import pytest

from filings import access, services
from filings.models import Filing, State
from tests.factories import MembershipFactory, UserFactory

from .conftest import client_for


@pytest.fixture
def cast(cast: dict[str, Any]) -> dict[str, Any]:
    """The 2018 security assessment: the Beijing CAC and the Beijing PSB each review it."""
    return {**cast, "regime": "cn-security-assessment"}


@pytest.fixture
def submitted(make_filing: Any) -> Filing:
    return make_filing(State.SUBMITTED)


def ids(queryset: Any) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_an_escalated_filing_is_seen_by_the_supervising_office_until_it_confirms(
    submitted, beijing_supervisor, cac_supervisor, beijing_cac
):
    assert submitted.pk not in ids(access.regulator_filings(cac_supervisor))
    services.claim_filing(filing=submitted, by=beijing_supervisor)
    services.propose_decision(
        filing=submitted, by=beijing_supervisor, kind="approve", reasons="Complete."
    )

    for scope in (access.regulator_filings, access.readable_filings, access.visible_filings):
        assert submitted.pk in ids(scope(cac_supervisor)), scope.__name__
    review = access.office_review(submitted, cac_supervisor)
    assert review is not None and review.authority_id == beijing_cac.pk

    services.approve_filing(filing=submitted, by=cac_supervisor)
    # Confirmed: the national office no longer has anything to do with it.
    assert submitted.pk not in ids(access.regulator_filings(cac_supervisor))
    assert client_for(cac_supervisor).get(f"/review/filings/{submitted.pk}/").status_code == 404


def test_an_admin_manages_every_filing_but_reads_none(make_filing, admin):
    draft = make_filing(State.DRAFT)

    assert draft.pk in ids(access.visible_filings(admin))
    assert ids(access.readable_filings(admin)) == set()
    assert ids(access.regulator_filings(admin)) == set()
    assert client_for(admin).post(f"/dossiers/filing/{draft.pk}/").status_code == 404


def test_a_draft_is_the_operators_alone(
    make_filing, douyin_officer, bytedance_signatory, beijing_reviewer, wechat_officer
):
    draft = make_filing(State.DRAFT)

    assert draft.pk in ids(access.officer_filings(douyin_officer))
    assert draft.pk in ids(access.readable_filings(bytedance_signatory))
    assert draft.pk not in ids(access.visible_filings(beijing_reviewer))
    assert draft.pk not in ids(access.visible_filings(wechat_officer))
    assert access.can_file(douyin_officer, draft)
    assert access.is_filer(bytedance_signatory, draft)
    assert not access.can_file(bytedance_signatory, draft), "a signatory signs, never files"
    assert not access.reviews_filing(beijing_reviewer, draft)
    assert not access.can_comment(beijing_reviewer, draft)


def test_the_addressed_offices_review_and_comment_others_do_not(
    submitted, beijing_reviewer, beijing_psb_reviewer, shanghai_reviewer, douyin_officer
):
    for regulator in (beijing_reviewer, beijing_psb_reviewer):
        assert access.reviews_filing(regulator, submitted)
        assert access.can_comment(regulator, submitted)
    assert not access.reviews_filing(shanghai_reviewer, submitted)
    assert not access.can_comment(shanghai_reviewer, submitted)
    assert access.can_comment(douyin_officer, submitted)
    assert not access.reviews_filing(douyin_officer, submitted)


def test_only_a_supervisor_assigns(beijing_reviewer, beijing_supervisor, douyin_officer):
    assert access.can_assign(beijing_supervisor)
    assert not access.can_assign(beijing_reviewer)
    assert not access.can_assign(douyin_officer)


def test_a_person_in_two_offices_acts_for_the_first_addressed_one(submitted, beijing_psb):
    both = UserFactory(username="beijing_both")
    # One membership per role: a reviewer of one office and a supervisor of the other.
    for role, authority in zip(
        ("reviewer", "supervisor"), submitted.authorities.all(), strict=True
    ):
        MembershipFactory(user=both, role=role, authority=authority)

    assert access.acting_office(submitted, both) == min(submitted.authority_ids)
    assert {r.authority_id for r in access.office_reviews(submitted, both)} == set(
        submitted.authority_ids
    )
    assert beijing_psb.pk in submitted.authority_ids


# --- The logged-in user, read in one query (accounts.security.ModelBackend.get_user) --------
def _as_logged_in(user: Any) -> Any:
    from accounts.security import ModelBackend

    return ModelBackend().get_user(str(user.pk))


def test_the_logged_in_user_brings_roles_escalations_and_unread_count_read_with_it(
    submitted, beijing_supervisor, cac_supervisor, bytedance, beijing_cac, douyin_officer
):
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from filings.models import Notification
    from platforms.models import Role
    from platforms.roles import get_actor

    services.claim_filing(filing=submitted, by=beijing_supervisor)
    services.propose_decision(
        filing=submitted, by=beijing_supervisor, kind="approve", reasons="Complete."
    )
    # Someone in two organisations with two roles in one, and notifications in every state.
    MembershipFactory(user=cac_supervisor, role=Role.REVIEWER, authority=beijing_cac)
    MembershipFactory(user=cac_supervisor, role=Role.OFFICER, operator=bytedance)
    for read, withdrawn in ((None, None), (None, None), (submitted.created_at, None)):
        Notification.objects.create(
            recipient=cac_supervisor,
            verb="claimed",
            message="m",
            read_at=read,
            withdrawn_at=withdrawn,
        )
    Notification.objects.create(
        recipient=cac_supervisor, verb="claimed", message="m", withdrawn_at=submitted.created_at
    )

    for user in (cac_supervisor, beijing_supervisor, douyin_officer):
        with CaptureQueriesContext(connection) as ctx:
            loaded = _as_logged_in(user)
            actor = get_actor(loaded)
            scope = ids(access.regulator_filings(loaded))
        plain = User.objects.get(pk=user.pk)
        assert actor == get_actor(plain), user
        assert scope == ids(access.regulator_filings(plain)), user
        unread = Notification.objects.for_user(plain).unread().count()
        assert (loaded.unread_notifications_preloaded or 0) == unread, user
        # The user with all three, then the filings: no query for the roles or escalations.
        assert len(ctx) == (2 if actor.is_regulator else 1), [q["sql"] for q in ctx]

    cac = get_actor(_as_logged_in(cac_supervisor))
    assert cac.authority_roles[beijing_cac.pk] == {Role.REVIEWER}
    assert cac.operator_roles == {bytedance.pk: frozenset({Role.OFFICER})}
    assert _as_logged_in(cac_supervisor).unread_notifications_preloaded == 2
    # The escalated filing is in the national office's scope, read with the user's row.
    assert submitted.pk in ids(access.regulator_filings(_as_logged_in(cac_supervisor)))


def test_a_membership_removed_or_a_user_deactivated_takes_effect_on_the_next_request(
    submitted, beijing_reviewer
):
    from platforms.models import Membership

    assert submitted.pk in ids(access.regulator_filings(_as_logged_in(beijing_reviewer)))
    Membership.objects.filter(user=beijing_reviewer).delete()
    assert ids(access.regulator_filings(_as_logged_in(beijing_reviewer))) == set()
    assert client_for(beijing_reviewer).get(f"/review/filings/{submitted.pk}/").status_code in (
        403,
        404,
    )
    beijing_reviewer.is_active = False
    beijing_reviewer.save()
    assert _as_logged_in(beijing_reviewer) is None


@pytest.mark.parametrize("bad", ["", "x", "1.5", None, "99999999"])
def test_a_session_with_a_bad_or_unknown_user_id_is_logged_out(bad, db):
    assert _as_logged_in(type("U", (), {"pk": bad})()) is None
