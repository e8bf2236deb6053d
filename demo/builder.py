# ruff: noqa: RUF001, RUF100
# RUF001 is silenced on purpose: Chinese legal names are written with full-width brackets, as
# they are registered. RUF100 is listed so the directive is not reported where RUF001 is off.
"""Builds the demo (see the package docstring): the reference data and people of demo/data.py,
then the scenarios of demo/scenarios/ (run by demo/scenario.py with the steps of
demo/steps.py), the campaign and the inspection."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from assessments.models import Answer, Assessment, Evidence, Question, evidence_storage
from assessments.questionnaire_algorithm_v1 import TEMPLATE as ALGORITHM_TEMPLATE
from assessments.questionnaire_v1 import TEMPLATE as SECURITY_TEMPLATE
from assessments.services import (
    load_template,
    save_answer,
    sign_assessment,
    unsign_assessment,
)
from filings import services
from filings.models import Deadline, DeadlineKind, DeadlineRule, Filing, Regime
from filings.regimes_data import load_regimes
from filings.services.deadlines import compute_due, sync_next_due
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
    EVIDENCE_NAMES,
    FEATURES,
    MARKER_USERNAME,
    OPERATORS,
    PEOPLE,
    PLATFORMS,
    RISK_RATINGS,
    SECURITY,
    uscc,
)
from .inspection import build_inspection
from .pdf import demo_pdf
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
        load_template(SECURITY_TEMPLATE)
        load_template(ALGORITHM_TEMPLATE)
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
        for key, data in OPERATORS.items():
            lead_name, _position, phone = data["lead"]
            operator = Operator(
                name_zh=data["name_zh"],
                name_en=data["name_en"],
                uscc=uscc(data["region_code"], data["org"]),
                region_code=data["region_code"],
                security_lead_name=lead_name,
                security_lead_email=f"security-lead@{data['domain']}",
                security_lead_phone=phone,
            )
            operator.full_clean()
            operator.save()
            self.operators[key] = operator
        counted_on = (_month_end(self.today, 6), _month_end(self.today, 0))
        for key, data in PLATFORMS.items():
            platform = Platform(
                operator=self.operators[data["operator"]],
                form=Platform.Form.APP,
                name_zh=data["name_zh"],
                name_en=data["name_en"],
                url=data["url"],
                feature_tags=data["tags"],
                description=data["description"],
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
                for as_of, (registered, active) in zip(counted_on, data["users"], strict=True)
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

    # --- Answers -----------------------------------------------------------------------------
    def _answer_values(self, key: str, assessment: Assessment) -> dict[str, Any]:
        """Plausible answers to every question of the assessment's questionnaire."""
        spec = FEATURES[key]
        feature = self.features[key].feature
        platform = self.platforms[spec["platform"]]
        operator_key = self._operator_key(platform)
        op = OPERATORS[operator_key]
        pf = PLATFORMS[spec["platform"]]
        if assessment.template.code == ALGORITHM:
            return {
                **spec["algorithm"],
                "K3": "provider",
                "K5": f"Self-assessment of {spec['algorithm']['K1']}: data, model and output "
                "security, labelling, complaint handling; signed and sealed report attached.",
            }
        lead, position, phone = op["lead"]
        deputy, deputy_position, deputy_phone = op["deputy"]
        registered, active = pf["users"][-1]
        voice = "voice_room" in pf["tags"] or "voice" in spec["title"].lower()
        algorithm = self.features[key].filings.get(ALGORITHM)
        algorithm_due = (
            algorithm.deadlines.filter(kind=DeadlineKind.FILING).order_by("-pk").first()
            if algorithm
            else None
        )
        values: dict[str, Any] = {
            "A1": f"{platform.name_en} ({platform.name_zh}): {pf['description']} Offered to "
            "users in mainland China aged 14 and over.",
            "A2": feature.description,
            "A3": platform.form,
            "A4": platform.url or "Invitation-only; download page shared with invited users.",
            "A5": registered,
            "A6": active,
            "A7": op["deploy"],
            "A8": op["licences"],
            "A9": feature.trigger,
            "A10": spec.get("method", "self"),
            "A11": spec.get("agency", ""),
            "B1": f"{lead}, {position}; security-lead@{op['domain']}, {phone}. Member of the "
            "management committee, accountable for the security of this service.",
            "B2": pf["reviewers"],
            "B3": "Three eight-hour shifts, 7x24; peak hours (19:00-01:00) staffed at 1.5 times "
            "the base level; the holiday rota is approved two weeks ahead.",
            "B4": "Platform Security Committee chaired by the security lead, with a Content "
            "Security Centre (review, policy, escalation), a Data Security team and an "
            "emergency desk; reports to the board every month. Organisation chart attached.",
            "B5": "40 hours of induction with an examination (pass mark 90%); monthly briefings "
            "on new laws, regulations and review standards; quarterly re-testing.",
            "C1": "mobile_number_and_id" if voice or "live" in pf["tags"] else "mobile_number",
            "C2": "Mobile number checked by SMS at registration; ID card and face liveness "
            "checked against the national identity authentication service before a user goes "
            "live, opens a room or speaks on mic. Unverified users can only listen and read.",
            "C3": pf["verified"],
            "C4": 36,
            "D1": True,
            "D2": "Fields: user ID, account, operation type, timestamp (ms, UTC+8), source IP and "
            "port, destination IP and port, device ID, OS and app version, room or stream ID. "
            "Specification v2.3 and a de-identified sample attached.",
            "D3": "Posts, comments and room titles are kept with every version; live and "
            "voice-room audio is recorded in full with speech-to-text transcripts; video "
            "streams are sampled every 10 seconds.",
            "D4": 12,
            "E1": "Content Review Rules v5.2, the Review Standards Manual and the Harmful "
            "Information Handling Procedure (three-level escalation). Attached.",
            "E2": "Nicknames, avatars, bios and room titles are machine-screened before they "
            "appear and on every change; flagged items reach a human within 10 minutes.",
            "E3": "Keyword and semantic filters, image and video recognition, hash matching "
            "against known harmful content, human re-review of all flags and of trending "
            "items; accounts are warned, muted, restricted or closed.",
            "E4": "Speech recognition transcribes every active room and stream in real time; "
            "classifiers flag risky speech to human patrols, who cover all rooms over 100 "
            "listeners every five minutes. Median time from detection to action: 90 seconds.",
            "E5": True,
            "E6": "Every action is logged with a content snapshot, the account, the action, the "
            "time and the reviewer's ID, and kept for three years.",
            "F1": "Personal Information Protection Policy under the PIPL; separate consent for "
            "sensitive personal information; role-based access; AES-256 at rest and TLS 1.2+ "
            "in transit; the leak response plan is rehearsed twice a year.",
            "F2": "Repost depth and frequency limits for new accounts; human curation of "
            "trending lists; spread-anomaly detection that triggers review within five "
            "minutes; one-step takedown across the platform.",
            "F3": pf["room_limit"],
            "F4": "Invitations go to mutual followers only, at most 20 a day; accounts younger "
            "than seven days or without real-name verification cannot invite.",
            "F5": "A room's notice reaches only its followers, at most three times a day; no "
            "cross-room broadcast exists.",
            "G1": f"'Report' on every room, stream, comment and profile; hotline 400-810-"
            f"{phone[-4:]}; jubao@{op['domain']}; published in Settings and on the website "
            "footer. Screenshots attached.",
            "G2": f"{platform.url or 'In the app'}: Me > Settings > Help and feedback > Report",
            "G3": 7,
            "G4": True,
            "G5": "A second reviewer who did not take the original decision decides within "
            "three working days; the user is told by in-app message.",
            "H1": f"{lead} ({position}), 24-hour line {phone}; deputy {deputy} "
            f"({deputy_position}), {deputy_phone}.",
            "H2": "Requests arrive through the regulator liaison mailbox and a secure line; the "
            "legal counsel and the security lead approve within two hours; data is provided "
            "within 24 hours, at once in an emergency.",
            "H3": "Requests from public-security and state-security organs are received by the "
            "police liaison desk (7x24), checked by the legal counsel and answered within 24 "
            "hours, at once when lives are at risk.",
            "H4": "The legal document and the requester's identity are checked against the "
            "issuing organ by telephone; the legal counsel and the security lead approve each "
            "release, which is logged (request, legal basis, data, approver, time) for three "
            "years.",
            "I1": "none",
            "I2": "The user must confirm, on a separate screen, that every person shown has "
            "agreed; the edited person can withdraw consent from their own account. Screens "
            "attached.",
            "I3": "In-house assessment of the model and its templates: misuse, identity-leak "
            "and bias tests. Report attached.",
            "I4": "A visible 'AI生成 / AI-generated' label in the top-left corner of every frame "
            "and at the start of audio, which cannot be switched off. Samples attached.",
            "I5": "A robust invisible watermark in every frame or audio segment, and the "
            "producer, model and time in the file metadata.",
            "I6": "Watermarks survive re-encoding, cropping and screen recording (tested "
            "quarterly); uploads whose mark has been removed are blocked and the uploader "
            "warned.",
            "I7": "Licensed material and recordings of consenting people only, under written "
            "contracts; personal information is processed under the PIPL.",
            "I8": "",
            "I9": algorithm_due.due_date.isoformat() if algorithm_due else "",
            "J1": "No risk above low found. E4: speech recognition misses dialects at peak "
            "hours (low).",
            "J2": "Dialect models added for the ten most common dialects; human patrol capacity "
            "at peak hours raised by 20%. Evidence attached.",
            "J3": "low",
            "J4": "compliant",
            "J5": self.today.isoformat(),
            "J6": f"{lead}, signed; the signature page bearing the company seal is attached.",
        }
        values.update(spec.get("answers", {}))
        if "A2" in spec.get("answers", {}):
            values["A2"] = f"{feature.description} {values['A2']}"
        return values

    def _answer(self, key: str, assessment: Assessment, *, only: set[str] | None = None) -> None:
        """Answer the applicable questions (or `only` these) and attach the evidence needed."""
        spec = FEATURES[key]
        platform = self.platforms[spec["platform"]]
        officer = self._officer(platform)
        values = self._answer_values(key, assessment)
        for question in assessment.applicable_questions().order_by("section__order", "order"):
            if only is not None and question.code not in only:
                continue
            rating = RISK_RATINGS.get(question.code, Answer.Rating.NONE)
            if question.code == "J1" and values.get("J3") in {"medium", "high"}:
                rating = Answer.Rating.MEDIUM
            answer = save_answer(
                assessment=assessment,
                question=question,
                value=values.get(question.code),
                by=officer,
                risk_rating=rating,
            )
            if question.evidence_required and not answer.evidence.exists():
                self._attach(answer, key, officer)
        if only is None and assessment.template.code == SECURITY:
            method = values["A10"]
            assessment.method = method
            assessment.agency_name = values["A11"] if method == "third_party" else ""
            assessment.residual_risk = values["J3"]
            assessment.conclusion = f"{values['J1']} {values['J2']}"
            assessment.save(
                update_fields=["method", "agency_name", "residual_risk", "conclusion", "updated_at"]
            )

    def _attach(self, answer: Answer, key: str, by: Any) -> Evidence:
        code = answer.question.code
        name, classification = EVIDENCE_NAMES.get(
            code, ("supporting-document.pdf", Evidence.Classification.CONFIDENTIAL)
        )
        platform = self.platforms[FEATURES[key]["platform"]]
        # The PDF's built-in font has no Chinese: the title's Chinese name is left out.
        title = re.sub(r"\s*\([^)]*[^\x00-\x7f][^)]*\)", "", FEATURES[key]["title"])
        content = demo_pdf(
            f"{platform.operator.name_en}",
            f"{platform.name_en}: {title}",
            f"Question {code}: {name.removesuffix('.pdf').replace('-', ' ')}",
            "Demo evidence: not a real document.",
        )
        return steps.attach_evidence(
            answer,
            by=by,
            content=content,
            name=name,
            classification=classification,
            stored=self.files,
        )

    def _prepare(self, key: str) -> _Feature:
        """Answer and sign every assessment of the feature (the security and deep-synthesis
        filings share one: both use the security questionnaire)."""
        item = self.features[key]
        platform = item.feature.platform
        done: set[int] = set()
        for filing in item.filings.values():
            assessment = filing.assessment
            if assessment.pk in done:
                continue
            done.add(assessment.pk)
            self._answer(key, assessment)
            sign_assessment(assessment=assessment, by=self._signatory(platform))
        return item

    def _revise(self, filing: Filing, answers: dict[str, Any]) -> None:
        """Reopen the signed assessment, change some answers, and have it signed again."""
        platform = filing.platform
        officer, signatory = self._officer(platform), self._signatory(platform)
        assessment = Assessment.objects.get(pk=filing.assessment_id)
        unsign_assessment(assessment=assessment, by=officer)
        for code, value in answers.items():
            question = self._question(assessment.template_id, code)
            previous = Answer.objects.get(assessment=assessment, question=question)
            save_answer(
                assessment=assessment,
                question=question,
                value=value,
                by=officer,
                risk_rating=previous.risk_rating,
            )
        sign_assessment(assessment=assessment, by=signatory)

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
