"""Planning authorities, people, operators, platforms and features."""

from __future__ import annotations

import itertools
import math
from types import SimpleNamespace

from filings.services.obligations import addressed_authorities
from platforms.models import (
    FEATURE_FLAGS,
    Authority,
    PlannedFeature,
    Role,
)

from .actors import (
    _COMPANY,
    _DISTRICTS,
    _FORMS,
    _GIVEN,
    _PRODUCTS,
    _PROVINCE_WEIGHTS,
    _SURNAMES,
    _SYLLABLES,
    AUTHORITIES,
)
from .constants import (
    BEIJING_FEATURE_SHARE,
    BEIJING_OPERATOR_SHARE,
    BENCH_ADMIN,
    BENCH_AUTHORITY,
    BENCH_OFFICER,
    BENCH_REVIEWER,
    BENCH_SIGNATORY,
    BENCH_SUPERVISOR,
)
from .content import _PROFILES, _TRIGGERS
from .helpers import _pick
from .records import _Feature, _Filing, _Op


class _People:
    """_Seeder's part that plans authorities, people, operators and features."""

    # --- Authorities and people -------------------------------------------------------------
    def _authorities(self) -> None:
        made = Authority.objects.bulk_create(
            Authority(**{k: v for k, v in row.items() if k != "key"}) for row in AUTHORITIES
        )
        self.authorities = {row["key"]: a for row, a in zip(AUTHORITIES, made, strict=True)}
        self.authority_by_pk = {a.pk: a for a in made}
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
            regimes = [
                r
                for r in self.regimes
                if r.applies_to(ns, markets=["CN"])  # type: ignore[arg-type]
            ]
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
