"""Reference data on what operators plan and write: feature profiles, answers, evidence,
the review's texts, the state after each step, and the reminder dates' SQL.
"""

from __future__ import annotations

from assessments.models import Evidence
from platforms.models import (
    Trigger,
)

from .constants import S

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
    "reassess": "The assessment does not cover the new voice rooms; assess them again.",
    "rectify": "Controls adequate once the items below are rectified.",
}
# What a re-assessment order asks, per question.
_REASSESSMENT_REASONS = [
    "Assess the rooms opened since the last assessment, with their moderation figures.",
    "The risk rating ignores minors' use at night; rate it again with the evidence.",
    "The third-party lab's report is a year old; attach a current one.",
]
_ORDER_ITEMS = [
    "Patrol streams with face swap at least every two minutes (E4).",
    "Give viewers a one-tap report for impersonation (G1).",
    "Submit the separate consents of every licensed virtual face (I2).",
    "Publish the corrected algorithm description (K6).",
]
# What an officer writes when filing a change of the filed facts (filings.FactChange), and
# why a service ends.
_CHANGE_DESCRIPTIONS = [
    "Recommendation model retrained on last quarter's data; the ranking signals are unchanged.",
    "Time spent in voice rooms added as a ranking signal of the home feed.",
    "The algorithm's security lead changed; the new lead's details are attached.",
    "Face-swap model upgraded to version 3; the visible label now covers the whole frame.",
    "Accounts younger than three months no longer enter the trending list.",
    "The switch that turns personalised recommendation off moved to the home screen.",
    "Voice cloning limited to voices whose owners gave separate consent in the app.",
    "Service extended to the tablet app; data stays on servers in mainland China.",
]
_CANCELLATION_REASONS = [
    "The feature was retired with the 6.0 release; the model and its data were deleted.",
    "Merged into the main home feed; its own algorithm is no longer used.",
    "The trial ended; no user has been served since the end date.",
    "The platform closed the feature after a product review; the servers are shut down.",
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
    "concluded": _DECISION_REASONS["approve"],
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
    "proposal_taken_back": S.UNDER_REVIEW,
    "approved": S.APPROVED,
    "concluded": S.CONCLUDED,
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
    "assigned", "sent_back", "approved", "rejected", "concluded", "change_accepted",
    "cancellation_accepted", "revoked", "rectification_verified",
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
