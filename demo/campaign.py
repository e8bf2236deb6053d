"""The March 2021 campaign (docs/domain-rules.md#notices-and-summons), on top of the demo:
written notices from the Beijing CAC jointly with the Beijing PSB, and from the Shanghai,
Zhejiang and Guangdong offices, to the eleven companies, with the operators spread over every
status of the campaign board. The notices and what follows each are data:
demo/scenarios/campaign.json.

Notices are drafted and signed through the notices services with the day of issue passed as
`today` (as the demo registers event-triggered features with past event dates): the Beijing
summons was issued the day Kuaishou's Feichuan feature records as its trigger date, so its
30 working days have run out. Filings are started from the notices with
`start_filing_from_notice` and moved with the lifecycle services. One link is staged:
Feichuan's filing, registered by the main demo under trigger 5 with that date, is linked to
the Beijing notice it answers (NoticeFiling.objects.create), which makes Kuaishou the overdue
operator; the notices sweep then reminds Kuaishou and escalates to the offices' supervisors.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessments.services import sign_assessment
from filings import services as filing_services
from notices.models import Notice, NoticeFiling, NoticeRecipient
from notices.services import (
    acknowledge_notice,
    add_minutes,
    draft_notice,
    record_meeting,
    sign_notice,
    start_filing_from_notice,
)
from notices.services.reminders import create_reminders
from platforms.models import Membership, Operator, Role
from workcalendar.calendar import subtract_working_days

from .answers import answer, assessment_of
from .data import FEATURES, choice, uscc
from .pdf import demo_pdf
from .scenario import REGIMES

if TYPE_CHECKING:
    from .builder import _Builder

CAMPAIGN = Path(__file__).parent / "scenarios" / "campaign.json"
_CAMPAIGN: dict[str, Any] = json.loads(CAMPAIGN.read_text(encoding="utf-8"))

# The two summoned companies that run no consumer platform in the demo.
EXTRA_OPERATORS: dict[str, dict[str, str]] = {
    key: {
        **{k: v for k, v in company.items() if k != "org"},
        "uscc": uscc(company["region_code"], company["org"]),
    }
    for key, company in _CAMPAIGN["operators"].items()
}
# (username, given, family, organisation key, role): logins the campaign adds (the offices'
# supervisors who co-sign, beijing_psb_supervisor among them, are in data.PEOPLE).
CAMPAIGN_PEOPLE: list[tuple[str, str, str, str, str]] = [
    (
        p["username"],
        p["given_name"],
        p["family_name"],
        p["organisation"],
        choice(p["role"], Role, f"campaign people.{p['username']}"),
    )
    for p in _CAMPAIGN["people"]
]


def build_campaign(builder: _Builder) -> None:
    """The notices of demo/scenarios/campaign.json, each issued and then taken through its
    steps; then the reminders and the escalation of the overdue operator, as the beat's sweep
    would send them."""
    campaign = _CAMPAIGN
    _organisations(builder)
    for spec in campaign["notices"]:
        notice = _notice(builder, spec, reason=campaign["reason"], risks=campaign["risks"])
        for step in spec["steps"]:
            args = {k: v for k, v in step.items() if k not in ("do", "note")}
            STEPS[step["do"]](builder, notice, **args)
    create_reminders(today=builder.today)


def _organisations(builder: _Builder) -> None:
    for key, data in EXTRA_OPERATORS.items():
        fields = {k: v for k, v in data.items() if k != "domain"}
        builder.operators[key], _ = Operator.objects.get_or_create(
            uscc=fields.pop("uscc"), defaults=fields
        )
    user_model = get_user_model()
    encoded = user_model.objects.get(username="admin").password  # the one demo password
    for username, given, family, org, role in CAMPAIGN_PEOPLE:
        organisation = builder._organisation(org)
        domain = EXTRA_OPERATORS.get(org, {}).get("domain", "filings.example")
        user = user_model.objects.create(
            username=username,
            first_name=given,
            last_name=family,
            email=f"{username}@{domain}",
            password=encoded,
        )
        builder.users[username] = user
        if isinstance(organisation, Operator):
            Membership.objects.create(user=user, operator=organisation, role=role)
            builder.officer_of[org] = user
        else:
            Membership.objects.create(user=user, authority=organisation, role=role)


def _notice(builder: _Builder, spec: dict[str, Any], *, reason: str, risks: list[str]) -> Notice:
    issued = spec["issued"]
    if "trigger_date_of" in issued:
        trigger_date = builder.features[issued["trigger_date_of"]].feature.trigger_date
        if trigger_date is None:
            raise RuntimeError(f"{issued['trigger_date_of']} has no trigger date to issue on.")
        on = trigger_date
    else:
        on = subtract_working_days(builder.today, issued["working_days_ago"])
    u = builder.users
    notice = draft_notice(
        by=u[spec["by"]],
        authority=builder.authorities[spec["office"]],
        joint_authority=builder.authorities[spec["joint"]] if "joint" in spec else None,
        title=spec["title"],
        reason=reason,
        operators=[builder.operators[k] for k in spec["operators"]],
        scope=Notice.Scope.LISTED if spec["services"] else Notice.Scope.ALL_OPINION,
        services=[builder.platforms[k] for k in spec["services"]],
        risks_to_rectify="\n".join(risks),
        today=on,
    )
    if "cosign" in spec:
        notice = sign_notice(notice=notice, by=u[spec["cosign"]], today=on)
    return notice


# --- The steps a notice is taken through ---------------------------------------------------
def _record_meeting(
    builder: _Builder, notice: Notice, *, by: str, days_after_issue: int, at: str, **where: str
) -> None:
    if notice.issued_on is None:
        raise RuntimeError(f"Notice {notice.pk} is not issued: no meeting to record.")
    day = notice.issued_on + dt.timedelta(days=days_after_issue)
    record_meeting(
        notice=notice,
        by=builder.users[by],
        meeting_at=timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(at))),
        **where,
    )


def _add_minutes(builder: _Builder, notice: Notice, *, by: str, lines: list[str]) -> None:
    pdf = demo_pdf(*(line.format(number=notice.number) for line in lines))
    upload = SimpleUploadedFile("summons-minutes.pdf", pdf, "application/pdf")
    add_minutes(notice=notice, by=builder.users[by], upload=upload)
    builder.files += [m.file.name for m in notice.minutes.all()]


def _file(
    builder: _Builder,
    notice: Notice,
    *,
    operator: str,
    platform: str,
    title: str,
    submit: bool = False,
    approve: str = "",
    claim: str = "",
) -> None:
    """The operator starts the filing the notice asks for; then, as the step says, answers,
    signs and submits it, and its offices accept it or a reviewer claims it."""
    recipient = NoticeRecipient.objects.get(notice=notice, operator=builder.operators[operator])
    item = recipient.items.get(platform=builder.platforms[platform])
    (link,) = start_filing_from_notice(
        recipient=recipient,
        by=builder.officer_of[operator],
        today=builder.today,
        platform=item.platform,
        item=item,
        title=title,
        description=f"The service named in notice {notice.number}, as it runs today.",
    )
    filing = link.filing
    if submit:
        # Answered as the demo answers the platform's own feature (data.FEATURES).
        key = next(k for k, spec in FEATURES.items() if spec["platform"] == platform)
        assessment = assessment_of(filing)
        answer(builder, key, assessment)
        sign_assessment(assessment=assessment, by=builder._signatory(filing.platform))
        builder._submit(filing)
    if approve:
        builder._approve(filing, approve)
    if claim:
        filing_services.claim_filing(filing=filing, by=builder.users[claim])


def _acknowledge(builder: _Builder, notice: Notice, *, operator: str) -> None:
    recipient = notice.recipients.get(operator=builder.operators[operator])
    acknowledge_notice(recipient=recipient, by=builder.officer_of[operator])


def _link(builder: _Builder, notice: Notice, *, operator: str, feature: str, regime: str) -> None:
    """Staged (see the module docstring): a filing the main demo registered is linked to the
    notice it answers."""
    recipient = notice.recipients.get(operator=builder.operators[operator])
    NoticeFiling.objects.create(
        recipient=recipient,
        item=recipient.items.first(),
        filing=builder.features[feature].filings[REGIMES[regime]],
        created_by=builder.officer_of[operator],
    )


STEPS: dict[str, Callable[..., None]] = {
    "record_meeting": _record_meeting,
    "add_minutes": _add_minutes,
    "file": _file,
    "acknowledge": _acknowledge,
    "link": _link,
}
