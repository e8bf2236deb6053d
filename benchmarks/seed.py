"""A national-scale data set for the benchmarks (issue #7): `manage.py bench_seed`.

At scale 1.0: 30 authorities (the national CAC, provincial and city CACs and public-security
offices) with 200 reviewers and supervisors; 1,000 operators with officers and signatories,
5,000 platforms; 300,000 filings in every state of every active regime over ten years, with
their planned features, assessments (answers to the questions that carry evidence), about
three revisions and five pieces of evidence per filed filing, deadlines, the review's
comments, decisions and rectification orders; 2,000,000 audit events on a valid hash chain
and 1,000,000 notifications. Every count scales with `scale` (0.001 gives 300 filings).

How it is fast. Everything is planned in Python first (who, what, which state, when), then
streamed table by table to PostgreSQL with COPY from generators, in one transaction. The
loaded tables lose their secondary indexes, unique constraints and foreign keys first and get
them back at the end: one sort per index and one join per key instead of a check per row,
and every key is still validated when it is put back. Sequences are set afterwards; ANALYZE
runs last. On the command's own transaction COPY uses FREEZE, so the first reads do not
rewrite every page to set hint bits.

What it keeps: the reference data the migrations load (regimes, deadline rules, questionnaire
templates), the admins' calendar, content types, permissions and groups, and the change
counter (bumped, so no cached figure survives). Everything else is emptied. Only a database
whose name contains "bench" is touched, unless a test says otherwise.

How the data looks to a person. Filings move through the states the way the services move
them (filings/services): submitted, claimed or assigned, returned with reasons per question
and resubmitted, proposed, approved with a filing number, changed, rectified, cancelled or
revoked; each step at a working-day time in Asia/Shanghai, the open ones recent, with open
deadlines around today (some overdue). Revisions are the snapshots
`assessments.services.snapshot` freezes, built as its canonical JSON, so `snapshot_hash`
gives their stored SHA-256 and the workspace's diff shows changed answers and added evidence.
The audit trail holds the newest `audit_events` of those steps (the trail starts when the
system went live; older history came from the spreadsheets), hashed exactly as
`AuditEvent.compute_hash` does. Notifications are today's reminders (the reminder sweep's own
INSERT, marked as e-mailed) and the newest event notifications; older ones are read.

For benchmarks/run.py: `bench_reviewer` and `bench_supervisor` work at the Beijing CAC, which
receives most filings (at scale 1.0 more than 110,000 approved ones are in their queue under
`state=approved`); `bench_officer` is the compliance officer of an operator with 40 platforms
and more than 1,000 filings; `bench_signatory` signs for it and `bench_admin` is a superuser.
All share the password BENCH_PASSWORD.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import math
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone, translation

from assessments.models import Answer, Assessment, Evidence, Question, Section, Template
from assessments.services import current_template
from audit.models import GENESIS_HASH, AuditEvent
from filings import models as filing_models
from filings.models import (
    Comment,
    Deadline,
    DeadlineKind,
    DeadlinePause,
    DeadlineRule,
    Decision,
    Filing,
    FilingRevision,
    Notification,
    RectificationItem,
    RectificationOrder,
    Regime,
    State,
)
from filings.services import reminders
from filings.services.obligations import addressed_authorities
from platforms.models import (
    FEATURE_FLAGS,
    PRE_LAUNCH_TRIGGERS,
    Authority,
    Membership,
    Operator,
    PlannedFeature,
    Platform,
    PlatformUserCount,
    Role,
    Trigger,
)
from platforms.validators import USCC_ALPHABET, uscc_check_character
from workcalendar import calendar
from workcalendar.models import CalendarDay, CalendarYear

BENCH_PASSWORD = "bench-password-123"  # noqa: S105 (a published benchmark login)
BENCH_REVIEWER = "bench_reviewer"
BENCH_SUPERVISOR = "bench_supervisor"
BENCH_OFFICER = "bench_officer"
BENCH_SIGNATORY = "bench_signatory"
BENCH_ADMIN = "bench_admin"
BENCH_USERS = (BENCH_REVIEWER, BENCH_SUPERVISOR, BENCH_OFFICER, BENCH_SIGNATORY, BENCH_ADMIN)
BENCH_AUTHORITY = "beijing_cac"
DEFAULT_SEED = 2026
YEARS = 10

S = State
NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_SHANGHAI = 8 * 3600  # China has kept UTC+8, without daylight saving, since 1991
_SECOND = 1_000_000  # timestamps are integer microseconds since the epoch, in UTC
_MINUTE = 60 * _SECOND
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR

# States whose filing waits on someone now: their last step is recent.
OPEN_STATES = frozenset(State) - {S.APPROVED, S.REJECTED, S.CANCELLED, S.REVOKED, S.WITHDRAWN}
NUMBERED = frozenset(filing_models.NUMBERED_STATES)
# Share of the filings in each state (the Beijing CAC's approved share is raised to what the
# benchmark needs, see _assign_states).
STATE_WEIGHTS = {
    S.APPROVED: 600,
    S.CANCELLED: 70,
    S.REVOKED: 12,
    S.REJECTED: 40,
    S.WITHDRAWN: 30,
    S.RECTIFICATION_REQUIRED: 12,
    S.CHANGE_PENDING: 12,
    S.CANCELLATION_PENDING: 6,
    S.DRAFT: 50,
    S.SUBMITTED: 40,
    S.UNDER_REVIEW: 70,
    S.RETURNED: 20,
    S.PENDING_APPROVAL: 18,
}
BEIJING_FEATURE_SHARE = 0.8  # of the features (big platforms are Beijing companies)
BEIJING_OPERATOR_SHARE = 0.35
MET_DEADLINE_SHARE = 0.35


class SeedError(RuntimeError):
    """The seeder cannot run here, or the schema changed in a way it must be taught."""


# --- Sizes ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Targets:
    scale: float
    operators: int
    platforms: int
    filings: int
    regulators: int
    audit_events: int
    notifications: int
    bench_platforms: int
    bench_features: int
    bench_approved: int  # approved filings in bench_reviewer's queue, at least

    @classmethod
    def at(cls, scale: float) -> Targets:
        if not 0 < scale <= 10:
            raise SeedError("The scale is a number above 0 and at most 10.")

        def n(full: int, least: int = 1) -> int:
            return max(least, round(full * scale))

        operators = n(1_000, 12)
        bench_platforms = n(40, 2)
        return cls(
            scale=scale,
            operators=operators,
            platforms=max(n(5_000), operators + bench_platforms),
            filings=n(300_000, 60),
            regulators=max(n(200), 2 * len(AUTHORITIES) + 2),
            audit_events=n(2_000_000, 100),
            notifications=n(1_000_000, 50),
            bench_platforms=bench_platforms,
            bench_features=n(750, 3),
            bench_approved=math.ceil(113_000 * scale),  # 110,000 and a margin
        )


@dataclass
class SeedReport:
    scale: float
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    total_seconds: float = 0.0


# --- Who regulates --------------------------------------------------------------------------
# (key, zh, en, region code, municipality): a CAC and a public-security office each.
_PROVINCES = [
    ("beijing", "北京", "Beijing", "110000", True),
    ("tianjin", "天津", "Tianjin", "120000", True),
    ("shanghai", "上海", "Shanghai", "310000", True),
    ("chongqing", "重庆", "Chongqing", "500000", True),
    ("jiangsu", "江苏", "Jiangsu", "320000", False),
    ("zhejiang", "浙江", "Zhejiang", "330000", False),
    ("anhui", "安徽", "Anhui", "340000", False),
    ("fujian", "福建", "Fujian", "350000", False),
    ("shandong", "山东", "Shandong", "370000", False),
    ("hubei", "湖北", "Hubei", "420000", False),
    ("guangdong", "广东", "Guangdong", "440000", False),
    ("sichuan", "四川", "Sichuan", "510000", False),
]
# City offices: operators registered there file with them, not the province.
_CITIES = [
    ("shenzhen", "深圳", "Shenzhen", "440300", True),
    ("hangzhou", "杭州", "Hangzhou", "330100", True),
    ("chengdu", "成都", "Chengdu", "510100", False),  # the city CAC only
]


def _authority_rows() -> list[dict[str, Any]]:
    cac, psb = Authority.Kind.CAC, Authority.Kind.PUBLIC_SECURITY
    rows = [
        {
            "key": "national_cac",
            "name_zh": "国家互联网信息办公室",
            "name_en": "Cyberspace Administration of China",
            "kind": cac,
            "level": Authority.Level.NATIONAL,
            "region_code": "100000",
        }
    ]
    for key, zh, en, region, municipality in _PROVINCES:
        unit_zh, unit_en = ("市", "Municipal") if municipality else ("省", "Provincial")
        rows.append(
            {
                "key": f"{key}_cac",
                "name_zh": f"{zh}{unit_zh}互联网信息办公室",
                "name_en": f"{en} {unit_en} Cyberspace Administration",
                "kind": cac,
                "level": Authority.Level.PROVINCIAL,
                "region_code": region,
            }
        )
        rows.append(
            {
                "key": f"{key}_psb",
                "name_zh": f"{zh}市公安局" if municipality else f"{zh}省公安厅",
                "name_en": f"{en} Municipal Public Security Bureau"
                if municipality
                else f"{en} Provincial Public Security Department",
                "kind": psb,
                "level": Authority.Level.PROVINCIAL,
                "region_code": region,
            }
        )
    for key, zh, en, region, with_psb in _CITIES:
        rows.append(
            {
                "key": f"{key}_cac",
                "name_zh": f"{zh}市互联网信息办公室",
                "name_en": f"{en} Municipal Cyberspace Administration",
                "kind": cac,
                "level": Authority.Level.CITY,
                "region_code": region,
            }
        )
        if with_psb:
            rows.append(
                {
                    "key": f"{key}_psb",
                    "name_zh": f"{zh}市公安局",
                    "name_en": f"{en} Municipal Public Security Bureau",
                    "kind": psb,
                    "level": Authority.Level.CITY,
                    "region_code": region,
                }
            )
    for row in rows:
        row["email"] = f"filings@{row['key'].replace('_', '-')}.gov.example"
    return rows


AUTHORITIES = _authority_rows()

# --- Who is regulated -----------------------------------------------------------------------
# District codes where operators are registered, with the city's name, per province.
_DISTRICTS: dict[str, list[tuple[str, str, str]]] = {
    "110000": [
        (code, "北京", "Beijing")
        for code in ("110101", "110102", "110105", "110106", "110108", "110112", "110114")
    ],
    "120000": [(code, "天津", "Tianjin") for code in ("120101", "120104", "120116")],
    "310000": [(code, "上海", "Shanghai") for code in ("310104", "310105", "310110", "310115")],
    "500000": [(code, "重庆", "Chongqing") for code in ("500103", "500105", "500112")],
    "320000": [
        ("320106", "南京", "Nanjing"),
        ("320115", "南京", "Nanjing"),
        ("320505", "苏州", "Suzhou"),
        ("320214", "无锡", "Wuxi"),
    ],
    "330000": [
        ("330106", "杭州", "Hangzhou"),
        ("330108", "杭州", "Hangzhou"),
        ("330110", "杭州", "Hangzhou"),
        ("330203", "宁波", "Ningbo"),
    ],
    "340000": [("340104", "合肥", "Hefei"), ("340111", "合肥", "Hefei")],
    "350000": [("350102", "福州", "Fuzhou"), ("350203", "厦门", "Xiamen")],
    "370000": [("370102", "济南", "Jinan"), ("370212", "青岛", "Qingdao")],
    "420000": [("420106", "武汉", "Wuhan"), ("420111", "武汉", "Wuhan")],
    "440000": [
        ("440106", "广州", "Guangzhou"),
        ("440305", "深圳", "Shenzhen"),
        ("440304", "深圳", "Shenzhen"),
        ("440306", "深圳", "Shenzhen"),
        ("441900", "东莞", "Dongguan"),
    ],
    "510000": [("510104", "成都", "Chengdu"), ("510107", "成都", "Chengdu")],
}
# Where the operators outside Beijing are, by weight.
_PROVINCE_WEIGHTS = {
    "310000": 22,
    "440000": 24,
    "330000": 16,
    "320000": 9,
    "510000": 6,
    "420000": 5,
    "350000": 5,
    "370000": 4,
    "120000": 3,
    "340000": 3,
    "500000": 3,
}
# Brand syllables, in characters and in pinyin.
_PINYIN = [
    "Xing", "Yun", "Guang", "Hai", "Qing", "Lan", "Jing", "Lu", "Huo", "Shan",
    "Feng", "Ji", "Le", "Qu", "Sheng", "Ying", "Ting", "Liao", "Bo", "Yu",
    "Yue", "Hua", "Xiang", "Mang", "Guo", "Mai", "Mi", "Dou", "Mu", "He",
]  # fmt: skip
_SYLLABLES = list(
    zip("星云光海青蓝鲸鹿火山风极乐趣声影听聊播语悦画象芒果麦米豆木禾", _PINYIN, strict=True)
)
_COMPANY = [
    ("网络科技有限公司", "Network Technology Co., Ltd."),
    ("信息技术有限公司", "Information Technology Co., Ltd."),
    ("科技有限公司", "Technology Co., Ltd."),
    ("文化传媒有限公司", "Culture Media Co., Ltd."),
    ("互动娱乐有限公司", "Interactive Entertainment Co., Ltd."),
]
_PRODUCTS = [
    ("直播", "Live", ["live", "chat_room"]),
    ("语音", "Voice", ["voice_room", "group"]),
    ("社区", "Community", ["forum", "group"]),
    ("短视频", "Clips", ["short_video", "live"]),
    ("圈子", "Circles", ["group", "chat_room"]),
    ("播客", "Podcasts", ["public_account"]),
    ("K歌", "Karaoke", ["voice_room", "live"]),
    ("聊天室", "Chat", ["chat_room"]),
    ("问答", "Answers", ["forum"]),
    ("相机", "Camera", ["deep_synthesis", "short_video"]),
    ("剪辑", "Editor", ["deep_synthesis"]),
    ("小程序", "Mini", ["mini_program"]),
]
_FORMS = [
    (Platform.Form.APP, 60),
    (Platform.Form.WEBSITE, 15),
    (Platform.Form.MINI_PROGRAM, 15),
    (Platform.Form.ACCOUNT, 6),
    (Platform.Form.API, 4),
]
_SURNAMES = [
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
    "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo",
]  # fmt: skip
_GIVEN = [
    "Wei", "Fang", "Na", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang",
    "Yan", "Jie", "Tao", "Ming", "Chao", "Xiu", "Hui", "Ping", "Gang", "Ying",
]  # fmt: skip

# --- What they plan -------------------------------------------------------------------------
# (weight, flags, titles): the flags decide which regimes apply (Regime.applies_to).
_PROFILES: list[tuple[int, tuple[str, ...], list[str]]] = [
    (
        50,
        (),
        [
            "Voice party rooms with up to eight speakers",
            "Live co-hosting for up to four streamers",
            "Open group chats for fan clubs",
            "Local news discussion forum",
            "Professional audio rooms",
            "Live shopping streams with viewer questions",
            "Interest circles with group calls",
            "Public accounts for independent creators",
            "Anonymous questions board",
            "Comment threads under short videos",
        ],
    ),
    (
        15,
        ("is_recommendation",),
        [
            "Personalised home feed",
            "Trending topics ranking",
            "Nearby live rooms recommendation",
            "Creator recommendation in search",
        ],
    ),
    (
        8,
        ("is_generative_ai",),
        [
            "AI writing assistant for posts",
            "AI-generated video covers",
            "Chatbot companion in group chats",
        ],
    ),
    (
        5,
        ("is_deep_synthesis", "is_generative_ai"),
        ["Digital-human live host", "AI avatar stickers", "Virtual idol live shows"],
    ),
    (
        12,
        ("is_deep_synthesis", "edits_voices"),
        [
            "Voice cloning for video dubbing",
            "Real-time voice changer in voice rooms",
            "AI podcast with a cloned host voice",
        ],
    ),
    (
        10,
        ("is_deep_synthesis", "edits_faces"),
        ["Face-swap video effect", "Live face swap for streamers", "AI portrait retouching"],
    ),
]
_TRIGGERS = [
    (Trigger.LAUNCH, 45),
    (Trigger.NEW_TECHNOLOGY, 15),
    (Trigger.USER_GROWTH, 20),
    (Trigger.HARMFUL_CONTENT, 10),
    (Trigger.AUTHORITY_NOTICE, 10),
]
_RETURNS = ((0, 1, 2, 3), (30, 35, 25, 10))
_CHANGES = ((0, 1, 2, 3), (35, 30, 20, 15))

# --- What they write ------------------------------------------------------------------------
_ANSWERS: dict[str, list[str]] = {
    "A8": [
        "ICP licence B2-{n} and ICP filing; online culture and audio-visual licences attached.",
        "Value-added telecoms licence B2-{n}; public-security network filing {n}. Attached.",
    ],
    "B4": [
        "Security committee chaired by the security lead; content centre with three teams.",
        "A content security department of {n} people reports to the CEO monthly. Chart attached.",
    ],
    "D2": [
        "Account, time, operation, source and destination address and port, device ID. Sample.",
        "Logs keep user ID, IP and port, device, room ID; 6 months. Specification attached.",
    ],
    "E1": [
        "Review rules v{v}.{n}, the standards manual and the escalation procedure. Attached.",
        "Harmful-information handling procedure with three-level escalation. Attached.",
    ],
    "G1": [
        "Report button on every room and profile; hotline and e-mail published. Screenshots.",
        "Complaints in Settings > Help; answered within 7 days. Screenshots attached.",
    ],
    "I2": [
        "Separate consent screen for every person edited; consent can be withdrawn. Screens.",
        "The edited person confirms in their own account before use. Screens attached.",
    ],
    "I3": ["Model and template assessment: misuse, identity leak and bias tests. Report."],
    "I4": ["Visible 'AI-generated' label on every frame and audio start. Samples attached."],
    "J2": [
        "Rectifications made: dialect models added, patrols raised by 20%. Evidence attached.",
        "Night shift added and room size capped; evidence of both attached.",
    ],
    "J6": ["Signed by the security lead; the sealed signature page is attached."],
    "K5": [
        "Algorithm self-assessment: data, model and output security, labelling. Report.",
        "Self-assessment by a third-party lab; signed and sealed report attached.",
    ],
}
_GENERIC_ANSWER = "Described in the attached document (version {v}.{n})."
_CORRECTIONS = [
    " Revised: night shift of 12 moderators added.",
    " Revised: log sample now includes the device ID.",
    " Revised: rooms capped at 50 listeners.",
    " Revised: consent screen redrawn, samples attached.",
    " Revised: response time cut to 60 seconds.",
    " Revised: labels made permanent.",
]
_EVIDENCE_NAMES: dict[str, list[str]] = {
    "A8": ["licences-and-filings.pdf", "icp-licence.pdf"],
    "B4": ["security-organisation-chart.pdf", "committee-charter.docx"],
    "D2": ["log-field-specification.pdf", "log-sample.csv"],
    "E1": ["content-review-rules.pdf", "escalation-procedure.docx"],
    "G1": ["complaint-channels-screenshots.png", "complaint-statistics.xlsx"],
    "I2": ["separate-consent-screens.png", "consent-flow.pdf"],
    "I3": ["model-security-assessment-report.pdf"],
    "I4": ["visible-label-samples.png", "watermark-test.pdf"],
    "J2": ["rectification-evidence.pdf", "rectification-log.xlsx"],
    "J6": ["signature-page-sealed.pdf"],
    "K5": ["algorithm-self-assessment-report.pdf", "algorithm-notice.txt"],
}
_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "csv": "text/csv",
    "txt": "text/plain",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_CLASSIFICATIONS = (
    (Evidence.Classification.CONFIDENTIAL, Evidence.Classification.PERSONAL_DATA, "public"),
    (70, 20, 10),
)
_RETURN_REASONS = [
    "Describe how the separate consent of the edited person is obtained for each use.",
    "The log sample lacks the device ID; add it.",
    "Rooms of this size cannot be moderated in real time: cap them or staff the night shift.",
    "State how quickly a room is closed once speech recognition flags it.",
    "The attached rules are a draft; attach the version in force.",
    "Name the 7x24 contact for urgent requests from public security.",
]
_REQUESTS = [
    "How many listeners can one room hold, and may hosts invite listeners of other rooms?",
    "Are face images kept after processing, and for how long?",
    "Which templates are processed on the server rather than on the device?",
]
_ANSWERS_TO_REQUESTS = [
    "At most 50 listeners; hosts invite only their own followers.",
    "Face images are deleted within 24 hours and never used for training.",
    "Only the multi-person templates run on the server.",
]
_INTERNAL_NOTE = "Internal note: compare with last year's filing."
_DECISION_REASONS = {
    "approve": "Controls described and evidenced; residual risk low.",
    "reject": "2018 Art. 5(4) is not met: small rooms are not monitored in real time.",
}
_ORDER_ITEMS = [
    "Patrol streams with face swap at least every two minutes (E4).",
    "Give viewers a one-tap report for impersonation (G1).",
    "Submit the separate consents of every licensed virtual face (I2).",
    "Publish the corrected algorithm description (K6).",
]
_CONCLUSIONS = [
    "The controls meet the 2018 provisions; residual risk is low.",
    "Controls adequate after the rectifications listed in J2.",
]
_NOTIFICATION_TEXT = {
    "returned": "Returned for correction: see the reasons per question.",
    "approved": _DECISION_REASONS["approve"],
    "rejected": _DECISION_REASONS["reject"],
    "revoked": "Revoked after inspection.",
    "withdrawn": "Withdrawn by the operator.",
    "information_requested": _REQUESTS[0],
    "rectification_ordered": _ORDER_ITEMS[0],
}
# The state a filing is in after each step, as the audit trail records it.
_STATE_AFTER = {
    "submitted": S.SUBMITTED,
    "resubmitted": S.SUBMITTED,
    "withdrawn": S.WITHDRAWN,
    "claimed": S.UNDER_REVIEW,
    "assigned": S.UNDER_REVIEW,
    "returned": S.RETURNED,
    "information_requested": S.UNDER_REVIEW,
    "information_answered": S.UNDER_REVIEW,
    "commented": S.UNDER_REVIEW,
    "decision_proposed": S.PENDING_APPROVAL,
    "sent_back": S.UNDER_REVIEW,
    "approved": S.APPROVED,
    "rejected": S.REJECTED,
    "change_filed": S.CHANGE_PENDING,
    "change_accepted": S.APPROVED,
    "rectification_ordered": S.RECTIFICATION_REQUIRED,
    "rectification_responded": S.RECTIFICATION_REQUIRED,
    "rectification_verified": S.APPROVED,
    "cancellation_filed": S.CANCELLATION_PENDING,
    "cancellation_accepted": S.CANCELLED,
    "revoked": S.REVOKED,
}
_BY_OFFICER = frozenset({
    "planned", "submitted", "resubmitted", "withdrawn", "information_answered", "change_filed",
    "cancellation_filed", "rectification_responded",
})  # fmt: skip
_BY_SUPERVISOR = frozenset({
    "assigned", "sent_back", "approved", "rejected", "change_accepted", "cancellation_accepted",
    "revoked", "rectification_verified",
})  # fmt: skip


# The sweep stamps what it creates now; a sweep that ran every day would have made each
# reminder on its step's day (overdue: the day after the due date), e-mailed it, and people
# would have read most older ones. (Pseudo-random by id: the same on every run.)
_DATE_REMINDERS = """
WITH stamped AS (
    SELECT n.id, LEAST(%s::timestamptz, (
        CASE n.step
            WHEN 'before_5' THEN d.due_date - 7
            WHEN 'before_1' THEN d.due_date - 1
            WHEN 'due' THEN d.due_date
            ELSE d.due_date + 1
        END + time '08:30') AT TIME ZONE 'Asia/Shanghai') AS at
    FROM {notification} n JOIN {deadline} d ON d.id = n.deadline_id
    WHERE n.step <> %s
)
UPDATE {notification} n SET created_at = s.at, emailed_at = s.at, read_at = CASE
    WHEN s.at < %s::timestamptz - interval '10 days' AND n.id %% 50 <> 0
        THEN s.at + interval '3 hours'
    WHEN n.id %% 2 = 0 THEN LEAST(%s::timestamptz, s.at + interval '1 hour')
