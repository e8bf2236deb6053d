"""Who sees what: the user-scoped querysets every page reads through
(docs/domain-rules.md#who-may-do-what).

ByteDance (Beijing) has a face-swap feature whose security assessment and algorithm filing
were submitted, and a second feature whose filings are still drafts. Tencent (Shenzhen) has
a submitted security assessment, addressed to Guangdong's offices.

The security assessment goes to the Beijing CAC and the Beijing PSB; the algorithm filing to
the Beijing CAC (the provincial first review) and then to the national CAC (the decision).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from assessments.models import Assessment, Evidence
from assessments.services import sign_assessment
from filings import access, services
from filings.models import Filing, State
from platforms.models import Operator, PlannedFeature, Platform
from tests.builders import complete_assessment, filing_in_state, plan_feature

ALGORITHM = "cn-algorithm-filing"


def pks(objects: Any) -> set[int]:
    """The primary keys of a queryset or of any collection of model instances."""
    if hasattr(objects, "values_list"):
        return set(objects.values_list("pk", flat=True))
    return {o.pk for o in objects}


def submit(filing: Filing, cast: dict[str, Any]) -> Filing:
    """Complete, sign and submit the filing's assessment, as the operator would."""
    complete_assessment(filing.assessment, cast["officer"])
    if not filing.assessment.is_signed:
        sign_assessment(assessment=filing.assessment, by=cast["signatory"])
    services.submit_filing(filing=filing, by=cast["officer"])
    return Filing.objects.get(pk=filing.pk)


@pytest.fixture
def world(
    cast: dict[str, Any], wechat: Any, wechat_officer: Any, tencent_signatory: Any
) -> dict[str, Any]:
    submitted_security = filing_in_state(State.SUBMITTED, **cast)
    face_swap = submitted_security.planned_feature
    algorithm = submit(face_swap.filings.get(regime__code=ALGORITHM), cast)
    drafts = plan_feature(cast["platform"], cast["officer"], title="Voice rooms")
    tencent = filing_in_state(
        State.SUBMITTED,
        platform=wechat,
        officer=wechat_officer,
        signatory=tencent_signatory,
        reviewer=None,
        supervisor=None,
        title="Live voice co-hosting",
    )
    return {
        "submitted_security": submitted_security,
        "algorithm": algorithm,
        "drafts": {f.regime.code: f for f in drafts},
        "bytedance_filings": pks(
            Filing.objects.filter(planned_feature__in=[face_swap, drafts[0].planned_feature])
        ),
        "tencent": tencent,
        "tencent_filings": pks(tencent.planned_feature.filings.all()),
    }


def visible(model: Any, user: Any) -> Any:
    """What `user` may see of `model`: filings by `filings.access`, the rows of the apps below
    it by their managers."""
    return access.visible_filings(user) if model is Filing else model.objects.visible_to(user)


# The querysets that scope an operator's own data, and how each finds the operator.
OPERATOR_DATA = [
    pytest.param(Operator, "pk", id="operators"),
    pytest.param(Platform, "operator_id", id="platforms"),
    pytest.param(PlannedFeature, "platform__operator_id", id="planned_features"),
    pytest.param(Assessment, "planned_feature__platform__operator_id", id="assessments"),
    pytest.param(
        Evidence, "answer__assessment__planned_feature__platform__operator_id", id="evidence"
    ),
    pytest.param(Filing, "operator_id", id="filings"),
]


# --- Operator staff ------------------------------------------------------------------------
@pytest.mark.parametrize(("model", "operator_path"), OPERATOR_DATA)
@pytest.mark.parametrize(
    ("who", "operator"),
    [
        ("douyin_officer", "bytedance"),
        ("bytedance_signatory", "bytedance"),
        ("wechat_officer", "tencent"),
    ],
)
def test_operator_staff_see_only_their_own_operators_data(
    request: pytest.FixtureRequest,
    world: dict[str, Any],
    model: Any,
    operator_path: str,
    who: str,
    operator: str,
) -> None:
    user = request.getfixturevalue(who)
    own = request.getfixturevalue(operator)
    expected = pks(model.objects.filter(**{operator_path: own.pk}))

    assert expected, "the world has some of each for every operator"
    assert pks(visible(model, user)) == expected


def test_officer_sees_own_drafts_but_not_other_operators_filings(
    world: dict[str, Any], douyin_officer: Any
) -> None:
    visible = pks(access.visible_filings(douyin_officer))

    assert visible == world["bytedance_filings"]
    assert pks(world["drafts"].values()) <= visible
    assert world["tencent"].pk not in visible


