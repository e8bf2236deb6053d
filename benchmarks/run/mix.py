"""The realistic mix's plan: who browses and what each of them opens.

Regulators of many authorities and compliance officers of many operators, each with the pages
they open in a working day: their own dashboard, the queue under a few filters, filings
addressed to their authority (regulators) or filed by their operator (officers), and the
notification inbox. Every path belongs to its user (`visible_to`), so a run measures pages
that answer 200, never a 404 served quickly.

The plan is read from the database and written as JSON for the writer's process; the lines
wrk picks from (cookie and path) are made once the sessions exist.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode

MIN_USERS = 100  # the "realistic traffic": at least this many distinct people
DEFAULT_USERS = 120  # half regulators, half officers
FILINGS_PER_USER = 6  # filing pages each person opens (the issue asks at least 5)
QUEUE_VIEWS = 4  # the queue's first page and three filters, of those below
SEED = 2026  # the same people and pages in every run, so that runs compare

# Filters a reviewer uses on the queue (QueueFilterForm's fields); "q" is filled with the name
# of a platform among the person's filings.
QUEUE_FILTERS: tuple[dict[str, str], ...] = (
    {"state": "submitted"},
    {"state": "under_review"},
    {"state": "pending_approval"},
    {"due": "overdue"},
    {"due": "soon"},
    {"assignee": "me"},
    {"sort": "-received"},
    {"state": "approved", "sort": "-received"},
    {"q": ""},
)

REGULATOR, OFFICER = "regulator", "officer"


@dataclass(frozen=True)
class MixUser:
    pk: int
    username: str
    role: str  # REGULATOR or OFFICER
    scope_id: int  # the authority (regulators) or operator (officers)
    filings: tuple[int, ...]  # the filings whose pages the person opens
    paths: tuple[tuple[str, str], ...]  # (kind, path): kind names the page in the report


@dataclass
class MixPlan:
    users: list[MixUser]
    notes: list[str] = field(default_factory=list)

    @property
    def regulators(self) -> list[MixUser]:
        return [u for u in self.users if u.role == REGULATOR]

    @property
    def officers(self) -> list[MixUser]:
        return [u for u in self.users if u.role == OFFICER]

    def composition(self) -> dict[str, int]:
        """How many paths of each kind the mix holds (wrk picks among them uniformly)."""
        return dict(Counter(kind for user in self.users for kind, _path in user.paths))

    def summary(self) -> dict[str, int]:
        return {
            "users": len(self.users),
            "regulators": len(self.regulators),
            "authorities": len({u.scope_id for u in self.regulators}),
            "officers": len(self.officers),
            "operators": len({u.scope_id for u in self.officers}),
            "paths": sum(len(u.paths) for u in self.users),
        }

    def to_json(self) -> str:
        return json.dumps({"users": [asdict(u) for u in self.users], "notes": self.notes})

    @classmethod
    def from_json(cls, text: str) -> MixPlan:
        data = json.loads(text)
        users = [
            MixUser(
                pk=u["pk"],
                username=u["username"],
                role=u["role"],
                scope_id=u["scope_id"],
                filings=tuple(u["filings"]),
                paths=tuple((kind, path) for kind, path in u["paths"]),
            )
            for u in data["users"]
        ]
        return cls(users=users, notes=data["notes"])


def make_mix_plan(*, users: int = DEFAULT_USERS, seed: int = SEED) -> MixPlan:
    """`users` people, half regulators spread over the authorities and half officers of
    distinct operators, among those with at least FILINGS_PER_USER filings to open."""
    rng = random.Random(seed)  # noqa: S311 (a reproducible draw, no secret)
    want_regulators = users // 2
    regulators = _regulators(want_regulators, rng)
    officers = _officers(users - len(regulators), rng)
    plan = MixPlan(users=[*regulators, *officers])
    summary = plan.summary()
    if summary["users"] < users:
        plan.notes.append(
            f"only {summary['users']} of {users} users asked for have "
            f"{FILINGS_PER_USER} filings of their own to open"
        )
    return plan


def _regulators(wanted: int, rng: random.Random) -> list[MixUser]:
    """Reviewers and supervisors, taken in turn from each authority so that as many
    authorities as possible are represented."""
    from platforms.models import AUTHORITY_ROLES, Membership

    by_authority: dict[int, list[Any]] = defaultdict(list)
    memberships = (
        Membership.objects.filter(role__in=AUTHORITY_ROLES, user__is_active=True)
        .select_related("user")
        .order_by("authority_id", "user__username")
    )
    for m in memberships:
        by_authority[m.authority_id].append(m.user)
    for people in by_authority.values():
        rng.shuffle(people)
    chosen: list[MixUser] = []
    seen: set[int] = set()
    empty: set[int] = set()  # authorities whose filings are too few for a person's day
    while len(chosen) < wanted:
        progress = False
        for authority_id, people in sorted(by_authority.items()):
            if len(chosen) >= wanted:
                break
            if authority_id in empty or not people:
                continue
            user = people.pop()
            progress = True
            if user.pk in seen:  # a person with a role at two authorities comes once
                continue
            planned = _regulator_day(user, authority_id, rng)
            if planned is None:
                empty.add(authority_id)
                continue
            seen.add(user.pk)
            chosen.append(planned)
        if not progress:
            break
    return chosen


def _regulator_day(user: Any, authority_id: int, rng: random.Random) -> MixUser | None:
    from filings import access
    from review.forms import QueueFilterForm

    recent = list(
        access.regulator_filings(user)
        .order_by("-last_submitted_at", "-id")
        .values_list("pk", "platform__name_zh")[:40]
    )
    if len(recent) < FILINGS_PER_USER:
        return None
    picked = rng.sample(recent, FILINGS_PER_USER)
    queue = reverse("review:queue")
    paths = [("regulator dashboard", reverse("accounts:dashboard")), ("queue", queue)]
    for filters in rng.sample(QUEUE_FILTERS, QUEUE_VIEWS - 1):
        query = {k: v or picked[0][1] for k, v in filters.items()}  # "q": a platform's name
        form = QueueFilterForm(QueryDict(urlencode(query)), user=user)
        if form.is_valid():  # every filter here is valid for a regulator; checked anyway
            paths.append(("queue", f"{queue}?{urlencode(query)}"))
    paths += [("workspace", reverse("review:workspace", args=[pk])) for pk, _name in picked]
    paths.append(("regulator inbox", reverse("review:notifications")))
    return MixUser(
        pk=user.pk,
        username=user.get_username(),
        role=REGULATOR,
        scope_id=authority_id,
        filings=tuple(pk for pk, _name in picked),
        paths=tuple(paths),
    )


def _officers(wanted: int, rng: random.Random) -> list[MixUser]:
    """One compliance officer each of `wanted` operators, drawn among the operators with
    enough filings (large and small alike: the draw is not weighted by size)."""
    from filings.models import Filing
    from platforms.models import Membership, Role

    busy = set(
        Filing.objects.values("operator_id")
        .annotate(n=Count("id"))
        .filter(n__gte=FILINGS_PER_USER)
        .values_list("operator_id", flat=True)
    )
    officers: dict[int, Any] = {}
    memberships = (
        Membership.objects.filter(role=Role.OFFICER, user__is_active=True, operator_id__in=busy)
        .select_related("user")
        .order_by("operator_id", "user__username")
    )
    for m in memberships:
        officers.setdefault(m.operator_id, m.user)  # each operator's first officer
    operators = sorted(officers)
    rng.shuffle(operators)
    chosen = []
    for operator_id in operators[:wanted]:
        user = officers[operator_id]
        recent = list(
            Filing.objects.filter(operator_id=operator_id)
            .order_by("-id")
            .values_list("pk", flat=True)[:40]
        )
        picked = rng.sample(recent, FILINGS_PER_USER)
        paths = [("officer home", reverse("accounts:dashboard"))]
        paths += [("filing page", reverse("filings:detail", args=[pk])) for pk in picked]
        paths.append(("officer inbox", reverse("review:notifications")))
        chosen.append(
            MixUser(
                pk=user.pk,
                username=user.get_username(),
                role=OFFICER,
                scope_id=operator_id,
                filings=tuple(picked),
                paths=tuple(paths),
            )
        )
    return chosen


def wrk_lines(plan: MixPlan, sessions: dict[int, str]) -> list[str]:
    """One line per (user, path): the session cookie, a tab, the path. wrk_mix.lua picks a
    line at random for each request."""
    cookie = settings.SESSION_COOKIE_NAME
    return [
        f"{cookie}={sessions[user.pk]}\t{path}" for user in plan.users for _kind, path in user.paths
    ]


def write_lines(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