END
FROM stamped s WHERE s.id = n.id
"""


# --- Text for COPY --------------------------------------------------------------------------
def _text(value: str) -> str:
    return value.translate(_ESCAPES)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False).translate(_ESCAPES)


def _iso(us: int) -> str:
    return (_EPOCH + dt.timedelta(microseconds=us)).isoformat()


def _opt(value: Any) -> str:
    if value is None:
        return NULL
    return str(value)


def _opt_iso(us: int | None) -> str:
    return NULL if us is None else _iso(us)


def _bool(value: bool) -> str:
    return "t" if value else "f"


def _copy_text(value: Any) -> str:
    """Any default value, as COPY's text format writes it."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return _bool(value)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        return _json(value)
    return _text(str(value))


def _local_date(us: int) -> dt.date:
    return dt.date.fromordinal(_EPOCH_ORDINAL + (us // _SECOND + _SHANGHAI) // 86400)


def _midnight(day: dt.date) -> int:
    """Midnight in Shanghai at the start of `day`, as UTC microseconds."""
    return ((day.toordinal() - _EPOCH_ORDINAL) * 86400 - _SHANGHAI) * _SECOND


# --- The working-day calendar ---------------------------------------------------------------
class WorkingDays:
    """The project's calendar (workcalendar.calendar) over the seeded years, as consecutive
    indices: adding or counting working days is arithmetic, not a scan per call."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.first = first
        self.dates: list[dt.date] = []
        self._upto: list[int] = []  # working days on or before each calendar day
        day = first
        while day <= last:
            if calendar.is_working_day(day):
                self.dates.append(day)
            self._upto.append(len(self.dates))
            day += dt.timedelta(days=1)
        self._official: dict[int, bool] = {}

    def index(self, day: dt.date) -> int:
        """The index of the last working day on or before `day`."""
        return self._upto[(day - self.first).days] - 1

    def add(self, anchor: dt.date, amount: int) -> tuple[dt.date, bool]:
        """As calendar.add_working_days: (due date, provisional)."""
        due = (
            anchor
            if amount == 0
            else self.dates[self._upto[(anchor - self.first).days] + amount - 1]
        )
        return due, self._provisional(anchor, due)

    def between(self, start: dt.date, end: dt.date) -> int:
        """As calendar.working_days_between, for end >= start."""
        return self._upto[(end - self.first).days] - self._upto[(start - self.first).days]

    def _provisional(self, start: dt.date, end: dt.date) -> bool:
        for year in range(start.year, end.year + 1):
            if year not in self._official:
                self._official[year] = calendar.is_official_year(year)
            if not self._official[year]:
                return True
        return False


# --- The guard ------------------------------------------------------------------------------
def check_database(*, allow_any_database: bool = False) -> None:
    """PostgreSQL only, and only a database whose name says it is a benchmark's."""
    if connection.vendor != "postgresql":
        raise SeedError(
            "bench_seed runs on PostgreSQL only (it loads with COPY); this database is "
            f"{connection.vendor}. Set DATABASE_URL=postgres://postgres@127.0.0.1:5432/"
            "filings_bench."
        )
    name = str(connection.settings_dict["NAME"])
    if "bench" not in name and not allow_any_database:
        raise SeedError(
            f"bench_seed empties its database; {name!r} does not contain 'bench', so it may "
            "hold real data. Point DATABASE_URL at a database such as filings_bench."
        )


# --- The entry point ------------------------------------------------------------------------
def seed(
    *,
    scale: float = 1.0,
    random_seed: int = DEFAULT_SEED,
    allow_any_database: bool = False,
    progress: bool = True,
) -> SeedReport:
    """Empty the database's project tables and fill them at `scale`; see the module docstring.

    `allow_any_database` lets a test seed its own test database; the command never sets it."""
    check_database(allow_any_database=allow_any_database)
    started = time.monotonic()
    targets = Targets.at(scale)
    report = SeedReport(scale=scale)
    loader = _Loader(report, freeze=not connection.in_atomic_block, progress=progress)
    rng = random.Random(random_seed)  # noqa: S311 (benchmark data, not security)
    with transaction.atomic(), translation.override("en"):
        loader.prepare()
        _Seeder(targets, rng, loader, report).run()
        loader.finish()
    loader.analyze()
    report.total_seconds = time.monotonic() - started
    return report


# --- Loading --------------------------------------------------------------------------------
def _progress_bar(total: int, label: str, enabled: bool) -> Any:
    try:
        from tqdm import tqdm  # a development requirement: the benchmarks are dev tooling
    except ImportError:  # pragma: no cover
        enabled = False
    if not enabled:
        return SimpleNamespace(update=lambda n: None, close=lambda: None)
    return tqdm(total=total, desc=f"{label:<28}", unit=" rows", unit_scale=True, file=sys.stderr)


class _Stream:
    """What psycopg2's copy_expert reads: COPY text lines, generated as it asks for them."""

    def __init__(self, lines: Iterator[str], suffix: str, bar: Any) -> None:
        self._lines = lines
        self._end = suffix + "\n"
        self._bar = bar
        self.rows = 0

    def read(self, size: int = -1) -> str:
        batch = list(itertools.islice(self._lines, 4096))
        if not batch:
            return ""
        self.rows += len(batch)
        self._bar.update(len(batch))
        return self._end.join(batch) + self._end


class _Loader:
    """COPY into one table at a time, in the seeder's transaction; times and counts each."""

    def __init__(self, report: SeedReport, *, freeze: bool, progress: bool) -> None:
        self.report = report
        self.freeze = freeze
        self.progress = progress
        self.loaded: list[type[models.Model]] = []
        self._restore: list[str] = []
        self._mark = time.monotonic()

    def lap(self, label: str) -> None:
        """Charge the time since the last lap to `label` (planning, DDL, ...)."""
        now = time.monotonic()
        self.report.seconds[label] = self.report.seconds.get(label, 0.0) + now - self._mark
        self._mark = now

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else cursor.rowcount

    # The frame ------------------------------------------------------------------------------
    def prepare(self) -> None:
        for setting in (
            "synchronous_commit = off",
            "maintenance_work_mem = '1GB'",
            "work_mem = '256MB'",
        ):
            self.execute(f"SET LOCAL {setting}")
        if self.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
            "AND 'lz4' = ANY(enumvals)"
        ):
            # Snapshots and audit details are compressed much faster, and read back faster.
            self.execute("SET LOCAL default_toast_compression = 'lz4'")
        self._empty()
        self.lap("empty the tables")

    def _empty(self) -> None:
        keep_models: list[type[models.Model]] = [
            ContentType,
            Permission,
            Group,
            Group.permissions.through,
            Template,
            Section,
            Question,
            Regime,
            DeadlineRule,
            CalendarDay,
            CalendarYear,
        ]
        counter = getattr(filing_models, "ChangeCounter", None)
        if counter is not None:
            keep_models.append(counter)
        keep = {m._meta.db_table for m in keep_models}
        tables = set(connection.introspection.django_table_names(only_existing=True))
        empty = sorted(tables - keep)
        wired = self.execute(
            "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) "
            "AND confrelid::regclass::text = ANY(%s)",
            [sorted(keep), empty],
        )
        if wired:
            raise SeedError(
                "Kept reference tables point at tables the seeder empties: "
                + ", ".join(f"{a} -> {b}" for a, b in wired)
                + ". Teach benchmarks/seed.py what to keep."
            )
        quoted = ", ".join(connection.ops.quote_name(t) for t in empty)
        # Row triggers (the audit table's append-only one) never see TRUNCATE.
        self.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")

    def detach(self, tables: Sequence[type[models.Model]]) -> None:
        """Drop the foreign keys, unique constraints and secondary indexes of the tables about
        to be loaded; `finish` puts them back as they were."""
        names = [m._meta.db_table for m in tables]
        constraints = self.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype "
            "FROM pg_constraint WHERE contype IN ('f', 'u') "
            "AND conrelid::regclass::text = ANY(%s) ORDER BY contype, conname",
            [names],
        )
        indexes = self.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid "
            "AND c.contype IN ('p', 'u', 'x')) ORDER BY 1",
            [names],
        )
        q = connection.ops.quote_name
        keys = [c for c in constraints if c[3] == "f"]
        uniques = [c for c in constraints if c[3] == "u"]
        for table, name, _definition, _kind in keys + uniques:
            self.execute(f"ALTER TABLE {q(table)} DROP CONSTRAINT {q(name)}")
        for name, _definition in indexes:
            self.execute(f"DROP INDEX {q(name)}")
        self._restore = [definition for _name, definition in indexes]
        self._restore += [
            f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(name)} {definition}"
            for table, name, definition, _kind in uniques + keys
        ]
        self.lap("drop indexes and keys")

    def copy(
        self,
        model: type[models.Model],
        values: dict[str, Any] | Sequence[str],
        lines: Iterable[str],
        *,
        total: int,
        label: str = "",
    ) -> int:
        """COPY `lines` (tab-separated, in the order of `values`) into the model's table.

        `values` names the fields the lines give. Any other column gets its field's default
        (so a field added later with a default needs no change here); one without a default
        is an error that names it."""
        names = list(values)
        meta = model._meta
        given = [meta.get_field(name).column for name in names]
        rest = [f for f in meta.concrete_fields if f.column not in given]
        suffix = ""
        for f in rest:
            default = f.get_default()
            if default is None and not f.null:
                raise SeedError(
                    f"{meta.label}.{f.name} has no default; teach benchmarks/seed.py its value."
                )
            suffix += "\t" + _copy_text(default)
        columns = ", ".join(connection.ops.quote_name(c) for c in given + [f.column for f in rest])
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN" + (
            " WITH (FREEZE)" if self.freeze else ""
        )
        label = label or meta.db_table
        bar = _progress_bar(total, label, self.progress)
        stream = _Stream(iter(lines), suffix, bar)
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(sql, stream, size=1 << 20)
        bar.close()
        seconds = time.monotonic() - started
        self.report.rows[label] = self.report.rows.get(label, 0) + stream.rows
        self.report.seconds[label] = self.report.seconds.get(label, 0.0) + seconds
        self._mark = time.monotonic()
        if model not in self.loaded:
            self.loaded.append(model)
        return stream.rows

    def finish(self) -> None:
        q = connection.ops.quote_name
        self.lap("plan")
        bar = _progress_bar(len(self._restore), "indexes and keys", self.progress)
        for statement in self._restore:
            self.execute(statement)
            bar.update(1)
        bar.close()
        self.lap("create indexes and keys")
        for statement in connection.ops.sequence_reset_sql(no_style(), self.loaded):
            self.execute(statement)
        counter = getattr(filing_models, "ChangeCounter", None)
        if counter is not None:
            counter.bump()  # figures cached before the seeding are stale
        self.lap("sequences")
        self._tables = [q(m._meta.db_table) for m in self.loaded]

    def analyze(self) -> None:
        self.execute(f"ANALYZE {', '.join(self._tables)}")
        self.lap("analyze")


