"""Making, revoking and checking API tokens.

A token is `flt_<8 characters>_<43 characters>`: the first part (the prefix) is stored as is
and shown in lists; the whole string is stored only as its SHA-256. A random 256-bit secret
needs no slow hash: nothing can be guessed from the digest (README and docs/api.md, "Tokens").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import actor_role, record_event
from platforms.models import Role
from platforms.roles import get_actor

from .models import ApiToken, ApiTokenQuerySet, Scope

TOKEN_PREFIX = "flt_"  # noqa: S105  (a visible marker, not a secret)
# last_used_at is written at most this often per token (not once per request).
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class TokenError(Exception):
    """A token that cannot be made or revoked, with a message for the person asking."""


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def organisation_of(user: Any) -> dict[str, int] | None:
    """The organisation a user may make tokens for: an officer's operator, a reviewer's or
    supervisor's authority (a user belongs to one organisation); None for anyone else."""
    actor = get_actor(user)
    for operator_id, roles in sorted(actor.operator_roles.items()):
        if Role.OFFICER in roles:
            return {"operator_id": operator_id}
    for authority_id, roles in sorted(actor.authority_roles.items()):
        if roles & {Role.REVIEWER, Role.SUPERVISOR}:
            return {"authority_id": authority_id}
    return None


def may_use(token: ApiToken) -> bool:
    """Whether the owner still holds a role that makes such tokens, in the token's own
    organisation (a person moved or demoted loses their tokens with the role)."""
    own = organisation_of(token.owner)
    if token.operator_id is not None:
        return own == {"operator_id": token.operator_id}
    return token.authority_id is not None and own == {"authority_id": token.authority_id}


@transaction.atomic
def create_token(
    *, owner: Any, name: str, scope: str, days: int, address: str | None = None
) -> tuple[ApiToken, str]:
    """Make a token for the owner's organisation; returns it and the secret, which is never
    shown again."""
    organisation = organisation_of(owner)
    if organisation is None:
        raise TokenError(
            _("Only compliance officers, reviewers and supervisors create API tokens.")
        )
    if scope not in Scope.values:
        raise TokenError(_("Choose read or read and write."))
    name = name.strip()
    if not name:
        raise TokenError(_("Give the token a name."))
    prefix = TOKEN_PREFIX + secrets.token_hex(4)
    raw = f"{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        owner=owner,
        name=name,
        scope=scope,
        prefix=prefix,
        secret_hash=token_hash(raw),
        expires_at=timezone.now() + dt.timedelta(days=days),
        **organisation,
    )
    record_event(
        action="api_token.created",
        obj=token,
        actor=owner,
        actor_role=actor_role(owner),
        address=address,
        data={"token": token.pk, "scope": scope, "expires_at": token.expires_at.isoformat()},
    )
    return token, raw


def organisation_tokens(user: Any) -> ApiTokenQuerySet:
    """The other tokens of the organisation the user may make tokens for (their colleagues'),
    which the user may also revoke, e.g. when a colleague leaves. None for anyone who makes
    no tokens (signatories, administrators)."""
    organisation = organisation_of(user)
    if organisation is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(**organisation).exclude(owner=user)


def may_revoke(user: Any, token: ApiToken) -> bool:
    """The token's owner, or a colleague who makes tokens for the token's organisation."""
    if token.owner_id == user.pk:
        return True
    organisation = organisation_of(user)
    if organisation is None:
        return False
    if token.operator_id is not None:
        return organisation == {"operator_id": token.operator_id}
    return organisation == {"authority_id": token.authority_id}


@transaction.atomic
def revoke_token(*, token: ApiToken, by: Any, address: str | None = None) -> ApiToken:
    """Revoke a token: its owner does, or a colleague who makes tokens for its organisation
    (someone left, a secret leaked). Who revoked it is kept and audited."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if not may_revoke(by, token):
        raise TokenError(
            _(
                "Only the token's owner, or a colleague who makes tokens for its "
                "organisation, revokes it."
            )
        )
    if token.revoked_at is not None:
        raise TokenError(_("The token is already revoked."))
    token.revoked_at, token.revoked_by = timezone.now(), by
    token.save(update_fields=["revoked_at", "revoked_by"])
    record_event(
        action="api_token.revoked",
        obj=token,
        actor=by,
        actor_role=actor_role(by),
        address=address,
        data={
            "token": token.pk,
            "token_prefix": token.prefix,
            "owner": token.owner_id,
            "revoked_by": by.pk,
            "by_owner": token.owner_id == by.pk,
        },
    )
    return token


def find_token(raw: str) -> ApiToken | None:
    """The token this string is, whatever its state (the caller says why it is refused)."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    return ApiToken.objects.select_related("owner").filter(secret_hash=token_hash(raw)).first()


def touch(token: ApiToken) -> None:
    """Record that the token was used: one conditional UPDATE a minute at most."""
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
