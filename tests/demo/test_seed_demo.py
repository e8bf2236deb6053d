"""`manage.py seed_demo` builds the demo (README.md#a-tour-of-the-demo) through the real
services."""

from __future__ import annotations

import json
import re
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.html import escape

from assessments.models import Evidence
from assessments.services import missing_items
from audit.services import verify_chain
from demo.campaign import CAMPAIGN, EXTRA_OPERATORS
from demo.campaign import STEPS as CAMPAIGN_STEPS
from demo.data import AUTHORITIES, DEMO_PASSWORD, FEATURES, OPERATORS, PEOPLE, PLATFORMS
from demo.pdf import demo_pdf
from demo.scenario import REGIMES, VERBS, ScenarioError, load_stories
from filings import access
from filings.models import Comment, Deadline, FactChange, Filing, RectificationOrder, State
from registry.selectors import public_status, published

LOGINS = ["admin", *(username for username, *_ in PEOPLE)]


def seed(**options: Any) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo(db: Any, settings: Any) -> str:
    settings.DEMO_MODE = True
    return seed()


# Each seeded test builds the whole demo (about a second): the checks are grouped to keep the
# suite quick.
def test_demo_has_every_state_overdue_deadlines_and_quyans_rectification_order(
    demo: str,
) -> None:
    states = set(Filing.objects.values_list("state", flat=True))
    assert states == set(State.values)
    assert "Withdrawn" in demo

    overdue = Deadline.objects.open().filter(due_date__lt=timezone.localdate())
    assert overdue.filter(filing__state=State.DRAFT, kind="filing").exists()
    assert overdue.filter(kind="review").exists()

    quyan = RectificationOrder.objects.filter(filing__operator__name_en__contains="Quyan")
    assert quyan.filter(
        status=RectificationOrder.Status.OPEN, filing__state=State.RECTIFICATION_REQUIRED
    ).exists()

    report = verify_chain()
    assert report.ok, report
    assert report.count > 50


def test_submitted_filings_are_complete_and_reach_the_right_regulators(demo: str) -> None:
    submitted = Filing.objects.filter(first_submitted_at__isnull=False).select_related("assessment")
    assert submitted.count() >= 15
    for filing in submitted:
        assert filing.revisions.exists()
        assert not missing_items(filing.assessment), filing
    assert Evidence.objects.first().file.read().startswith(b"%PDF-1.4")
    assert Comment.objects.filter(kind=Comment.Kind.INFORMATION_REQUEST).exists()
    assert Comment.objects.filter(kind=Comment.Kind.RETURN_REASON, question__isnull=False).exists()

    users = get_user_model().objects
    beijing = access.visible_filings(users.get(username="beijing_reviewer"))
    operators = " ".join(beijing.values_list("operator__name_en", flat=True).distinct())
    for company in ("ByteDance", "Kuaishou", "Xiaomi", "Inke"):
        assert company in operators
    national = access.visible_filings(users.get(username="cac_reviewer"))
    assert set(national.values_list("regime__code", flat=True)) == {"cn-algorithm-filing"}


def test_every_login_authenticates_and_a_second_run_changes_nothing(
    demo: str, settings: Any
) -> None:
    for username in LOGINS:
        assert authenticate(username=username, password=DEMO_PASSWORD), username
        assert username in demo
    assert get_user_model().objects.get(username="admin").is_superuser

    users, filings = get_user_model().objects.count(), Filing.objects.count()
    settings.DEMO_MODE = False
    assert "Demo data already present" in seed(force=True)
    assert (get_user_model().objects.count(), Filing.objects.count()) == (users, filings)


def test_refuses_to_run_outside_demo_mode(db: Any, settings: Any) -> None:
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        seed()
    assert not get_user_model().objects.exists()


