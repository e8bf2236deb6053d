# ruff: noqa: RUF001, RUF100
# RUF001 is silenced on purpose: Chinese legal names are written with full-width brackets, as
# they are registered. RUF100 is listed so the directive is not reported where RUF001 is off.
"""Builds the demo (see the package docstring): the reference data and people of demo/data.py,
then the scenarios of demo/scenarios/ (run by demo/scenario.py with the steps of
demo/steps.py), the campaign and the inspection."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from assessments.models import Question, evidence_storage
from assessments.services import load_published_templates
from filings import services
from filings.models import Deadline, DeadlineKind, DeadlineRule, Filing, Regime
from filings.regimes_data import load_regimes
from filings.services.clocks import compute_due
from filings.services.deadlines import sync_next_due
from platforms.models import (
    Authority,
    Membership,
    Operator,
    PlannedFeature,
    Platform,
    PlatformUserCount,
    Role,
)
from workcalendar.calendar import subtract_working_days

from . import steps
from .campaign import CAMPAIGN_PEOPLE, build_campaign
from .data import (
    ALGORITHM,
    AUTHORITIES,
    DEEP_SYNTHESIS,
    DEMO_PASSWORD,
    FEATURES,
    MARKER_USERNAME,
    OPERATORS,
    PEOPLE,
    PLATFORMS,
    SECURITY,
    uscc,
)
from .inspection import build_inspection
from .scenario import load_stories, run_story
from .steps import Proposal

# What a demo supervisor says on confirming the reviewer's proposal.
AGREED = "Agreed with the reviewer's proposal."


def demo_present() -> bool:
    return get_user_model().objects.filter(username=MARKER_USERNAME).exists()


def _month_end(today: dt.date, months_back: int) -> dt.date:
    """The last day of the month `months_back` + 1 months before today's month."""
    year, month = today.year, today.month - months_back
    while month <= 0:
        month, year = month + 12, year - 1
    return dt.date(year, month, 1) - dt.timedelta(days=1)


@dataclass
class DemoSummary:
    states: Counter[str]
    overdue: int
    logins: list[tuple[str, str, str]]  # username, role, organisation


@dataclass
class _Feature:
    feature: PlannedFeature
    filings: dict[str, Filing]

    @property
    def security(self) -> Filing:
        return self.filings[SECURITY]

    @property
    def algorithm(self) -> Filing:
        return self.filings[ALGORITHM]

    @property
    def deep_synthesis(self) -> Filing:
        return self.filings[DEEP_SYNTHESIS]


def seed_demo(*, today: dt.date | None = None) -> DemoSummary:
    """Build the demo in one transaction; evidence files written before a failure are removed
    again (the database rolls back, the file storage does not)."""
    builder = _Builder(today or timezone.localdate())
    try:
        with transaction.atomic():
            builder.build()
    except BaseException:
        builder.remove_files()
        raise
    return builder.summary()