# --- Regulators ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "who", ["beijing_reviewer", "beijing_supervisor", "beijing_psb_reviewer", "cac_reviewer"]
)
def test_regulator_never_sees_drafts(
    request: pytest.FixtureRequest, world: dict[str, Any], who: str
) -> None:
    visible = access.visible_filings(request.getfixturevalue(who))

    assert not visible.filter(state=State.DRAFT).exists()
    assert not pks(visible) & pks(world["drafts"].values())


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # The Beijing CAC reviews both: the security assessment jointly with the PSB, the
        # algorithm filing as the provincial first review.
        ("beijing_reviewer", ["submitted_security", "algorithm"]),
        # The PSB is addressed only by the security assessment.
        ("beijing_psb_reviewer", ["submitted_security"]),
    ],
)
def test_beijing_offices_see_the_submitted_filings_addressed_to_them_only(
    request: pytest.FixtureRequest, world: dict[str, Any], who: str, expected: list[str]
) -> None:
    visible = pks(access.visible_filings(request.getfixturevalue(who)))

    # Not the unsubmitted drafts, not Tencent's (Guangdong's).
    assert visible == {world[name].pk for name in expected}


def test_shanghai_reviewer_sees_nothing_of_bytedances(
    world: dict[str, Any], shanghai_reviewer: Any
) -> None:
    for model, _path in (p.values for p in OPERATOR_DATA):
        assert not visible(model, shanghai_reviewer).exists(), model


def test_cac_reviewer_sees_bytedances_algorithm_filing_once_submitted_but_not_its_assessments(
    world: dict[str, Any], cac_reviewer: Any, cast: dict[str, Any]
) -> None:
    draft = world["drafts"][ALGORITHM]
    assert pks(access.visible_filings(cac_reviewer)) == {world["algorithm"].pk}

    submit(draft, cast)

    visible = access.visible_filings(cac_reviewer)
    assert pks(visible) == {world["algorithm"].pk, draft.pk}
    assert set(visible.values_list("regime__code", flat=True)) == {ALGORITHM}


def test_filing_withdrawn_after_submission_stays_on_the_regulators_record(
    world: dict[str, Any], beijing_reviewer: Any, cast: dict[str, Any]
) -> None:
    filing = world["submitted_security"]

    services.withdraw_filing(filing=filing, by=cast["officer"])

    visible = pks(access.visible_filings(beijing_reviewer))
    assert visible == {filing.pk, world["algorithm"].pk}


@pytest.mark.parametrize(
    ("regime", "state"),
    [
        ("cn-security-assessment", State.RETURNED),
        ("cn-security-assessment", State.CONCLUDED),
        ("cn-security-assessment", State.REASSESSMENT_REQUIRED),
        (ALGORITHM, State.APPROVED),
        (ALGORITHM, State.REVOKED),
    ],
)
def test_regulator_sees_a_filing_from_its_first_submission_on(
    cast: dict[str, Any], beijing_reviewer: Any, cac_supervisor: Any, regime: str, state: str
) -> None:
    # The national CAC decides (and revokes) an algorithm filing; the Beijing CAC, which did
    # its first review, still sees it.
    people = {"supervisor": cac_supervisor} if regime == ALGORITHM else {}
    filing = filing_in_state(state, **{**cast, **people, "regime": regime})
    assert access.visible_filings(beijing_reviewer).filter(pk=filing.pk).exists(), state


def test_regulator_sees_no_other_operators_filings_outside_its_region(
    world: dict[str, Any], beijing_reviewer: Any, cac_reviewer: Any
) -> None:
    for regulator in (beijing_reviewer, cac_reviewer):
        assert not pks(access.visible_filings(regulator)) & world["tencent_filings"]


# --- Admins and the anonymous --------------------------------------------------------------
def test_admin_sees_every_filing_and_organisation_but_no_evidence(
    world: dict[str, Any], admin: Any
) -> None:
    assert pks(access.visible_filings(admin)) == pks(Filing.objects.all())
    assert access.visible_filings(admin).filter(state=State.DRAFT).exists()
    for model in (Operator, Platform, PlannedFeature):
        assert pks(visible(model, admin)) == pks(model.objects.all()), model
    assert Evidence.objects.exists()
    assert not Evidence.objects.visible_to(admin).exists()


def test_anonymous_visitor_sees_nothing(world: dict[str, Any]) -> None:
    anonymous = AnonymousUser()

    for model, _path in (p.values for p in OPERATOR_DATA):
        assert model.objects.exists(), model
        assert not visible(model, anonymous).exists(), model
