"""Loading the audit trail and notifications, and the facts a seed reports."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections import Counter
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection

from audit.models import GENESIS_HASH, AuditEvent
from filings.models import (
    Deadline,
    Filing,
    Notification,
    OfficeReview,
)
from filings.services import reminders
from platforms.models import Membership

from .constants import _DAY, _EPOCH, _HOUR, _MINUTE, _SECOND, NULL, OPEN_STATES, S
from .content import _DATE_REMINDERS, _NOTIFICATION_TEXT, _STATE_AFTER
from .helpers import _iso, _json, _opt, _opt_iso, _recipients, _text


class _LoadTrail:
    """_Seeder's part that loads the audit trail and notifications."""

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
                        # A review step names its office and review, as the services do.
                        review = state = None
                        if isinstance(extra, tuple):
                            review, extra, state = extra
                        data = {"state": str(state or _STATE_AFTER[verb])}
                        if review is not None:
                            data["office"] = review.authority
                            data["office_review"] = review.id
                        if verb in ("submitted", "resubmitted", "change_filed"):
                            number, revision_hash = self.rev_hash[extra]
                            data["revision"] = number
                            if verb == "change_filed":
                                change = self.change_of_revision[extra]
                                data["effective_on"] = change.effective_on.isoformat()
                        elif verb == "assigned":
                            data["assignee"] = usernames[extra - 1]
                            data["assignee_id"] = extra
                        elif verb == "decision_proposed":
                            data["proposal"] = extra
                        elif verb in ("approved", "rejected", "concluded"):
                            data["conclusion"] = review.conclusion if review else extra
                            data["filing_number"] = f.number if verb == "approved" else None
                        elif verb == "rectification_ordered":
                            data["due_date"] = extra
                        elif verb == "cancellation_filed":
                            data["ended_on"] = extra
                        elif verb == "change_recorded":
                            data.update(extra)  # the day of the change and the due date
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
        # The sweep joins the deadlines to the filings, their offices' reviews and the
        # offices' people, whose indexes are still detached: without statistics on the freshly
        # loaded rows PostgreSQL nests loops over them (minutes at scale 0.06, not a second).
        q = connection.ops.quote_name
        swept = [Deadline, Filing, OfficeReview, Membership, get_user_model()]
        self.load.execute(f"ANALYZE {', '.join(q(m._meta.db_table) for m in swept)}")
        created = reminders.create_reminders(today=self.today, now=now)
        table = connection.ops.quote_name(Notification._meta.db_table)
        target = self.t.notifications
        if created > target:
            Notification.objects.filter(pk__gt=target).delete()
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
        picked: list[tuple[int, int, int, str, str]] = []
        for ts, action, obj, actor, extra in reversed(self.events):
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
            verb = action[7:]
            who = _recipients(verb, f, everyone, sups)
            # A change's and an end's notifications quote what the officer filed.
            if verb == "change_filed":
                text = self.change_of_revision[extra].description
            elif verb == "cancellation_filed":
                text = self.cancellation_of[obj].description
            else:
                text = _NOTIFICATION_TEXT.get(verb, "")
            for user in who:
                if user != actor and len(picked) < wanted:
                    picked.append((user, obj, ts + rng.randrange(1, 120) * _SECOND, verb, text))
        picked.reverse()

        def rows() -> Iterator[str]:
            for n, (user, filing, ts, verb, text) in enumerate(picked, created + 1):
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
                    f"{_text(text)}\t{_iso(ts)}\t{_opt_iso(read)}"
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
        facts["bench_queue_concluded"] = sum(1 for f in pool if f.state == S.CONCLUDED)
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
        facts["office_reviews"] = dict(Counter(str(r.state) for r in self.office_reviews))