class _Builder:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.authorities: dict[str, Authority] = {}
        self.operators: dict[str, Operator] = {}
        self.platforms: dict[str, Platform] = {}
        self.users: dict[str, Any] = {}
        self.features: dict[str, _Feature] = {}
        self.officer_of: dict[str, Any] = {}
        self.signatory_of: dict[str, Any] = {}
        self.files: list[str] = []
        self._questions: dict[tuple[int, str], Question] = {}

    # --- The frame -------------------------------------------------------------------------
    def build(self) -> None:
        # The migrations load these; loading again is a no-op, and keeps the command working
        # on a database whose reference tables were flushed (as transactional tests do).
        load_published_templates()
        load_regimes(Regime, DeadlineRule)
        self._organisations()
        self._people()
        for key in FEATURES:
            self._register(key)
        # Each operator's filings, driven to their states (demo/scenarios/stories.json).
        for story in load_stories():
            run_story(self, story)
        # The March 2021 notices and their campaign boards (demo/campaign.py).
        build_campaign(self)
        # An on-site inspection of a campaign filing, and the order made from it
        # (demo/inspection.py).
        build_inspection(self)

    def remove_files(self) -> None:
        storage = evidence_storage()
        for name in self.files:
            storage.delete(name)

    def summary(self) -> DemoSummary:
        states = Counter(Filing.objects.values_list("state", flat=True))
        overdue = Deadline.objects.open().filter(due_date__lt=self.today).count()
        logins = [("admin", "admin", "the system")]
        logins += [
            (username, str(Role(role).label), self._organisation(org).name_en)
            for username, _given, _family, org, role in [*PEOPLE, *CAMPAIGN_PEOPLE]
        ]
        return DemoSummary(states=states, overdue=overdue, logins=logins)

    def _organisation(self, key: str) -> Authority | Operator:
        return self.authorities.get(key) or self.operators[key]

    # --- Reference data ----------------------------------------------------------------------
    def _organisations(self) -> None:
        for key, data in AUTHORITIES.items():
            # An office an admin already set up is reused: the filings must go to it.
            self.authorities[key], _created = Authority.objects.get_or_create(
                kind=data["kind"],
                level=data["level"],
                region_code=data["region_code"],
                defaults=data,
            )
        for key, company in OPERATORS.items():
            lead_name, _position, phone = company["lead"]
            operator = Operator(
                name_zh=company["name_zh"],
                name_en=company["name_en"],
                uscc=uscc(company["region_code"], company["org"]),
                region_code=company["region_code"],
                security_lead_name=lead_name,
                security_lead_email=f"security-lead@{company['domain']}",
                security_lead_phone=phone,
            )
            operator.full_clean()
            operator.save()
            self.operators[key] = operator
        counted_on = (_month_end(self.today, 6), _month_end(self.today, 0))
        for key, service in PLATFORMS.items():
            platform = Platform(
                operator=self.operators[service["operator"]],
                form=Platform.Form.APP,
                name_zh=service["name_zh"],
                name_en=service["name_en"],
                url=service["url"],
                feature_tags=service["tags"],
                description=service["description"],
            )
            platform.full_clean()
            platform.save()
            self.platforms[key] = platform
            PlatformUserCount.objects.bulk_create(
                PlatformUserCount(
                    platform=platform,
                    as_of=as_of,
                    registered_users=registered,
                    monthly_active_users=active,
                )
                for as_of, (registered, active) in zip(counted_on, service["users"], strict=True)
            )

    def _people(self) -> None:
        user_model = get_user_model()
        admin = user_model(
            username="admin",
            first_name="System",
            last_name="Administrator",
            email="admin@filings.example",
            is_staff=True,
            is_superuser=True,
        )
        admin.set_password(DEMO_PASSWORD)
        # Every demo login has the same published password: hash it once (a strong hash takes
        # a good fraction of a second) and give the others the same encoded value.
        encoded = admin.password
        users = [admin]
        for username, given, family, org, _role in PEOPLE:
            domain = (
                OPERATORS[org]["domain"]
                if org in OPERATORS
                else AUTHORITIES[org]["email"].partition("@")[2]
            )
            users.append(
                user_model(
                    username=username,
                    first_name=given,
                    last_name=family,
                    email=f"{username}@{domain}",
                    password=encoded,
                )
            )
        for user in users:
            user.save()
            self.users[user.get_username()] = user
        Membership.objects.bulk_create(
            Membership(
                user=self.users[username],
                role=role,
                operator=self.operators.get(org),
                authority=self.authorities.get(org),
            )
            for username, _given, _family, org, role in PEOPLE
        )
        for username, _given, _family, org, role in PEOPLE:
            if role == Role.OFFICER:
                self.officer_of[org] = self.users[username]
            elif role == Role.SIGNATORY:
                self.signatory_of[org] = self.users[username]

    # --- Features and their filings ----------------------------------------------------------
    def _register(self, key: str) -> None:
        spec = FEATURES[key]
        platform = self.platforms[spec["platform"]]
        fields: dict[str, Any] = {
            "title": spec["title"],
            "description": spec["description"],
            "trigger": spec["trigger"],
            "planned_launch_date": self.today + dt.timedelta(days=spec["launch_in"]),
            **dict.fromkeys(spec["flags"], True),
        }
        if "event_wd_ago" in spec:
            fields["trigger_date"] = subtract_working_days(self.today, spec["event_wd_ago"])
        feature, filings = steps.register_feature(
            platform=platform, by=self._officer(platform), today=self.today, **fields
        )
        self.features[key] = _Feature(feature, {f.regime.code: f for f in filings})

    def _officer(self, platform: Platform) -> Any:
        return self.officer_of[self._operator_key(platform)]

    def _signatory(self, platform: Platform) -> Any:
        return self.signatory_of[self._operator_key(platform)]

    def _operator_key(self, platform: Platform) -> str:
        return next(k for k, o in self.operators.items() if o.pk == platform.operator_id)

    def _question(self, template_id: int, code: str) -> Question:
        if (template_id, code) not in self._questions:
            for question in Question.objects.filter(section__template_id=template_id):
                self._questions[(template_id, question.code)] = question
        return self._questions[(template_id, code)]

    # --- Moves -------------------------------------------------------------------------------
    def _submit(self, filing: Filing) -> None:
        services.submit_filing(filing=filing, by=self._officer(filing.platform))

    def _people_of(self, authority_id: int) -> tuple[Any, Any]:
        """The demo's reviewer and supervisor of an office."""
        key = next(k for k, a in self.authorities.items() if a.pk == authority_id)
        found = {role: username for username, _g, _f, org, role in PEOPLE if org == key}
        return self.users[found[Role.REVIEWER]], self.users[found[Role.SUPERVISOR]]

    def _conclude(
        self,
        filing: Filing,
        authority: str,
        *,
        kind: str,
        reasons: str,
        items: Sequence[str] = (),
        due_date: dt.date | None = None,
    ) -> None:
        """One office's review: claimed, proposed by its reviewer, confirmed by its
        supervisor (`items`, `due_date`: a re-assessment or rectification order's)."""
        office = self.authorities[authority]
        reviewer, supervisor = self._people_of(office.pk)
        steps.conclude_office(
            filing,
            office_id=office.pk,
            reviewer=reviewer,
            supervisor=supervisor,
            proposal=Proposal(kind, reasons, AGREED, items=items, due_date=due_date),
        )

    def _approve(self, filing: Filing, reasons: str) -> None:
        """Every office accepts (or files), stage by stage, each with its own reviewer and
        supervisor."""
        steps.conclude_every_office(
            filing,
            people=lambda review: self._people_of(review.authority_id),
            proposal_for=lambda _review: Proposal("approve", reasons, AGREED),
        )

    def _backdate_review(self, filing: Filing, *, working_days_ago: int) -> None:
        # Demo back-dating (see the module docstring): the review clock is moved as if the
        # filing had been submitted `working_days_ago` working days ago. Never done outside
        # demo data; there, deadlines move only through the services.
        deadline = Deadline.objects.open().get(filing=filing, kind=DeadlineKind.REVIEW)
        anchor = subtract_working_days(self.today, working_days_ago)
        due = compute_due(anchor, deadline.amount, deadline.unit, deadline.paused_working_days)
        Deadline.objects.filter(pk=deadline.pk).update(
            anchor_date=anchor, due_date=due.date, provisional=due.provisional
        )
        sync_next_due(filing)

    def _launch(self, key: str, on: dt.date | None = None) -> None:
        item = self.features[key]
        services.launch_feature(
            feature=item.feature,
            by=self._officer(item.feature.platform),
            on=on or item.feature.planned_launch_date,
        )

    def _end(self, key: str, on: dt.date) -> None:
        # There is no service for the end of a feature yet; it is plain data, not a filing's
        # state, so the demo records it directly.
        PlannedFeature.objects.filter(pk=self.features[key].feature.pk).update(
            status=PlannedFeature.Status.ENDED, ended_on=on
        )

    def _q(self, filing: Filing, code: str) -> Question:
        return self._question(filing.template_id, code)
