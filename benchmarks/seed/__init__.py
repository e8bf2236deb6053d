"""A national-scale data set for the benchmarks (issue #7): `manage.py bench_seed`.

At scale 1.0: 30 authorities (the national CAC, provincial and city CACs and public-security
offices) with 200 reviewers and supervisors; 1,000 operators with officers and signatories,
5,000 platforms; 300,000 filings in every state of every active regime over ten years, with
their planned features, assessments (answers to the questions that carry evidence), about
three revisions and five pieces of evidence per filed filing, deadlines, each addressed
office's review (filings.OfficeReview) with its comments, decisions and rectification
orders; 2,000,000 audit events on a valid hash chain and 1,000,000 notifications. Every
count scales with `scale` (0.001 gives 300 filings).

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
and resubmitted, proposed, confirmed; an algorithm filing is filed with a number by the
national CAC after the provincial CAC's first review (or not filed), then changed,
rectified, cancelled or revoked (each change and end of service with its filings.FactChange
row as filings.services.changes writes it: filed with its text and, for a change, the
revision it froze, then accepted; a few filed filings have a change recorded lately and not
yet filed, its clock to file it open); a 2018 or deep-synthesis assessment is concluded by each
office it is addressed to (the local CAC and public security), which may order a
re-assessment or a rectification instead. Each office has its own review (claimed by its
own reviewer, confirmed by its own supervisor); the filing's state is the one
`filings.services.office.derive_state` gives for its reviews. Each step at a working-day
time in Asia/Shanghai, the open ones recent, with open deadlines around today (some
overdue). Revisions are the snapshots
`assessments.services.snapshot` freezes, built as its canonical JSON, so `snapshot_hash`
gives their stored SHA-256 and the workspace's diff shows changed answers and added evidence.
The audit trail holds the newest `audit_events` of those steps (the trail starts when the
system went live; older history came from the spreadsheets), hashed exactly as
`AuditEvent.compute_hash` does. Notifications are today's reminders (the reminder sweep's own
INSERT, marked as e-mailed) and the newest event notifications; older ones are read.

For benchmarks/run/: `bench_reviewer` and `bench_supervisor` work at the Beijing CAC, which
receives most filings (at scale 1.0 more than 110,000 concluded ones are in their queue under
`state=concluded`); `bench_officer` is the compliance officer of an operator with 40 platforms
and more than 1,000 filings; `bench_signatory` signs for it and `bench_admin` is a superuser.
All share the password BENCH_PASSWORD.
"""

from __future__ import annotations

from .actors import AUTHORITIES
from .constants import (
    BEIJING_FEATURE_SHARE,
    BEIJING_OPERATOR_SHARE,
    BENCH_ADMIN,
    BENCH_AUTHORITY,
    BENCH_OFFICER,
    BENCH_PASSWORD,
    BENCH_REVIEWER,
    BENCH_SIGNATORY,
    BENCH_SUPERVISOR,
    BENCH_USERS,
    CONCLUSION_WEIGHTS,
    DEFAULT_SEED,
    MET_DEADLINE_SHARE,
    NULL,
    NUMBERED,
    OPEN_STATES,
    STATE_WEIGHTS,
    YEARS,
    S,
    SeedError,
    SeedReport,
    Targets,
)
from .entry import seed
from .helpers import WorkingDays
from .loader import check_database

__all__ = [
    "AUTHORITIES",
    "BEIJING_FEATURE_SHARE",
    "BEIJING_OPERATOR_SHARE",
    "BENCH_ADMIN",
    "BENCH_AUTHORITY",
    "BENCH_OFFICER",
    "BENCH_PASSWORD",
    "BENCH_REVIEWER",
    "BENCH_SIGNATORY",
    "BENCH_SUPERVISOR",
    "BENCH_USERS",
    "CONCLUSION_WEIGHTS",
    "DEFAULT_SEED",
    "MET_DEADLINE_SHARE",
    "NULL",
    "NUMBERED",
    "OPEN_STATES",
    "STATE_WEIGHTS",
    "YEARS",
    "S",
    "SeedError",
    "SeedReport",
    "Targets",
    "WorkingDays",
    "check_database",
    "seed",
]