# --- The plan -------------------------------------------------------------------------------
class _Op:
    __slots__ = (
        "beijing", "city", "domain", "id", "name_en", "name_zh", "officers", "platforms", "region",
        "signatory", "weight",
    )  # fmt: skip


class _Feature:
    __slots__ = (
        "assessments", "created", "ended_on", "filings", "flags", "id", "launched_on", "needs_ds",
        "officer", "op", "planned_launch", "platform", "status", "title", "trigger", "trigger_date",
    )  # fmt: skip


class _Filing:
    __slots__ = (
        "approved", "assessment", "assignee", "authorities", "changed", "created", "decided",
        "feature", "first_sub", "handler", "id", "last_sub", "number", "orders", "pauses", "pool",
        "regime", "revs", "state", "supervisor", "template", "updated",
    )  # fmt: skip


class _Assessment:
    __slots__ = ("answers", "feature", "filings", "id", "method", "primary", "signed", "template")


@dataclass(slots=True)
class _Comment:
    id: int
    filing: int
    author: int
    kind: str
    question: int | None
    parent: int | None
    revision: int | None
    body: str
    created: int
    internal: bool = False
    answered: int | None = None


@dataclass(slots=True)
class _Decision:
    id: int
    filing: int
    kind: str
    proposed_by: int
    proposed: int
    outcome: str = Decision.Outcome.PENDING
    decided_by: int | None = None
    decided: int | None = None
    reasons: str = ""


@dataclass(slots=True)
class _Order:
    id: int
    filing: int
    issued_by: int
    issued: int
    due: dt.date
    status: str = RectificationOrder.Status.OPEN
    response: str = ""
    responded_by: int | None = None
    responded: int | None = None
    verified_by: int | None = None
    verified: int | None = None


