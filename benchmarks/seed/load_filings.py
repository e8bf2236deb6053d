"""Loading filings, their offices' reviews, deadlines, the reviews' records, revisions and
changes of the filed facts."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator

from filings import models as filing_models
from filings.models import (
    Comment,
    Deadline,
    DeadlinePause,
    Decision,
    FactChange,
    Filing,
    FilingRevision,
    OfficeReview,
    RectificationItem,
    RectificationOrder,
)

from .constants import _MINUTE, NULL
from .content import _CONCLUSIONS, _DECISION_REASONS
from .helpers import _bool, _iso, _json, _local_date, _opt, _opt_iso, _risk, _text, _value
from .records import _Filing


class _LoadFilings:
    """_Seeder's part that loads filings and revisions."""

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
                  "assessment", "state", "reference", "filing_number",
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
            OfficeReview,
            ["id", "filing", "authority", "stage", "state", "assignee", "conclusion", "decision",
             "concluded_at", "created_at", "updated_at"],
            (
                f"{r.id}\t{r.filing}\t{r.authority}\t{r.stage}\t{r.state}\t{_opt(r.assignee)}\t"
                f"{r.conclusion}\t{_opt(r.decision)}\t{_opt_iso(r.concluded)}\t{_iso(r.created)}\t"
                f"{_iso(r.updated)}"
                for r in self.office_reviews
            ),
            total=len(self.office_reviews),
        )  # fmt: skip
        self.load.copy(
            Comment,
            ["id", "filing", "author", "kind", "question", "parent", "revision", "body",
             "authority", "visibility", "created_at", "answered_at"],
            (
                f"{c.id}\t{c.filing}\t{c.author}\t{c.kind}\t{_opt(c.question)}\t"
                f"{_opt(c.parent)}\t{_opt(c.revision)}\t{_text(c.body)}\t{_opt(c.authority)}\t"
                f"{c.visibility}\t{_iso(c.created)}\t{_opt_iso(c.answered)}"
                for c in self.comments
            ),
            total=len(self.comments),
        )  # fmt: skip
        no_items = _json([])
        self.load.copy(
            Decision,
            ["id", "filing", "review", "kind", "reasons", "items", "due_date", "proposed_by",
             "proposed_at", "escalated_to", "outcome", "decided_by", "decided_at",
             "decision_reasons"],
            (
                f"{d.id}\t{d.filing}\t{d.review}\t{d.kind}\t{_text(_DECISION_REASONS[d.kind])}\t"
                f"{_json(d.items) if d.items else no_items}\t{_opt(d.due)}\t{d.proposed_by}\t"
                f"{_iso(d.proposed)}\t{NULL}\t{d.outcome}\t{_opt(d.decided_by)}\t"
                f"{_opt_iso(d.decided)}\t{_text(d.reasons)}"
                for d in self.decisions
            ),
            total=len(self.decisions),
        )  # fmt: skip
        self.load.copy(
            RectificationOrder,
            ["id", "filing", "issued_by", "authority", "issued_at", "due_date", "status",
             "response", "responded_by", "responded_at", "verified_by", "verified_at"],
            (
                f"{o.id}\t{o.filing}\t{o.issued_by}\t{_opt(o.authority)}\t{_iso(o.issued)}\t"
                f"{o.due}\t{o.status}\t{_text(o.response)}\t{_opt(o.responded_by)}\t"
                f"{_opt_iso(o.responded)}\t{_opt(o.verified_by)}\t{_opt_iso(o.verified)}"
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
        self.load.copy(
            FactChange,
            ["id", "filing", "kind", "status", "effective_on", "description", "recorded_by",
             "recorded_at", "deadline", "revision", "filed_by", "filed_at", "decided_by",
             "decided_at", "reasons"],
            (
                f"{c.id}\t{c.filing}\t{c.kind}\t{c.status}\t{c.effective_on}\t"
                f"{_text(c.description)}\t{c.recorded_by}\t{_iso(c.recorded)}\t{_opt(c.deadline)}\t"
                f"{_opt(c.revision)}\t{_opt(c.filed_by)}\t{_opt_iso(c.filed)}\t"
                f"{_opt(c.decided_by)}\t{_opt_iso(c.decided)}\t{_text(c.reasons)}"
                for c in self.changes
            ),
            total=len(self.changes),
        )  # fmt: skip

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
