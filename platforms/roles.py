"""What a user is, in the organisations they belong to.

Resolved once per user object (and so once per request) from the memberships; every
permission check and user-scoped queryset reads it from here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .models import Membership, Role


@dataclass(frozen=True)
class Actor:
    operator_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    authority_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    is_admin: bool = False

    @property
    def operator_ids(self) -> frozenset[int]:
        return frozenset(self.operator_roles)

    @property
    def authority_ids(self) -> frozenset[int]:
        return frozenset(self.authority_roles)

    @property
    def is_regulator(self) -> bool:
        return bool(self.authority_roles)

    @property
    def is_operator_staff(self) -> bool:
        return bool(self.operator_roles)

    def has_operator_role(self, operator_id: int, role: str) -> bool:
        return role in self.operator_roles.get(operator_id, ())

    def has_authority_role(self, authority_ids: frozenset[int] | set[int], role: str) -> bool:
        return any(role in self.authority_roles.get(a, ()) for a in authority_ids)

    def regulator_of(self, authority_ids: frozenset[int] | set[int]) -> bool:
        """A reviewer or supervisor of one of these authorities (supervisors may review)."""
        return any(a in self.authority_roles for a in authority_ids)

    def roles(self) -> set[str]:
        found: set[str] = set()
        for roles in (*self.operator_roles.values(), *self.authority_roles.values()):
            found |= roles
        return found

    def primary_role(self) -> str:
        """The one role the home page and the audit trail name this user by."""
        roles = self.roles()
        for role in (Role.SUPERVISOR, Role.REVIEWER, Role.OFFICER, Role.SIGNATORY):
            if role in roles:
                return str(role)
        return "admin" if self.is_admin else ""


def get_actor(user: Any) -> Actor:
    if not getattr(user, "is_authenticated", False):
        return Actor()
    cached = getattr(user, "_actor_cache", None)
    if cached is not None:
        return cached
    operator_roles: dict[int, set[str]] = defaultdict(set)
    authority_roles: dict[int, set[str]] = defaultdict(set)
    for operator_id, authority_id, role in Membership.objects.filter(user=user).values_list(
        "operator_id", "authority_id", "role"
    ):
        if operator_id:
            operator_roles[operator_id].add(role)
        if authority_id:
            authority_roles[authority_id].add(role)
    actor = Actor(
        operator_roles={k: frozenset(v) for k, v in operator_roles.items()},
        authority_roles={k: frozenset(v) for k, v in authority_roles.items()},
        is_admin=bool(user.is_staff),
    )
    user._actor_cache = actor
    return actor