class _Seeder:
    def __init__(
        self, targets: Targets, rng: random.Random, loader: _Loader, report: SeedReport
    ) -> None:
        self.t = targets
        self.rng = rng
        self.load = loader
        self.report = report
        self.now = int(timezone.now().timestamp()) * _SECOND
        self.today = timezone.localdate()
        start = self.today - dt.timedelta(days=round(365.25 * YEARS))
        self.days = WorkingDays(start - dt.timedelta(days=900), self.today + dt.timedelta(days=500))
        self.first_i = self.days.index(start) + 1
        self.last_i = self.days.index(self.today - dt.timedelta(days=1))  # yesterday at latest
        self.ids: dict[str, Iterator[int]] = {}
        self.events: list[tuple[int, str, int, int, Any]] = []
        self.comments: list[_Comment] = []
        self.decisions: list[_Decision] = []
        self.orders: list[_Order] = []
        self.items: list[tuple[Any, ...]] = []
        self.deadlines: list[tuple[Any, ...]] = []
        self.pauses: list[tuple[Any, ...]] = []
        self.rev_hash: dict[int, tuple[int, str]] = {}

    def next_id(self, table: str) -> int:
        if table not in self.ids:
            self.ids[table] = itertools.count(1)
        return next(self.ids[table])

    def at(self, day: dt.date) -> int:
        """A time during the working day in Shanghai (09:00-18:30)."""
        return _midnight(day) + self.rng.randrange(9 * _HOUR, 18 * _HOUR + 30 * _MINUTE)

    # --- The run ----------------------------------------------------------------------------
    def run(self) -> None:
        self._reference()
        self._authorities()
        self._people()
        self._features()
        self._assign_states()
        for feature in self.features:
            self._histories(feature)
        self._assessments()
        self.load.lap("plan")
        self.load.detach(
            [
                get_user_model(),
                Membership,
                Operator,
                Platform,
                PlatformUserCount,
                PlannedFeature,
                Assessment,
                Answer,
                Evidence,
                Filing,
                Filing.authorities.through,
                FilingRevision,
                Deadline,
                DeadlinePause,
                Comment,
                Decision,
                RectificationOrder,
                RectificationItem,
                AuditEvent,
                Notification,
            ]
        )
        self._load_people()
        self._load_platforms()
        self._load_assessments()
        self._load_filings()
        self._load_audit()
        self._load_notifications()
        self._facts()

    # --- Reference data ---------------------------------------------------------------------
    def _reference(self) -> None:
        self.regimes = list(
            Regime.objects.filter(active=True).prefetch_related("deadline_rules").order_by("code")
        )
        if not self.regimes:
            raise SeedError("No active regime: run `manage.py migrate` (it loads them).")
        self.templates: dict[str, Template] = {}
        for regime in self.regimes:
            template = current_template(regime.template_code)
            if template is None:
                raise SeedError(f"No published questionnaire {regime.template_code!r}.")
            self.templates[regime.code] = template
        self._questions: dict[tuple[int, bool], list[Question]] = {}
        self._rules: dict[tuple[int, str, str], DeadlineRule | None] = {}
        self._rule_text: dict[int, str] = {}

    def questions(self, template: Template, needs_ds: bool) -> list[Question]:
        """The questions that carry evidence in the sections that apply."""
        key = (template.pk, needs_ds)
        if key not in self._questions:
            feature = SimpleNamespace(needs_deep_synthesis_section=needs_ds)
            self._questions[key] = [
                q
                for q in Question.objects.filter(section__template=template)
                .select_related("section")
                .order_by("section__order", "order")
                if q.evidence_required and q.section.applies_to(feature)  # type: ignore[arg-type]
            ]
        return self._questions[key]

    def rule(self, regime: Regime, kind: str, trigger: str) -> DeadlineRule | None:
        """As filings.services.deadlines.rule_for."""
        key = (regime.pk, kind, trigger)
        if key not in self._rules:
            self._rules[key] = next(
                (
                    r
                    for r in regime.deadline_rules.all()
                    if r.kind == kind and r.applies_to_trigger(trigger)
                ),
                None,
            )
        return self._rules[key]

    def rule_text(self, rule: DeadlineRule) -> str:
        if rule.pk not in self._rule_text:
            self._rule_text[rule.pk] = str(rule)[:200]
        return self._rule_text[rule.pk]

    # --- Authorities and people -------------------------------------------------------------
    def _authorities(self) -> None:
        made = Authority.objects.bulk_create(
            Authority(**{k: v for k, v in row.items() if k != "key"}) for row in AUTHORITIES
        )
        self.authorities = {row["key"]: a for row, a in zip(AUTHORITIES, made, strict=True)}
        self.bench_authority = self.authorities[BENCH_AUTHORITY]
        self.report.rows["platforms_authority"] = len(made)

    def _people(self) -> None:
        t = self.t
        # username, first, last, email, staff; membership (role, operator index, authority id)
        self.users: list[tuple[str, str, str, str, bool]] = []
        self.members: list[tuple[int, str, int | None, int | None]] = []
        self.role_of: dict[int, str] = {}
        self.reviewers: dict[int, list[int]] = {}
        self.supervisors: dict[int, list[int]] = {}

        self._person(BENCH_ADMIN, "filings.example", staff=True)
        others = [k for k in self.authorities if k not in (BENCH_AUTHORITY, "national_cac")]
        # A reviewer and a supervisor everywhere (four at the Beijing CAC: the benchmark's
        # two and two more); of the rest, 15% to the Beijing CAC, 10% to the national CAC.
        sizes = dict.fromkeys(self.authorities, 2)
        sizes[BENCH_AUTHORITY] = 4
        spare = t.regulators - sum(sizes.values())
        sizes[BENCH_AUTHORITY] += round(spare * 0.15)
        sizes["national_cac"] += round(spare * 0.10)
        share, extra = divmod(t.regulators - sum(sizes.values()), len(others))
        for n, key in enumerate(others):
            sizes[key] += share + (1 if n < extra else 0)
        for key, authority in self.authorities.items():
            size = sizes[key]
            supervisors = max(1, round(size * 0.25))
            domain = authority.email.partition("@")[2]
            self.reviewers[authority.pk], self.supervisors[authority.pk] = [], []
            for n in range(size):
                role = Role.SUPERVISOR if n < supervisors else Role.REVIEWER
                number = n + 1 if role == Role.SUPERVISOR else n - supervisors + 1
                username = f"{key}_{role}_{number:02d}"
                if key == BENCH_AUTHORITY and number == 1:
                    username = BENCH_SUPERVISOR if role == Role.SUPERVISOR else BENCH_REVIEWER
                uid = self._person(username, domain)
                self.members.append((uid, role, None, authority.pk))
                self.role_of[uid] = role
                (self.supervisors if role == Role.SUPERVISOR else self.reviewers)[
                    authority.pk
                ].append(uid)
        self.bench_reviewer = self.reviewers[self.bench_authority.pk][0]
        self.bench_supervisor = self.supervisors[self.bench_authority.pk][0]
        self._operators()
        self.addresses = {
            uid: f"10.{(uid >> 16) & 255}.{(uid >> 8) & 255}.{uid & 255}"
            for uid in range(1, len(self.users) + 1)
        }

    def _operators(self) -> None:
        rng, t = self.rng, self.t
        n_beijing = max(3, round(t.operators * BEIJING_OPERATOR_SHARE))
        provinces = list(_PROVINCE_WEIGHTS)
        weights = list(_PROVINCE_WEIGHTS.values())
        pairs = [(a, b) for a in _SYLLABLES for b in _SYLLABLES if a != b]
        rng.shuffle(pairs)
        self.ops: list[_Op] = []
        for i in range(t.operators):
            op = _Op()
            op.id = i + 1
            op.beijing = i < n_beijing
            province = "110000" if op.beijing else rng.choices(provinces, weights)[0]
            op.region, city_zh, city_en = (
                ("110108", "北京", "Beijing") if i == 0 else rng.choice(_DISTRICTS[province])
            )
            (zh1, en1), (zh2, en2) = pairs[i % len(pairs)]
            brand_zh, brand_en = zh1 + zh2, en1 + en2.lower()
            if i >= len(pairs):
                brand_zh, brand_en = f"{brand_zh}{i // len(pairs)}", f"{brand_en}{i // len(pairs)}"
            company_zh, company_en = _COMPANY[i % len(_COMPANY)]
            if i == 0:
                brand_zh, brand_en, company_zh, company_en = ("基准", "Bench", *_COMPANY[0])
            op.name_zh = f"{city_zh}{brand_zh}{company_zh}"
            op.name_en = f"{city_en} {brand_en} {company_en}"
            op.city = (city_zh, city_en)
            op.domain = f"{brand_en.lower()}{op.id}.example"
            op.weight = min(rng.paretovariate(1.16), 200.0)
            op.platforms = []
            officers = 2 if op.weight > 3 else 1
            op.officers = []
            for k in range(officers):
                username = BENCH_OFFICER if i == 0 and k == 0 else f"op{op.id:04d}_officer_{k + 1}"
                uid = self._person(username, op.domain)
                op.officers.append(uid)
                self.members.append((uid, Role.OFFICER, op.id, None))
                self.role_of[uid] = Role.OFFICER
            username = BENCH_SIGNATORY if i == 0 else f"op{op.id:04d}_signatory"
            op.signatory = self._person(username, op.domain)
            self.members.append((op.signatory, Role.SIGNATORY, op.id, None))
            self.role_of[op.signatory] = Role.SIGNATORY
            self.ops.append(op)
        self.bench_op = self.ops[0]
        # Platforms: the bench operator's, one for everyone else, the rest by size.
        self.platforms: list[tuple[int, str, str, str, list[str]]] = []
        counts = [t.bench_platforms] + [1] * (t.operators - 1)
        spare = t.platforms - sum(counts)
        if spare > 0:
            others = self.ops[1:]
            cum = list(itertools.accumulate(math.sqrt(op.weight) for op in others))
            for op in rng.choices(others, cum_weights=cum, k=spare):
                counts[op.id - 1] += 1
        for op, count in zip(self.ops, counts, strict=True):
            used: set[str] = set()
            for n in range(count):
                zh, en, tags = _PRODUCTS[(op.id + n) % len(_PRODUCTS)]
                name_zh = f"{op.name_zh[len(op.city[0]) :][:2]}{zh}"
                name_en = f"{op.name_en.split()[1]} {en}"
                if name_zh in used:
                    name_zh, name_en = f"{name_zh}{n + 1}", f"{name_en} {n + 1}"
                used.add(name_zh)
                self.platforms.append((op.id, name_zh, name_en, _pick(rng, _FORMS), tags))
                op.platforms.append(len(self.platforms))

    def _person(self, username: str, domain: str, *, staff: bool = False) -> int:
        given, family = self.rng.choice(_GIVEN), self.rng.choice(_SURNAMES)
        self.users.append((username, given, family, f"{username}@{domain}", staff))
        return len(self.users)

    # --- Features and filings ---------------------------------------------------------------
    def _features(self) -> None:
        rng, t = self.rng, self.t
        beijing = [op for op in self.ops[1:] if op.beijing]
        elsewhere = [op for op in self.ops if not op.beijing]
        cum_beijing = list(itertools.accumulate(op.weight for op in beijing))
        cum_elsewhere = list(itertools.accumulate(op.weight for op in elsewhere))
        profiles = []
        for weight, flags, titles in _PROFILES:
            ns = SimpleNamespace(**{f: f in flags for f in FEATURE_FLAGS})
            regimes = [r for r in self.regimes if r.applies_to(ns)]  # type: ignore[arg-type]
            needs_ds = PlannedFeature(**dict.fromkeys(flags, True)).needs_deep_synthesis_section
            profiles.append((weight, flags, titles, regimes, needs_ds))
        profile_weights = [p[0] for p in profiles]
        addressed: dict[tuple[int, str], list[int]] = {}
        self.features: list[_Feature] = []
        self.filings: list[_Filing] = []
        while len(self.filings) < t.filings:
            left = t.filings - len(self.filings)
            profile = rng.choices(profiles, profile_weights)[0]
            if len(profile[3]) > left:
                fitting = [p for p in profiles if 0 < len(p[3]) <= left]
                if not fitting:
                    break
                profile = fitting[0]
            n = len(self.features)
            if n < t.bench_features:
                op = self.bench_op
            elif rng.random() < BEIJING_FEATURE_SHARE or not elsewhere:
                op = rng.choices(beijing, cum_weights=cum_beijing)[0]
            else:
                op = rng.choices(elsewhere, cum_weights=cum_elsewhere)[0]
            _weight, flags, titles, regimes, needs_ds = profile
            feature = _Feature()
            feature.id = n + 1
            feature.op = op
            feature.platform = rng.choice(op.platforms)
            feature.flags = flags
            feature.needs_ds = needs_ds
            feature.title = rng.choice(titles)
            feature.trigger = _pick(rng, _TRIGGERS)
            feature.officer = rng.choice(op.officers)
            feature.ended_on = None
            feature.filings = []
            for regime in regimes:
                key = (regime.pk, op.region)
                if key not in addressed:
                    addressed[key] = [a.pk for a in addressed_authorities(regime, op.region)]
                filing = _Filing()
                filing.id = len(self.filings) + 1
                filing.feature = feature
                filing.regime = regime
                filing.template = self.templates[regime.code]
                filing.authorities = addressed[key]
                filing.pool = self.bench_authority.pk in filing.authorities
                self.filings.append(filing)
                feature.filings.append(filing)
            self.features.append(feature)

    def _assign_states(self) -> None:
        """Each state in its share, exactly; in the Beijing CAC's pool, at least as many
        approved filings as the benchmark's deep queue page needs."""
        pool = [f for f in self.filings if f.pool]
        rest = [f for f in self.filings if not f.pool]
        total = sum(STATE_WEIGHTS.values())
        approved = max(round(len(pool) * STATE_WEIGHTS[S.APPROVED] / total), self.t.bench_approved)
        if approved > len(pool) - (len(STATE_WEIGHTS) - 1):
            raise SeedError(
                f"Too few filings reach the Beijing CAC ({len(pool)}) for "
                f"{self.t.bench_approved} approved ones; raise the scale."
            )
        for group, fixed in ((pool, {S.APPROVED: approved}), (rest, {})):
            for filing, state in zip(group, _quota(len(group), fixed, self.rng), strict=True):
                filing.state = state

    # --- One feature's filings, step by step --------------------------------------------
    def _histories(self, feature: _Feature) -> None:
        rng = self.rng
        paths = [self._path(f) for f in feature.filings]
        lengths = [sum(step[0] for step in steps) for steps, _ in paths]
        ends = [self._last_step(f) if f.state in OPEN_STATES else None for f in feature.filings]
        if any(e is not None for e in ends):
            start = min(e - d for e, d in zip(ends, lengths, strict=True) if e is not None)
        else:
            latest = self.last_i - max(lengths)
            start = self.first_i + int(max(0, latest - self.first_i) * rng.random() ** 0.6)
        start = max(start, self.first_i)
        created = self.at(self.days.dates[start])
        feature.created = created
        self.events.append((created, "feature.registered", feature.id, feature.officer, None))
        for n, (f, (steps, elastic), length, end) in enumerate(
            zip(feature.filings, paths, lengths, ends, strict=True)
        ):
            target = end if end is not None else min(start + length, self.last_i)
            gaps = [step[0] for step in steps]
            if start + length > target:
                factor = (target - start) / length
                gaps = [int(g * factor) for g in gaps]
            elif start + length < target and elastic:
                gaps[elastic] += target - start - length
            self._walk(f, steps, gaps, start, created + (n + 1) * 1000)
        self._feature_dates(feature)

    def _last_step(self, f: _Filing) -> int:
        """When a filing that waits on someone took its last step: recently, so its clock
        runs out around today (a draft's is counted from its feature's dates)."""
        rng = self.rng
        if f.state == S.DRAFT:
            event = f.feature.trigger not in PRE_LAUNCH_TRIGGERS
            wait = rng.randint(2, 25) if event else rng.randint(5, 90)
        elif rng.random() < 0.2:
            wait = rng.randint(15, 45)  # the backlog: these are overdue
        else:
            wait = rng.randint(0, 10)
        return self.last_i - wait

    def _path(self, f: _Filing) -> tuple[list[list[Any]], int]:
        """The steps that led to the filing's state: [gap in working days, action, extra],
        and the step whose gap stretches when the filing must end later."""
        rng, st = self.rng, f.state
        steps: list[list[Any]] = [[0, "planned", None]]
        if st == S.DRAFT:
            return steps, 0
        if st == S.WITHDRAWN and rng.random() < 0.4:
            steps.append([rng.randint(2, 40), "withdrawn", None])
            return steps, 1
        steps.append([rng.randint(3, 40), "submitted", None])
        returns = 0 if st == S.WITHDRAWN else rng.choices(*_RETURNS)[0]
        if st == S.RETURNED:
            returns = max(1, returns)
        for n in range(returns):
            steps.append(self._claim())
            if rng.random() < 0.1:
                steps += self._information()
            steps.append([rng.randint(2, 8), "returned", None])
            if st == S.RETURNED and n == returns - 1:
                return steps, 1
            steps.append([rng.randint(3, 25), "resubmitted", None])
        if st in (S.SUBMITTED, S.WITHDRAWN):
            if st == S.WITHDRAWN:
                steps.append([rng.randint(1, 10), "withdrawn", None])
            return steps, 1
        steps.append(self._claim())
        if rng.random() < 0.1:
            steps.append([rng.randint(0, 3), "commented", None])
        if st == S.UNDER_REVIEW:
            if rng.random() < 0.3:
                steps.append([rng.randint(1, 8), "information_requested", None])
            return steps, 1
        if rng.random() < 0.12:
            steps += self._information()
        if rng.random() < 0.08:
            steps.append([rng.randint(2, 8), "decision_proposed", "approve"])
            steps.append([rng.randint(1, 5), "sent_back", None])
        reject = st == S.REJECTED or (st == S.PENDING_APPROVAL and rng.random() < 0.15)
        steps.append([rng.randint(2, 10), "decision_proposed", "reject" if reject else "approve"])
        if st == S.PENDING_APPROVAL:
            return steps, 1
        if st == S.REJECTED:
            steps.append([rng.randint(1, 5), "rejected", None])
            return steps, 1
        steps.append([rng.randint(1, 5), "approved", None])
        for _ in range(rng.choices(*_CHANGES)[0]):
            steps.append([rng.randint(40, 400), "change_filed", None])
            steps.append([rng.randint(3, 25), "change_accepted", None])
        if rng.random() < 0.08:
            steps.append([rng.randint(30, 300), "rectification_ordered", None])
            steps.append([rng.randint(5, 20), "rectification_responded", None])
            steps.append([rng.randint(2, 10), "rectification_verified", None])
        gap, elastic = rng.randint(20, 300), len(steps)
        if st == S.RECTIFICATION_REQUIRED:
            steps.append([gap, "rectification_ordered", None])
            if rng.random() < 0.3:
                steps.append([rng.randint(3, 15), "rectification_responded", None])
        elif st == S.CHANGE_PENDING:
            steps.append([gap, "change_filed", None])
        elif st == S.CANCELLATION_PENDING:
            steps.append([gap, "cancellation_filed", None])
        elif st == S.CANCELLED:
            steps.append([gap, "cancellation_filed", None])
            steps.append([rng.randint(3, 20), "cancellation_accepted", None])
        elif st == S.REVOKED:
            if rng.random() < 0.5:
                steps.append([gap, "rectification_ordered", None])
                gap = rng.randint(5, 40)
            steps.append([gap, "revoked", None])
        return steps, elastic

    def _claim(self) -> list[Any]:
        action = "claimed" if self.rng.random() < 0.7 else "assigned"
        return [self.rng.randint(1, 3), action, None]

    def _information(self) -> list[list[Any]]:
        return [
            [self.rng.randint(1, 5), "information_requested", None],
            [self.rng.randint(1, 5), "information_answered", None],
        ]

    def _walk(
        self, f: _Filing, steps: list[list[Any]], gaps: list[int], start: int, created: int
    ) -> None:
        """Lay the steps out in time and write down what each leaves behind."""
        rng, feature = self.rng, f.feature
        officer = feature.officer
        questions = self.questions(f.template, feature.needs_ds)
        auths = f.authorities
        f.handler = auths[0] if len(auths) == 1 or rng.random() < 0.7 else auths[1]
        reviewers, supervisors = self.reviewers[f.handler], self.supervisors[f.handler]
        bench = f.handler == self.bench_authority.pk
        reviewer = self.bench_reviewer if bench and rng.random() < 0.2 else rng.choice(reviewers)
        f.supervisor = (
            self.bench_supervisor if bench and rng.random() < 0.5 else rng.choice(supervisors)
        )
        f.assignee = None
        f.revs, f.pauses, f.orders = [], [], []
        f.first_sub = f.last_sub = f.decided = f.approved = f.changed = None
        f.number = None
        f.created = created
        revision = None  # the latest revision's id
        open_reasons: list[_Comment] = []
        touched: tuple[str, ...] = ()
        request: _Comment | None = None
        proposal: _Decision | None = None
        order: _Order | None = None
        day, ts = start, created
        for (_gap, action, extra), step_gap in zip(steps, gaps, strict=True):
            if action == "planned":
                self.events.append((created, "filing.planned", f.id, officer, None))
                continue
            day = min(day + step_gap, self.last_i)
            when = self.at(self.days.dates[day])
            ts = when if when > ts else ts + rng.randrange(1, 20) * _MINUTE
            if action in _BY_OFFICER:
                actor = officer
            elif action in _BY_SUPERVISOR:
                actor = f.supervisor
            else:
                actor = reviewer
            note: Any = None
            if action in ("submitted", "resubmitted", "change_filed"):
                revision = self.next_id("revision")
                kind = {
                    "submitted": FilingRevision.Kind.SUBMISSION,
                    "resubmitted": FilingRevision.Kind.RESUBMISSION,
                    "change_filed": FilingRevision.Kind.CHANGE,
                }[action]
                if action == "change_filed":
                    touched = tuple(q.code for q in rng.sample(questions, min(len(questions), 2)))
                    f.changed = ts
                f.revs.append((revision, len(f.revs) + 1, kind, ts, touched))
                touched = ()
                note = revision
                if action != "change_filed":
                    f.first_sub = f.first_sub or ts
                    f.last_sub = ts
                if action == "resubmitted":
                    for comment in open_reasons:
                        comment.answered = ts
                    f.pauses[-1][1] = ts
                    open_reasons = []
            elif action in ("claimed", "assigned"):
                f.assignee = reviewer
                if action == "assigned":
                    note = reviewer
            elif action == "returned":
                picked = rng.sample(questions, min(len(questions), rng.randint(1, 2))) or [None]
                for q in picked:
                    comment = self._comment(
                        f, reviewer, Comment.Kind.RETURN_REASON, q and q.pk, None, revision, ts
                    )
                    open_reasons.append(comment)
                touched = tuple(q.code for q in picked if q is not None)
                f.pauses.append([ts, None])
            elif action == "information_requested":
                q = rng.choice(questions) if questions else None
                request = self._comment(
                    f, reviewer, Comment.Kind.INFORMATION_REQUEST, q and q.pk, None, revision, ts
                )
            elif action == "information_answered" and request is not None:
                request.answered = ts
                self._comment(
                    f, officer, Comment.Kind.ANSWER, request.question, request.id, None, ts
                )
            elif action == "commented":
                comment = self._comment(f, reviewer, Comment.Kind.COMMENT, None, None, revision, ts)
                comment.internal = True
            elif action == "decision_proposed":
                proposal = _Decision(self.next_id("decision"), f.id, extra, reviewer, ts)
                self.decisions.append(proposal)
                note = extra
            elif action in ("approved", "rejected", "sent_back") and proposal is not None:
                sent_back = action == "sent_back"
                proposal.outcome = (
                    Decision.Outcome.SENT_BACK if sent_back else Decision.Outcome.CONFIRMED
                )
                proposal.decided_by, proposal.decided = f.supervisor, ts
                proposal.reasons = "Ask for the log sample first." if sent_back else "Agreed."
                if action == "approved":
                    f.approved = f.decided = ts
                    f.number = (
                        f"{f.regime.filing_number_prefix}{feature.op.region}"
                        f"{_local_date(ts).year}{f.id:011d}号"
                    )
                elif action == "rejected":
                    f.decided = ts
            elif action == "rectification_ordered":
                due = _local_date(ts) + dt.timedelta(days=rng.randint(15, 60))
                order = _Order(self.next_id("order"), f.id, reviewer, ts, due)
                self.orders.append(order)
                f.orders.append(order)
                for number, text in enumerate(rng.sample(_ORDER_ITEMS, rng.randint(1, 3)), 1):
                    self.items.append((self.next_id("item"), order.id, number, text))
                note = due.isoformat()
            elif action == "rectification_responded" and order is not None:
                order.status = RectificationOrder.Status.RESPONDED
                order.response = "Done; evidence attached to each item."
                order.responded_by, order.responded = officer, ts
            elif action == "rectification_verified" and order is not None:
                order.status = RectificationOrder.Status.VERIFIED
                order.verified_by, order.verified = f.supervisor, ts
            elif action == "revoked":
                f.decided = ts
                for o in f.orders:
                    if o.status in (RectificationOrder.Status.OPEN, "responded"):
                        o.status = RectificationOrder.Status.CLOSED
            elif action == "cancellation_filed":
                ended = _local_date(ts) - dt.timedelta(days=rng.randint(0, 10))
                feature.ended_on = ended
                note = ended.isoformat()
            elif action == "cancellation_accepted":
                f.decided = ts
            self.events.append((ts, f"filing.{action}", f.id, actor, note))
        f.updated = ts
        self._deadlines(f)

    def _comment(
        self,
        f: _Filing,
        author: int,
        kind: str,
        question: int | None,
        parent: int | None,
        revision: int | None,
        ts: int,
    ) -> _Comment:
        bodies = {
            Comment.Kind.RETURN_REASON: _RETURN_REASONS,
            Comment.Kind.INFORMATION_REQUEST: _REQUESTS,
            Comment.Kind.ANSWER: _ANSWERS_TO_REQUESTS,
        }
        body = self.rng.choice(bodies.get(kind, [_INTERNAL_NOTE]))
        comment = _Comment(
            self.next_id("comment"), f.id, author, kind, question, parent, revision, body, ts
        )
        self.comments.append(comment)
        return comment

    def _feature_dates(self, feature: _Feature) -> None:
        rng = self.rng
        created = _local_date(feature.created)
        submitted = [f.first_sub for f in feature.filings if f.first_sub]
        feature.trigger_date = feature.launched_on = None
        if feature.trigger in PRE_LAUNCH_TRIGGERS:
            if submitted:
                launch = _local_date(min(submitted)) + dt.timedelta(days=rng.randint(1, 40))
                feature.planned_launch = launch
                feature.launched_on = launch if launch < self.today else None
            else:
                launch = self.today + dt.timedelta(days=rng.randint(-25, 60))
                feature.planned_launch = max(launch, created + dt.timedelta(days=5))
        else:
            feature.trigger_date = created - dt.timedelta(days=rng.randint(0, 20))
            feature.planned_launch = feature.trigger_date - dt.timedelta(days=rng.randint(10, 200))
            feature.launched_on = feature.planned_launch
        if feature.ended_on is not None:
            feature.status = PlannedFeature.Status.ENDED
        elif feature.launched_on is not None:
            feature.status = PlannedFeature.Status.LAUNCHED
        elif all(f.state == S.WITHDRAWN for f in feature.filings):
            feature.status = PlannedFeature.Status.ABANDONED
        else:
            feature.status = PlannedFeature.Status.PLANNED
        for f in feature.filings:
            self._filing_deadline(f)

    # --- Deadlines --------------------------------------------------------------------------
    def _deadline(
        self,
        f: _Filing,
        kind: str,
        rule: DeadlineRule | None,
        anchor: dt.date,
        amount: int,
        unit: str,
        opened: int,
        *,
        status: str = Deadline.Status.OPEN,
        met: int | None = None,
        pauses: Sequence[tuple[int, int | None]] = (),
        due: dt.date | None = None,
        rule_text: str = "",
    ) -> int:
        paused_days, paused_since = 0, None
        for begun, ended in pauses:
            if ended is None:
                paused_since = _local_date(begun)
            else:
                paused_days += self.days.between(_local_date(begun), _local_date(ended))
        provisional = False
        if due is None:
            due, provisional = self.days.add(anchor, amount + paused_days)
        deadline = self.next_id("deadline")
        self.deadlines.append(
            (
                deadline,
                f.id,
                kind,
                rule.pk if rule else None,
                rule_text or (self.rule_text(rule) if rule else ""),
                anchor,
                amount,
                unit,
                paused_days,
                paused_since,
                due,
                provisional,
                status,
                met,
                opened,
            )
        )
        for begun, ended in pauses:
            self.pauses.append(
                (
                    self.next_id("pause"),
                    deadline,
                    _local_date(begun),
                    _local_date(ended) if ended else None,
                )
            )
        return deadline

    def _deadlines(self, f: _Filing) -> None:
        """The review and rectification clocks (the filing clock needs the feature's dates:
        _filing_deadline)."""
        rng, st = self.rng, f.state
        rule = self.rule(f.regime, DeadlineKind.REVIEW, f.feature.trigger)
        if rule is not None and f.first_sub is not None:
            anchor = _local_date(f.first_sub)
            args = (f, DeadlineKind.REVIEW, rule, anchor, rule.amount, rule.unit, f.first_sub)
            pauses = [tuple(p) for p in f.pauses]
            if st in (S.SUBMITTED, S.UNDER_REVIEW, S.PENDING_APPROVAL, S.RETURNED):
                self._deadline(*args, pauses=pauses)
            elif st == S.CHANGE_PENDING and f.changed is not None:
                self._deadline(
                    f, DeadlineKind.REVIEW, rule, _local_date(f.changed), rule.amount,
                    rule.unit, f.changed,
                )  # fmt: skip
            elif f.approved is not None and rng.random() < MET_DEADLINE_SHARE:
                self._deadline(*args, pauses=pauses, status=Deadline.Status.MET, met=f.approved)
            elif st == S.REJECTED and rng.random() < MET_DEADLINE_SHARE:
                self._deadline(*args, pauses=pauses, status=Deadline.Status.CANCELLED)
        if st == S.RECTIFICATION_REQUIRED and f.orders:
            order = f.orders[-1]
            issued = _local_date(order.issued)
            responded = order.status == RectificationOrder.Status.RESPONDED
            self._deadline(
                f,
                DeadlineKind.RECTIFICATION,
                None,
                issued,
                (order.due - issued).days,
                DeadlineRule.Unit.CALENDAR_DAYS,
                order.issued,
                status=Deadline.Status.MET if responded else Deadline.Status.OPEN,
                met=order.responded if responded else None,
                due=order.due,
                rule_text="set by the rectification order",
            )

    def _filing_deadline(self, f: _Filing) -> None:
        feature = f.feature
        rule = self.rule(f.regime, DeadlineKind.FILING, feature.trigger)
        if rule is None:
            return
        if rule.anchor == DeadlineRule.Anchor.PLANNED_LAUNCH:
            anchor = feature.launched_on or feature.planned_launch
        elif rule.anchor == DeadlineRule.Anchor.TRIGGER_EVENT:
            anchor = feature.trigger_date or feature.planned_launch
        else:
            anchor = _local_date(f.created)
        args = (f, DeadlineKind.FILING, rule, anchor, rule.amount, rule.unit, f.created)
        if f.state == S.DRAFT:
            self._deadline(*args)
        elif f.first_sub is not None and self.rng.random() < MET_DEADLINE_SHARE:
            self._deadline(*args, status=Deadline.Status.MET, met=f.first_sub)
        elif f.state == S.WITHDRAWN and self.rng.random() < MET_DEADLINE_SHARE:
            self._deadline(*args, status=Deadline.Status.CANCELLED)

    # --- Assessments, answers and evidence --------------------------------------------------
    def _assessments(self) -> None:
        rng = self.rng
        self.assessments: list[_Assessment] = []
        self.evidence_count = 0
        for feature in self.features:
            feature.assessments = []
            by_template: dict[int, list[_Filing]] = {}
            for f in feature.filings:
                by_template.setdefault(f.template.pk, []).append(f)
            for filings in by_template.values():
                a = _Assessment()
                a.id = len(self.assessments) + 1
                a.feature = feature
                a.filings = filings
                a.template = filings[0].template
                # The filing whose regime owns the questionnaire drives its answers.
                a.primary = next(
                    (f for f in filings if f.regime.template_code == f.regime.code), filings[0]
                )
                a.method = (
                    ("third_party", "China Cybersecurity Review Lab")
                    if rng.random() < 0.2
                    else ("self", "")
                )
                for f in filings:
                    f.assessment = a
                submissions = [r[3] for f in filings for r in f.revs]
                a.signed = max(submissions) - 10 * _MINUTE if submissions else None
                a.answers = self._answers(a, feature)
                self.assessments.append(a)
                feature.assessments.append(a)

    def _answers(self, a: _Assessment, feature: _Feature) -> list[tuple[Any, ...]]:
        """(answer id, question, base text, risk, final version, evidence) per question that
        carries evidence; evidence is [(id, uploaded, fragment, name, sha, size, type, class)]."""
        rng = self.rng
        questions = self.questions(a.template, feature.needs_ds)
        firsts = [f.first_sub for f in a.filings if f.first_sub]
        submitted = bool(firsts)
        lo = feature.created + _MINUTE
        hi = min(firsts) - _MINUTE if firsts else min(self.now - _HOUR, lo + 10 * _DAY)
        revs = a.primary.revs
        answers = []
        for q in questions:
            if not submitted and rng.random() < 0.4:
                continue  # a draft, partly answered
            variants = _ANSWERS.get(q.code) or [_GENERIC_ANSWER]
            base = rng.choice(variants).format(n=rng.randint(10000, 99999), v=rng.randint(1, 9))
            risk = _pick(rng, ((Answer.Rating.NONE, 40), (Answer.Rating.LOW, 40), ("medium", 20)))
            evidence = []
            if submitted or rng.random() < 0.7:
                first = lo + int((hi - lo) * rng.random()) if hi > lo else hi
                evidence.append(self._evidence(q, first))
            version = 0
            for previous, current in itertools.pairwise(revs):
                if q.code in current[4]:
                    version += 1
                    if rng.random() < 0.35:
                        when = previous[3] + int((current[3] - previous[3]) * rng.uniform(0.3, 0.9))
                        evidence.append(self._evidence(q, when))
            answers.append((self.next_id("answer"), q, base, risk, version, evidence))
        return answers

    def _evidence(self, q: Question, uploaded: int) -> tuple[Any, ...]:
        rng = self.rng
        names = _EVIDENCE_NAMES.get(q.code) or [f"{q.code.lower()}-evidence.pdf"]
        name = rng.choice(names)
        kind = _TYPES.get(name.rpartition(".")[2], "application/pdf")
        sha = f"{rng.getrandbits(256):064x}"
        size = rng.randint(20_000, 8_000_000)
        classification = rng.choices(*_CLASSIFICATIONS)[0]
        fragment = (
            f'{{"classification":{json.dumps(str(classification))},'
            f'"name":{json.dumps(name, ensure_ascii=False)},"sha256":"{sha}",'
            f'"size":{size},"type":{json.dumps(kind)}}}'
        )
        self.evidence_count += 1
        return (self.next_id("evidence"), uploaded, fragment, name, sha, size, kind, classification)

    # --- Loading: people and platforms ------------------------------------------------------
    def _load_people(self) -> None:
        password = make_password(BENCH_PASSWORD)  # hashed once: a strong hash is slow
        joined = _iso(self.at(self.days.dates[self.first_i]) - 30 * _DAY)
        user_model = get_user_model()

        def users() -> Iterator[str]:
            for n, (username, given, family, email, staff) in enumerate(self.users, 1):
                flag = _bool(staff)
                yield "\t".join((
                    str(n), password, NULL, flag, username, given, family, email, flag, "t", joined,
                ))  # fmt: skip

        self.load.copy(
            user_model,
            ["id", "password", "last_login", "is_superuser", "username", "first_name",
             "last_name", "email", "is_staff", "is_active", "date_joined"],
            users(),
            total=len(self.users),
        )  # fmt: skip
        self.load.copy(
            Membership,
            ["id", "user", "operator", "authority", "role"],
            (
                f"{n}\t{uid}\t{_opt(op)}\t{_opt(auth)}\t{role}"
                for n, (uid, role, op, auth) in enumerate(self.members, 1)
            ),
            total=len(self.members),
        )

    def _load_platforms(self) -> None:
        rng = self.rng
        since = self.at(self.days.dates[self.first_i]) - 60 * _DAY

        def operators() -> Iterator[str]:
            for op in self.ops:
                body = f"91{op.region}MA{_base31(op.id, 7)}"
                lead = f"{rng.choice(_SURNAMES)} {rng.choice(_GIVEN)}"
                yield "\t".join((
                    str(op.id), op.name_zh, op.name_en, body + uscc_check_character(body),
                    op.region, lead, f"security-lead@{op.domain}",
                    f"010-{rng.randint(5000, 8999)} {rng.randint(1000, 9999)}",
                    _iso(since - rng.randrange(0, 400) * _DAY),
                ))  # fmt: skip

        self.load.copy(
            Operator,
            ["id", "name_zh", "name_en", "uscc", "region_code", "security_lead_name",
             "security_lead_email", "security_lead_phone", "created_at"],
            operators(),
            total=len(self.ops),
        )  # fmt: skip

        def platforms() -> Iterator[str]:
            for n, (op, name_zh, name_en, form, tags) in enumerate(self.platforms, 1):
                yield "\t".join((
                    str(n), str(op), name_zh, name_en, form,
                    f"https://{name_en.lower().replace(' ', '-')}.example/", json.dumps(tags),
                    f"{name_en}: a service of operator {op}.",
                    _iso(since + rng.randrange(0, 300) * _DAY),
                ))  # fmt: skip

        self.load.copy(
            Platform,
            ["id", "operator", "name_zh", "name_en", "form", "url", "feature_tags",
             "description", "created_at"],
            platforms(),
            total=len(self.platforms),
        )  # fmt: skip
        as_of = [self.today.replace(day=1) - dt.timedelta(days=1)]
        as_of.insert(0, (as_of[0] - dt.timedelta(days=180)).replace(day=1) - dt.timedelta(days=1))

        def counts() -> Iterator[str]:
            n = 0
            for platform in range(1, len(self.platforms) + 1):
                registered = rng.randint(10_000, 50_000_000)
                for day in as_of:
                    n += 1
                    active = registered // rng.randint(3, 12)
                    yield f"{n}\t{platform}\t{day.isoformat()}\t{registered}\t{active}"
                    registered = int(registered * rng.uniform(1.0, 1.6))

        self.load.copy(
            PlatformUserCount,
            ["id", "platform", "as_of", "registered_users", "monthly_active_users"],
            counts(),
            total=2 * len(self.platforms),
        )

        def features() -> Iterator[str]:
            for feature in self.features:
                flags = [_bool(name in feature.flags) for name in FEATURE_FLAGS]
                yield "\t".join((
                    str(feature.id), str(feature.platform), feature.title,
                    f"{feature.title}, offered to users in mainland China aged 14 and over.",
                    feature.trigger, _opt(feature.trigger_date), *flags,
                    feature.planned_launch.isoformat(), _opt(feature.launched_on),
                    _opt(feature.ended_on), feature.status, str(feature.officer),
                    _iso(feature.created),
                ))  # fmt: skip

        self.load.copy(
            PlannedFeature,
            ["id", "platform", "title", "description", "trigger", "trigger_date",
             *FEATURE_FLAGS, "planned_launch_date", "launched_on", "ended_on", "status",
             "created_by", "created_at"],
            features(),
            total=len(self.features),
        )  # fmt: skip

    # --- Loading: assessments ---------------------------------------------------------------
    def _load_assessments(self) -> None:
        rng = self.rng
        conclusions = _CONCLUSIONS

        def assessments() -> Iterator[str]:
            for a in self.assessments:
                feature = a.feature
                signed = a.signed is not None
                updated = max(
                    [a.signed or feature.created] + [r[3] for f in a.filings for r in f.revs]
                )
                yield "\t".join((
                    str(a.id), str(feature.id), str(a.template.pk), a.method[0], a.method[1],
                    conclusions[a.id % len(conclusions)] if signed else "", "low" if signed else "",
                    str(feature.op.signatory) if signed else NULL, _opt_iso(a.signed),
                    str(feature.officer), _iso(feature.created + 500), _iso(updated),
                ))  # fmt: skip

        self.load.copy(
            Assessment,
            ["id", "planned_feature", "template", "method", "agency_name", "conclusion",
             "residual_risk", "signed_by", "signed_at", "created_by", "created_at", "updated_at"],
            assessments(),
            total=len(self.assessments),
        )  # fmt: skip

        def answers() -> Iterator[str]:
            for a in self.assessments:
                officer = str(a.feature.officer)
                for answer_id, q, base, risk, version, evidence in a.answers:
                    value = _value(base, answer_id, version)
                    updated = max([e[1] for e in evidence] + [a.feature.created + _SECOND])
                    yield "\t".join((
                        str(answer_id), str(a.id), str(q.pk), _json(value), _risk(risk, version),
                        "", officer, _iso(updated),
                    ))  # fmt: skip

        total_answers = sum(len(a.answers) for a in self.assessments)
        self.load.copy(
            Answer,
            ["id", "assessment", "question", "value", "risk_rating", "note", "updated_by",
             "updated_at"],
            answers(),
            total=total_answers,
        )  # fmt: skip

        def evidence() -> Iterator[str]:
            for a in self.assessments:
                officer = str(a.feature.officer)
                for answer_id, _q, _base, _risk, _version, items in a.answers:
                    for ev, uploaded, _fragment, name, sha, size, kind, classification in items:
                        stamp = _EPOCH + dt.timedelta(microseconds=uploaded)
                        yield "\t".join((
                            str(ev), str(answer_id), f"{stamp:%Y/%m}/{rng.getrandbits(128):032x}",
                            name, sha, str(size), kind, classification, officer, _iso(uploaded),
                        ))  # fmt: skip

        self.load.copy(
            Evidence,
            ["id", "answer", "file", "original_name", "sha256", "size", "content_type",
             "classification", "uploaded_by", "uploaded_at"],
            evidence(),
            total=self.evidence_count,
        )  # fmt: skip

    # --- Loading: filings -------------------------------------------------------------------
    def _load_filings(self) -> None:
        no_deadline = getattr(filing_models, "NO_DEADLINE", dt.date(9999, 12, 31))
        next_due: dict[int, tuple[dt.date, bool]] = {}
        for row in self.deadlines:
            if row[12] == Deadline.Status.OPEN:
                due, paused = next_due.get(row[1], (no_deadline, False))
                next_due[row[1]] = (min(due, row[10]), paused or row[9] is not None)
        filing_fields = [f.name for f in Filing._meta.concrete_fields]
        tracks_due = "next_due" in filing_fields and "next_due_paused" in filing_fields
        fields = ["id", "regime", "operator", "platform", "planned_feature", "template",
                  "assessment", "state", "reference", "filing_number", "assignee",
                  "first_submitted_at", "last_submitted_at", "decided_at", "created_by",
                  "created_at", "updated_at"]  # fmt: skip
        if tracks_due:
            fields += ["next_due", "next_due_paused"]

        def filings() -> Iterator[str]:
            for f in self.filings:
                feature = f.feature
                values = [
                    str(f.id),
                    str(f.regime.pk),
                    str(feature.op.id),
                    str(feature.platform),
                    str(feature.id),
                    str(f.template.pk),
                    str(f.assessment.id),
                    f.state,
                    self.reference(f),
                    f.number if f.number else NULL,
                    _opt(f.assignee),
                    _opt_iso(f.first_sub),
                    _opt_iso(f.last_sub),
                    _opt_iso(f.decided),
                    str(feature.officer),
                    _iso(f.created),
                    _iso(f.updated),
                ]
                if tracks_due:
                    due, paused = next_due.get(f.id, (no_deadline, False))
                    values += [due.isoformat(), _bool(paused)]
                yield "\t".join(values)

        self.load.copy(Filing, fields, filings(), total=len(self.filings))

        def addressed() -> Iterator[str]:
            n = 0
            for f in self.filings:
                for authority in f.authorities:
                    n += 1
                    yield f"{n}\t{f.id}\t{authority}"

        self.load.copy(
            Filing.authorities.through,
            ["id", "filing", "authority"],
            addressed(),
            total=sum(len(f.authorities) for f in self.filings),
        )
        self._load_revisions()
        self.load.copy(
            Deadline,
            ["id", "filing", "kind", "rule", "rule_text", "anchor_date", "amount", "unit",
             "paused_working_days", "paused_since", "due_date", "provisional", "status",
             "met_at", "created_at"],
            (
                f"{d}\t{f}\t{kind}\t{_opt(rule)}\t{_text(text)}\t{anchor}\t{amount}\t{unit}\t"
                f"{paused}\t{_opt(since)}\t{due}\t{_bool(prov)}\t{status}\t{_opt_iso(met)}\t"
                f"{_iso(opened)}"
                for d, f, kind, rule, text, anchor, amount, unit, paused, since, due, prov,
                status, met, opened in self.deadlines
            ),
            total=len(self.deadlines),
        )  # fmt: skip
        reason = "Returned to the filer for correction"
        self.load.copy(
            DeadlinePause,
            ["id", "deadline", "started_on", "ended_on", "reason"],
            (f"{p}\t{d}\t{s}\t{_opt(e)}\t{reason}" for p, d, s, e in self.pauses),
            total=len(self.pauses),
        )
        self.load.copy(
            Comment,
            ["id", "filing", "author", "kind", "question", "parent", "revision", "body",
             "internal", "created_at", "answered_at"],
            (
                f"{c.id}\t{c.filing}\t{c.author}\t{c.kind}\t{_opt(c.question)}\t"
                f"{_opt(c.parent)}\t{_opt(c.revision)}\t{_text(c.body)}\t{_bool(c.internal)}\t"
                f"{_iso(c.created)}\t{_opt_iso(c.answered)}"
                for c in self.comments
            ),
            total=len(self.comments),
        )  # fmt: skip
        self.load.copy(
            Decision,
            ["id", "filing", "kind", "reasons", "proposed_by", "proposed_at", "outcome",
             "decided_by", "decided_at", "decision_reasons"],
            (
                f"{d.id}\t{d.filing}\t{d.kind}\t{_text(_DECISION_REASONS[d.kind])}\t"
                f"{d.proposed_by}\t{_iso(d.proposed)}\t{d.outcome}\t{_opt(d.decided_by)}\t"
                f"{_opt_iso(d.decided)}\t{_text(d.reasons)}"
                for d in self.decisions
            ),
            total=len(self.decisions),
        )  # fmt: skip
        self.load.copy(
            RectificationOrder,
            ["id", "filing", "issued_by", "issued_at", "due_date", "status", "response",
             "responded_by", "responded_at", "verified_by", "verified_at"],
            (
                f"{o.id}\t{o.filing}\t{o.issued_by}\t{_iso(o.issued)}\t{o.due}\t{o.status}\t"
                f"{_text(o.response)}\t{_opt(o.responded_by)}\t{_opt_iso(o.responded)}\t"
                f"{_opt(o.verified_by)}\t{_opt_iso(o.verified)}"
                for o in self.orders
            ),
            total=len(self.orders),
        )  # fmt: skip
        self.load.copy(
            RectificationItem,
            ["id", "order", "number", "text", "question", "response"],
            (f"{i}\t{o}\t{n}\t{_text(t)}\t{NULL}\t" for i, o, n, t in self.items),
            total=len(self.items),
        )

    def reference(self, f: _Filing) -> str:
        return f"F{_local_date(f.created).year}{f.id:07d}"

    def _load_revisions(self) -> None:
        """The snapshots `assessments.services.snapshot` would have frozen, written as the
        canonical JSON `snapshot_hash` hashes (sorted keys, no spaces), so both agree."""
        usernames = [u[0] for u in self.users]

        def revisions() -> Iterator[str]:
            for f in self.filings:
                if not f.revs:
                    continue
                a = f.assessment
                signatory = json.dumps(usernames[f.feature.op.signatory - 1])
                top_before = (
                    f'{{"agency_name":{json.dumps(a.method[1], ensure_ascii=False)},"answers":{{'
                )
                conclusion = _CONCLUSIONS[a.id % len(_CONCLUSIONS)]
                top_after = (
                    f'}},"conclusion":{json.dumps(conclusion, ensure_ascii=False)},'
                    f'"method":"{a.method[0]}","residual_risk":"low",'
                )
                template = (
                    f',"template":{{"code":{json.dumps(a.template.code)},'
                    f'"version":{a.template.version}}}}}'
                )
                answers = sorted(a.answers, key=lambda x: x[1].code)
                versions = dict.fromkeys((x[1].code for x in answers), 0)
                for revision, number, kind, ts, touched in f.revs:
                    for code in touched:
                        if code in versions:
                            versions[code] += 1
                    parts = []
                    for answer_id, q, base, risk, _final, evidence in answers:
                        version = versions[q.code]
                        value = json.dumps(_value(base, answer_id, version), ensure_ascii=False)
                        files = ",".join(e[2] for e in evidence if e[1] <= ts)
                        parts.append(
                            f'"{q.code}":{{"evidence":[{files}],"note":"",'
                            f'"risk_rating":"{_risk(risk, version)}",'
                            f'"value":{value}}}'
                        )
                    signed = ts - 10 * _MINUTE
                    snapshot = (
                        top_before
                        + ",".join(parts)
                        + top_after
                        + f'"signed_at":"{_iso(signed)}","signed_by":{signatory}'
                        + template
                    )
                    sha = hashlib.sha256(snapshot.encode()).hexdigest()
                    self.rev_hash[revision] = (number, sha)
                    yield "\t".join((
                        str(revision), str(f.id), str(number), kind, _text(snapshot), sha,
                        str(f.feature.officer), _iso(ts),
                    ))  # fmt: skip

        self.load.copy(
            FilingRevision,
            ["id", "filing", "number", "kind", "snapshot", "sha256", "submitted_by",
             "submitted_at"],
            revisions(),
            total=sum(len(f.revs) for f in self.filings),
        )  # fmt: skip

    # --- Loading: the audit trail -----------------------------------------------------------
    def _load_audit(self) -> None:
        rng = self.rng
        for a in self.assessments:
            if a.signed is not None:
                self.events.append(
                    (a.signed, "assessment.signed", a.id, a.feature.op.signatory, None)
                )
        self.events.sort(key=itemgetter(0))
        target = self.t.audit_events
        kept = self.events[-target:]
        if len(kept) < target:
            # Too few steps for the trail asked for: logins fill it, over the same years.
            first = self.events[0][0] if self.events else self.now - _DAY
            logins = []
            for _ in range(target - len(kept)):
                uid = rng.randint(1, len(self.users))
                when = first + int((self.now - _MINUTE - first) * rng.random())
                logins.append((when, "login.succeeded", uid, uid, None))
            kept = sorted(kept + logins, key=itemgetter(0))
        usernames = [u[0] for u in self.users]
        filings, features = self.filings, self.features
        assessments = self.assessments
        role_of = self.role_of
        platform_names = [p[2] for p in self.platforms]
        template_names = {t.pk: f"{t.name_en} v{t.version}" for t in self.templates.values()}

        def rows() -> Iterator[str]:
            prev = GENESIS_HASH
            for n, (ts, action, obj, actor, extra) in enumerate(kept, 1):
                address: str | None = self.addresses[actor]
                filing_id = revision_hash = None
                data: dict[str, Any] = {}
                if action.startswith("filing."):
                    f = filings[obj - 1]
                    object_type = "filings.filing"
                    title = f.feature.title
                    object_repr = f"{self.reference(f)} · {title}"
                    filing_id = obj
                    verb = action[7:]
                    if verb == "planned":
                        address = None
                        data = {"regime": f.regime.code}
                    else:
                        data = {"state": str(_STATE_AFTER[verb])}
                        if verb in ("submitted", "resubmitted", "change_filed"):
                            number, revision_hash = self.rev_hash[extra]
                            data["revision"] = number
                        elif verb == "assigned":
                            data["assignee"] = usernames[extra - 1]
                        elif verb == "decision_proposed":
                            data["proposal"] = extra
                        elif verb == "approved":
                            data["filing_number"] = f.number
                        elif verb == "rectification_ordered":
                            data["due_date"] = extra
                        elif verb == "cancellation_filed":
                            data["ended_on"] = extra
                elif action == "feature.registered":
                    feature = features[obj - 1]
                    object_type = "platforms.plannedfeature"
                    object_repr = f"{platform_names[feature.platform - 1]} · {feature.title}"
                    address = None
                elif action == "assessment.signed":
                    a = assessments[obj - 1]
                    feature = a.feature
                    object_type = "assessments.assessment"
                    object_repr = (
                        f"{platform_names[feature.platform - 1]} · {feature.title} · "
                        f"{template_names[a.template.pk]}"
                    )
                    address = None
                else:
                    object_type, object_repr = "auth.user", usernames[obj - 1]
                at = _iso(ts)
                name = usernames[actor - 1]
                role = str(role_of.get(actor, "admin"))
                object_repr = object_repr[:300]
                content = {
                    "at": at,
                    "actor_id": actor,
                    "actor_name": name,
                    "actor_role": role,
                    "action": action,
                    "object_type": object_type,
                    "object_id": str(obj),
                    "object_repr": object_repr,
                    "filing_id": filing_id,
                    "revision_hash": revision_hash or "",
                    "address": address,
                    "data": data,
                    "prev_hash": prev,
                }
                canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
                digest = hashlib.sha256(canonical.encode()).hexdigest()
                yield "\t".join((
                    str(n), at, str(actor), name, role, action, object_type, str(obj),
                    _text(object_repr), _opt(filing_id), revision_hash or "", address or NULL,
                    _json(data), prev, digest,
                ))  # fmt: skip
                prev = digest

        self.load.copy(
            AuditEvent,
            ["id", "at", "actor", "actor_name", "actor_role", "action", "object_type",
             "object_id", "object_repr", "filing_id", "revision_hash", "address", "data",
             "prev_hash", "hash"],
            rows(),
            total=len(kept),
        )  # fmt: skip
        self.report.facts["audit_trail_starts"] = _iso(kept[0][0]) if kept else None

    # --- Loading: notifications -------------------------------------------------------------
    def _load_notifications(self) -> None:
        """Today's reminders, as the sweep makes them (and already e-mailed), then the newest
        event notifications up to the target."""
        started = time.monotonic()
        now = _EPOCH + dt.timedelta(microseconds=self.now)
        created = reminders.create_reminders(today=self.today, now=now)
        table = connection.ops.quote_name(Notification._meta.db_table)
        target = self.t.notifications
        if created > target:
            self.load.execute(f"DELETE FROM {table} WHERE id > %s", [target])  # noqa: S608
            created = target
        self.load.execute(
            _DATE_REMINDERS.format(
                notification=table, deadline=connection.ops.quote_name(Deadline._meta.db_table)
            ),
            [now, Notification.Step.EVENT, now, now],
        )
        self.report.rows["filings_notification (reminders)"] = created
        self.report.seconds["filings_notification (reminders)"] = time.monotonic() - started
        self.load.lap("plan")
        rng = self.rng
        wanted = target - created
        regulators: dict[tuple[int, ...], tuple[list[int], list[int]]] = {}
        picked: list[tuple[int, int, int, str]] = []
        for ts, action, obj, actor, _extra in reversed(self.events):
            if len(picked) >= wanted:
                break
            if not action.startswith("filing.") or action == "filing.planned":
                continue
            f = self.filings[obj - 1]
            key = tuple(f.authorities)
            if key not in regulators:
                sups = [u for a in key for u in self.supervisors[a]]
                regulators[key] = ([u for a in key for u in self.reviewers[a]] + sups, sups)
            everyone, sups = regulators[key]
            who = _recipients(action[7:], f, everyone, sups)
            for user in who:
                if user != actor and len(picked) < wanted:
                    picked.append((user, obj, ts + rng.randrange(1, 120) * _SECOND, action[7:]))
        picked.reverse()

        def rows() -> Iterator[str]:
            for n, (user, filing, ts, verb) in enumerate(picked, created + 1):
                # Most are read within a day or two; a few never are.
                age_days = (self.now - ts) / _DAY
                chance = 0.97 if age_days > 7 else 0.85 if age_days > 3 else 0.3 + age_days / 5
                read = ts + int(rng.expovariate(1 / (6 * _HOUR))) + _MINUTE
                if rng.random() >= chance:
                    read = None
                if read is not None and read >= self.now:
                    read = None
                yield (
                    f"{n}\t{user}\t{filing}\t{NULL}\t{NULL}\t{Notification.Step.EVENT}\t{verb}\t"
                    f"{_text(_NOTIFICATION_TEXT.get(verb, ''))}\t{_iso(ts)}\t{_opt_iso(read)}"
                )

        self.load.copy(
            Notification,
            ["id", "recipient", "filing", "deadline", "outbox", "step", "verb", "message",
             "created_at", "read_at"],
            rows(),
            total=len(picked),
            label="filings_notification (events)",
        )  # fmt: skip

    # --- What the runner and the summary need -----------------------------------------------
    def _facts(self) -> None:
        pool = [f for f in self.filings if f.pool and f.first_sub is not None]
        facts = self.report.facts
        facts["bench_authority"] = (
            f"{self.bench_authority.name_en} ({self.bench_authority.name_zh})"
        )
        facts["bench_queue"] = len(pool)
        facts["bench_queue_approved"] = sum(1 for f in pool if f.state == S.APPROVED)
        facts["bench_queue_open"] = sum(1 for f in pool if f.state in OPEN_STATES)
        facts["bench_operator"] = f"{self.bench_op.name_en} ({self.bench_op.name_zh})"
        facts["bench_operator_platforms"] = len(self.bench_op.platforms)
        facts["bench_operator_filings"] = sum(
            1 for f in self.filings if f.feature.op is self.bench_op
        )
        diffable = max(
            (f for f in pool if len(f.revs) >= 3 and any(r[4] for r in f.revs[1:])),
            key=lambda f: len(f.revs),
            default=None,
        )
        facts["workspace_filing"] = diffable.id if diffable else None
        filed = [f for f in self.filings if f.first_sub is not None]
        facts["filed_filings"] = len(filed)
        facts["revisions_per_filed_filing"] = round(
            sum(len(f.revs) for f in filed) / max(1, len(filed)), 2
        )
        facts["evidence_per_filed_filing"] = round(self.evidence_count / max(1, len(filed)), 2)
        facts["states"] = dict(Counter(str(f.state) for f in self.filings))


