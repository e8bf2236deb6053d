"""The March 2021 campaign (DESIGN.md section 11), on top of the demo: written notices from the
Beijing CAC jointly with the Beijing PSB, and from the Shanghai, Zhejiang and Guangdong
offices, to the eleven companies, with the operators spread over every status of the
campaign board.

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

from .data import FEATURES, uscc

if TYPE_CHECKING:
    from .builder import _Builder

# The two summoned companies that run no consumer platform in the demo.
EXTRA_OPERATORS: dict[str, dict[str, str]] = {
    "jingdata": {
        "name_zh": "北京鲸准数服科技有限公司",
        "name_en": "Beijing Jingdata Technology Co., Ltd.",
        "region_code": "110105",
        "uscc": uscc("110105", "MA01JDATA"),
        "domain": "jingdata.example",
    },
    "yunzhanghu": {
        "name_zh": "云账户（天津）共享经济信息咨询有限公司",  # noqa: RUF001 (the legal name)
        "name_en": "Yunzhanghu (Tianjin) Sharing Economy Information Consulting Co., Ltd.",
        "region_code": "120116",
        "uscc": uscc("120116", "MA05YHWU0"),
        "domain": "yunzhanghu.example",
    },
}

# (username, given, family, organisation key, role): logins the campaign adds (the offices'
# supervisors who co-sign, beijing_psb_supervisor among them, are in data.PEOPLE).
CAMPAIGN_PEOPLE: list[tuple[str, str, str, str, str]] = [
    ("jingdata_officer", "Lin", "He", "jingdata", Role.OFFICER),
    ("yunzhanghu_officer", "Tao", "Ma", "yunzhanghu", Role.OFFICER),
]

REASON = (
    "Voice-social services and deep-synthesis functions were launched or expanded without the "
    "security assessment the 2018 provisions require. You are summoned to carry out the "
    "assessment on your own, rectify hidden risks, and file the report before adding new "
    "functions or information services that can shape opinion or mobilise people."
)
RISKS = "Voice rooms without real-time moderation\nDeep synthesis without labels or consent"


def build_campaign(builder: _Builder) -> None:
    today = builder.today
    _organisations(builder)
    u = builder.users
    beijing = _notice(
        builder,
        by=u["beijing_supervisor"],
        office="beijing_cac",
        joint="beijing_psb",
        title="Summons: voice-social services and deep synthesis (March 2021)",
        operators=["bytedance", "kuaishou", "xiaomi", "inke"],
        services=["douyin", "feichuan", "mitalk", "inke"],
        issued=builder.features["feichuan_voice_rooms"].feature.trigger_date,
        cosign=u["beijing_psb_supervisor"],
    )
    record_meeting(
        notice=beijing,
        by=u["beijing_reviewer"],
        meeting_at=timezone.make_aware(
            dt.datetime.combine(beijing.issued_on + dt.timedelta(days=1), dt.time(9, 30))
        ),
        place="Beijing CAC, meeting room 3",
        attendees="Beijing CAC, Beijing PSB; security leads of ByteDance, Kuaishou, Xiaomi, Inke",
    )
    minutes = _pdf(
        "Summons meeting minutes",
        f"Notice {beijing.number}",
        "Beijing CAC and Beijing PSB met the security leads of four operators.",
        "Each undertook to assess, rectify and file within 30 working days.",
    )
    add_minutes(notice=beijing, by=u["beijing_reviewer"], upload=minutes)
    builder.files += [m.file.name for m in beijing.minutes.all()]
    # ByteDance: assessed, filed, concluded. Inke: under review. Xiaomi: submitted.
    bytedance = _file(builder, beijing, "bytedance", "douyin", "Douyin voice chat rooms")
    _submit(builder, bytedance, "douyin")
    builder._approve(bytedance, "Moderation of voice rooms in place.")
    inke = _file(builder, beijing, "inke", "inke", "Inke voice party rooms, on notice")
    _submit(builder, inke, "inke")
    filing_services.claim_filing(filing=inke, by=u["beijing_reviewer"])
    xiaomi = _file(builder, beijing, "xiaomi", "mitalk", "Mi Talk audio rooms, on notice")
    _submit(builder, xiaomi, "mitalk")
    # Kuaishou: Feichuan's draft, half answered, is the filing the notice asked for (staged).
    kuaishou = beijing.recipients.get(operator=builder.operators["kuaishou"])
    acknowledge_notice(recipient=kuaishou, by=builder.officer_of["kuaishou"])
    NoticeFiling.objects.create(
        recipient=kuaishou,
        item=kuaishou.items.first(),
        filing=builder.features["feichuan_voice_rooms"].security,
        created_by=builder.officer_of["kuaishou"],
    )

    # Jingdata and Yunzhanghu: a recent notice; one acknowledged, one not yet.
    recent = _notice(
        builder,
        by=u["beijing_supervisor"],
        office="beijing_cac",
        joint="beijing_psb",
        title="Written notice: assess services with public-opinion attributes",
        operators=["jingdata", "yunzhanghu"],
        services=[],
        issued=subtract_working_days(today, 3),
        cosign=u["beijing_psb_supervisor"],
    )
    acknowledge_notice(
        recipient=recent.recipients.get(operator=builder.operators["jingdata"]),
        by=builder.officer_of["jingdata"],
    )
    # Shanghai: Ximalaya's assessment in progress.
    shanghai = _notice(
        builder,
        by=u["shanghai_supervisor"],
        office="shanghai_cac",
        title="Written notice: AI voice podcasts",
        operators=["ximalaya"],
        services=["ximalaya"],
        issued=subtract_working_days(today, 10),
    )
    _file(builder, shanghai, "ximalaya", "ximalaya", "Ximalaya podcast rooms, on notice")
    # Zhejiang: Alibaba acknowledged, NetEase notified.
    zhejiang = _notice(
        builder,
        by=u["zhejiang_supervisor"],
        office="zhejiang_cac",
        title="Written notice: live rooms and voice live streaming",
        operators=["alibaba", "netease"],
        services=["taobao_live", "netease_music"],
        issued=subtract_working_days(today, 5),
    )
    acknowledge_notice(
        recipient=zhejiang.recipients.get(operator=builder.operators["alibaba"]),
        by=builder.officer_of["alibaba"],
    )
    # Guangdong: Tencent in progress, Quyan acknowledged.
    guangdong = _notice(
        builder,
        by=u["guangdong_supervisor"],
        office="guangdong_cac",
        title="Written notice: voice channels and live face swap",
        operators=["tencent", "quyan"],
        services=["qq", "tt_voice"],
        issued=subtract_working_days(today, 8),
    )
    _file(builder, guangdong, "tencent", "qq", "QQ open voice channels, on notice")
    acknowledge_notice(
        recipient=guangdong.recipients.get(operator=builder.operators["quyan"]),
        by=builder.officer_of["quyan"],
    )
    # Reminders and the escalation of the overdue operator, as the beat's sweep would.
    create_reminders(today=today)


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


def _notice(
    builder: _Builder,
    *,
    by: Any,
    office: str,
    title: str,
    operators: list[str],
    services: list[str],
    issued: dt.date,
    joint: str | None = None,
    cosign: Any = None,
) -> Notice:
    notice = draft_notice(
        by=by,
        authority=builder.authorities[office],
        joint_authority=builder.authorities[joint] if joint else None,
        title=title,
        reason=REASON,
        operators=[builder.operators[k] for k in operators],
        scope=Notice.Scope.LISTED if services else Notice.Scope.ALL_OPINION,
        services=[builder.platforms[k] for k in services],
        risks_to_rectify=RISKS,
        today=issued,
    )
    if cosign is not None:
        notice = sign_notice(notice=notice, by=cosign, today=issued)
    return notice


def _file(builder: _Builder, notice: Notice, operator: str, platform: str, title: str) -> Any:
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
    return link.filing


def _submit(builder: _Builder, filing: Any, platform: str) -> None:
    key = next(k for k, spec in FEATURES.items() if spec["platform"] == platform)
    builder._answer(key, filing.assessment)
    sign_assessment(assessment=filing.assessment, by=builder._signatory(filing.platform))
    builder._submit(filing)


def _pdf(*lines: str) -> SimpleUploadedFile:
    from .builder import demo_pdf

    return SimpleUploadedFile("summons-minutes.pdf", demo_pdf(*lines), "application/pdf")
