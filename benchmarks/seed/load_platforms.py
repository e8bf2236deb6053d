"""Loading people, operators, platforms and assessments."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from assessments.models import Answer, Assessment, Evidence
from platforms.models import (
    FEATURE_FLAGS,
    Membership,
    Operator,
    PlannedFeature,
    Platform,
    PlatformUserCount,
)
from platforms.validators import uscc_check_character

from .actors import _GIVEN, _SURNAMES
from .constants import _DAY, _EPOCH, _SECOND, BENCH_PASSWORD, NULL
from .content import _CONCLUSIONS
from .helpers import _base31, _bool, _iso, _json, _opt, _opt_iso, _risk, _value


class _LoadPlatforms:
    """_Seeder's part that loads people, platforms and assessments."""

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
                # The unused _risk shadows the helper here, as it did before the split.
                for answer_id, _q, _base, _risk, _version, items in a.answers:  # noqa: F402
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