# --- Small pure helpers ---------------------------------------------------------------------
def _pick(rng: random.Random, weighted: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _quota(n: int, fixed: dict[str, int], rng: random.Random) -> list[str]:
    """n states in STATE_WEIGHTS' shares (largest remainders), each at least once when there
    is room, `fixed` counts as given; shuffled."""
    others = [s for s in STATE_WEIGHTS if s not in fixed]
    room = n - sum(fixed.values())
    base = dict.fromkeys(others, 1 if room >= len(others) else 0)
    room -= sum(base.values())
    total = sum(STATE_WEIGHTS[s] for s in others)
    exact = {s: room * STATE_WEIGHTS[s] / total for s in others}
    counts = {s: base[s] + int(exact[s]) for s in others}
    left = n - sum(fixed.values()) - sum(counts.values())
    for s in sorted(others, key=lambda s: exact[s] - int(exact[s]), reverse=True)[:left]:
        counts[s] += 1
    counts.update(fixed)
    states = [s for s in STATE_WEIGHTS for _ in range(counts.get(s, 0))]
    rng.shuffle(states)
    return states


def _base31(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, digit = divmod(number, len(USCC_ALPHABET))
        digits.append(USCC_ALPHABET[digit])
    return "".join(reversed(digits))


def _value(base: str, answer_id: int, version: int) -> str:
    """An answer as it read after `version` corrections."""
    return base + "".join(_CORRECTIONS[(answer_id + k) % len(_CORRECTIONS)] for k in range(version))


def _risk(risk: str, version: int) -> str:
    return Answer.Rating.LOW if version and risk == "medium" else str(risk)


def _recipients(verb: str, f: _Filing, everyone: list[int], supervisors: list[int]) -> list[int]:
    """Who hears of a step: filings.services.outbox.RECIPIENTS, on the plan."""
    op = f.feature.op
    officers, staff = op.officers, [*op.officers, op.signatory]
    handling = [f.assignee] if f.assignee else everyone
    if verb == "submitted":
        return everyone
    if verb in ("resubmitted", "withdrawn", "sent_back", "information_answered",
                "rectification_responded"):  # fmt: skip
        return handling
    if verb in ("claimed", "returned", "information_requested", "rectification_verified",
                "change_accepted", "cancellation_accepted"):  # fmt: skip
        return officers
    if verb == "assigned":
        return [*handling, *officers]
    if verb == "decision_proposed":
        return supervisors
    if verb in ("approved", "rejected"):
        return [*staff, *handling]
    if verb in ("rectification_ordered", "revoked"):
        return staff
    if verb in ("change_filed", "cancellation_filed"):
        return list(dict.fromkeys([*handling, *supervisors]))
    return []