def test_demo_pdf_is_well_formed() -> None:
    pdf = demo_pdf("Beijing ByteDance Technology Co., Ltd.", "Brackets (and \\ backslashes)")
    assert pdf.startswith(b"%PDF-1.4\n")
    assert pdf.endswith(b"%%EOF\n")
    xref = int(re.search(rb"startxref\n(\d+)\n", pdf).group(1))
    assert pdf[xref:].startswith(b"xref\n0 6\n")
    offsets = re.findall(rb"(\d{10}) 00000 n ", pdf)
    for number, offset in enumerate(offsets, start=1):
        assert pdf[int(offset) :].startswith(b"%d 0 obj" % number)


def test_a_failure_leaves_nothing_behind(
    db: Any, settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(builder: Any) -> None:
        raise RuntimeError("the campaign, after every story, failed")

    settings.DEMO_MODE = True
    monkeypatch.setattr("demo.builder.build_campaign", fail)
    with pytest.raises(RuntimeError):
        seed()
    assert not get_user_model().objects.exists()
    assert not Filing.objects.exists()
    assert not [p for p in (tmp_path / "evidence").rglob("*") if p.is_file()]


def test_if_demo_does_nothing_quietly_outside_demo_mode(db: Any, settings: Any) -> None:
    settings.DEMO_MODE = False
    out = StringIO()
    call_command("seed_demo", "--if-demo", stdout=out)
    assert "no demo data" in out.getvalue()
    assert not get_user_model().objects.filter(username="douyin_officer").exists()


def test_beijing_reviewer_has_an_overdue_resubmitted_filing_to_compare(
    demo: str, client: Any
) -> None:
    """The README's walk-through: from the overdue tile to a filing whose second revision
    differs from the first."""
    inke = Filing.objects.get(
        planned_feature__title__startswith="Multi-user voice party rooms",
        regime__code="cn-security-assessment",
    )
    assert inke.state == State.UNDER_REVIEW
    first, second = inke.revisions.order_by("number")
    assert first.snapshot["answers"]["F3"]["value"] != second.snapshot["answers"]["F3"]["value"]
    assert inke.deadlines.filter(status="open", due_date__lt=timezone.localdate()).exists()
    client.force_login(get_user_model().objects.get(username="beijing_reviewer"))
    page = client.get(f"/review/filings/{inke.pk}/").text
    assert "2 answers changed since the previous revision" in page


def test_alibabas_refused_change_and_its_corrected_one_are_before_the_national_cac(
    demo: str, client: Any
) -> None:
    """The README's tour: the change's text, the refusal's reasons and the corrected change,
    read by the supervisor before deciding."""
    taobao = Filing.objects.get(
        operator__name_en__contains="Alibaba", regime__code="cn-algorithm-filing"
    )
    assert taobao.state == State.CHANGE_PENDING
    changes = {c.status: c for c in FactChange.objects.filter(filing=taobao)}
    assert set(changes) == {
        FactChange.Status.ACCEPTED,
        FactChange.Status.REFUSED,
        FactChange.Status.FILED,
    }
    assert public_status(published().get(pk=taobao.pk)) == "changed"
    client.force_login(get_user_model().objects.get(username="cac_supervisor"))
    page = client.get(f"/review/filings/{taobao.pk}/accept-change/").text
    assert escape(changes[FactChange.Status.FILED].description) in page
    workspace = client.get(f"/review/filings/{taobao.pk}/").text
    assert escape(changes[FactChange.Status.REFUSED].reasons) in workspace


def test_every_scenario_step_names_a_known_step_filing_and_person() -> None:
    """The scenarios are data: a typo in one is caught here, not half-way through a seed."""
    people = {"admin", *(username for username, *_ in PEOPLE)}
    stories = load_stories()
    assert len({story["story"] for story in stories}) == len(stories)
    for story in stories:
        assert story["feature"] in FEATURES, story["story"]
        assert story["about"], story["story"]
        assert set(story["states"]) <= set(REGIMES), story["story"]
        assert set(story["states"].values()) <= set(State.values), story["story"]
        for step in story["steps"]:
            where = (story["story"], step)
            assert step["do"] in VERBS, where
            names = step.get("filings", [step["filing"]] if "filing" in step else [])
            assert names == "all" or set(names) <= set(REGIMES), where
            for role in ("by", "reviewer"):
                assert step.get(role, "admin") in people, where
            assert step.get("office", "national_cac") in AUTHORITIES, where


def test_a_scenario_whose_filing_ends_in_another_state_stops_the_seed(
    db: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A story's `states` are checked: a scenario edited into a state it does not reach fails
    loudly, and the seed leaves nothing behind."""
    stories = load_stories()
    stories[0] = {**stories[0], "states": {**stories[0]["states"], "security": "revoked"}}
    monkeypatch.setattr("demo.builder.load_stories", lambda: stories)
    settings.DEMO_MODE = True

    with pytest.raises(ScenarioError, match="bytedance_douyin: the security filing ended"):
        seed()
    assert not Filing.objects.exists()


def test_every_campaign_notice_names_known_offices_operators_people_and_steps() -> None:
    campaign = json.loads(CAMPAIGN.read_text(encoding="utf-8"))
    people = {username for username, *_ in PEOPLE}
    operators = {*OPERATORS, *EXTRA_OPERATORS}
    for notice in campaign["notices"]:
        where = notice["notice"]
        assert {notice["office"], notice.get("joint", "beijing_psb")} <= set(AUTHORITIES), where
        assert {notice["by"], notice.get("cosign", notice["by"])} <= people, where
        assert set(notice["operators"]) <= operators, where
        assert set(notice["services"]) <= set(PLATFORMS), where
        for step in notice["steps"]:
            assert step["do"] in CAMPAIGN_STEPS, (where, step)
            assert step.get("operator", "inke") in notice["operators"], (where, step)


def test_a_changed_a_revoked_and_a_verified_filing_tell_their_story_on_their_timelines(
    demo: str, client: Any
) -> None:
    """The records a newcomer reads on the filer's page: Tencent's verified rectification,
    Quyan's revoked algorithm filing with its reasons, Alibaba's accepted change."""
    order = RectificationOrder.objects.get(status=RectificationOrder.Status.VERIFIED)
    qq = order.filing
    assert qq.platform.name_en == "QQ"
    assert order.status == RectificationOrder.Status.VERIFIED
    assert qq.state == State.CONCLUDED, "back where the order found it"
    client.force_login(get_user_model().objects.get(username="tencent_officer"))
    page = client.get(f"/filings/{qq.pk}/").text
    assert "verified" in page.lower()
    assert escape(order.items.get().text) in page

    revoked = Filing.objects.get(state=State.REVOKED, operator__name_en__contains="Quyan")
    client.force_login(get_user_model().objects.get(username="quyan_officer"))
    page = client.get(f"/filings/{revoked.pk}/").text
    assert "look-alike templates still in use" in page

    changed = Filing.objects.get(
        operator__name_en__contains="Alibaba", regime__code="cn-algorithm-filing"
    )
    accepted = FactChange.objects.get(filing=changed, status=FactChange.Status.ACCEPTED)
    client.force_login(get_user_model().objects.get(username="alibaba_officer"))
    assert escape(accepted.description) in client.get(f"/filings/{changed.pk}/").text


@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("people.douyin_officer.role", lambda d: d["people"][0].update(role="officr")),
        (
            "authorities.national_cac.kind",
            lambda d: d["authorities"]["national_cac"].update(kind="x"),
        ),
        ("risk_ratings.J1", lambda d: d["risk_ratings"].update(J1="lowish")),
        (
            "people.douyin_officer: no organisation",
            lambda d: d["people"][0].update(organisation="x"),
        ),
    ],
    ids=["role", "kind", "rating", "organisation"],
)
def test_a_typing_error_in_the_reference_data_is_refused_with_its_place(
    tmp_path: Any, monkeypatch: Any, where: str, change: Any
) -> None:
    from demo import data

    reference = json.loads(data.REFERENCE.read_text(encoding="utf-8"))
    change(reference)
    broken = tmp_path / "reference.json"
    broken.write_text(json.dumps(reference, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(data, "REFERENCE", broken)
    with pytest.raises(data.DemoDataError, match=re.escape(where)):
        data._load()
