"""What a user is, in the organisations they belong to.

Resolved once per user object (and so once per request) from the memberships; every
permission check and user-scoped queryset reads it from here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

from core.aggregates import GroupConcat

from .models import Membership, Role

# The attribute under which the logged-in user's memberships arrive with the user's own row
# (accounts.security.ModelBackend.get_user annotates it): "operator:authority:role,..."; no
# attribute means they were not read with the user, and `get_actor` reads them itself.
ROLES_ANNOTATION = "membership_roles_preloaded"


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


def roles_annotation() -> Subquery:
    """The user's memberships as one text value, for a query of users (`OuterRef("pk")`):
    read with the user's row, they cost every page no query of their own."""

    def text(field: str) -> Any:
        return Coalesce(Cast(field, CharField()), Value(""))

    memberships = (
        Membership.objects.filter(user=OuterRef("pk"))
        .order_by()
        .values("user")
        .annotate(
            text=GroupConcat(
                Concat(text("operator_id"), Value(":"), text("authority_id"), Value(":"), F("role"))
            )
        )
        .values("text")
    )
    return Subquery(memberships, output_field=CharField())


def _memberships(user: Any) -> list[tuple[int | None, int | None, str]]:
    if hasattr(user, ROLES_ANNOTATION):
        rows = []
        for part in filter(None, (getattr(user, ROLES_ANNOTATION) or "").split(",")):
            operator_id, authority_id, role = part.split(":", 2)
            rows.append(
                (
                    int(operator_id) if operator_id else None,
                    int(authority_id) if authority_id else None,
                    role,
                )
            )
        return rows
    return list(
        Membership.objects.filter(user=user).values_list("operator_id", "authority_id", "role")
    )


def get_actor(user: Any) -> Actor:
    if not getattr(user, "is_authenticated", False):
        return Actor()
    cached = getattr(user, "_actor_cache", None)
    if cached is not None:
        return cached
    operator_roles: dict[int, set[str]] = defaultdict(set)
    authority_roles: dict[int, set[str]] = defaultdict(set)
    for operator_id, authority_id, role in _memberships(user):
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
