"""Who may see which filing and who may act on it: the one place these rules live.

Every view, service, selector and template tag of `filings` and of the apps above it
(`review`, `registry`, `notices`, `inspections`, `dossiers`, `accounts`) asks here.

*Seeing* is a queryset: an object outside the user's queryset is a 404 wherever it is asked
for, so a page never says that something it will not show exists.

- **Operator staff** (officers and signatories) see their operator's filings, drafts
  included.
- **Regulators** (reviewers and supervisors) see a filing once it was submitted, if it is
  addressed to one of their offices, or while a proposal on it waits for their office's
  confirmation (an office with no second supervisor escalated it). Never a draft.
- **Admins** manage filings (the admin site, reassignment) but never read their contents:
  they see every filing in `visible_filings` and none in `readable_filings`.

*Acting* is a `can_*` check that reads only what the request already has (the user's
memberships, resolved once per request by `platforms.roles.get_actor`, and the filing's
prefetched relations), so a list can ask it per row without a query per row. Who may take
each lifecycle transition is part of the transition table itself (`permission=` on the
transitions in `filings.models`); the checks here use the same predicates.

The apps below `filings` cannot import this module (`.importlinter`), so their own rows are
scoped by their models' managers by the same rules: `Assessment.objects.visible_to` and
`Evidence.objects.visible_to` (operator staff only: regulators read an assessment through a
filing here), `Platform`, `PlannedFeature` and `Operator.objects.visible_to` (operator staff;
admins manage all).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast

from core.aggregates import GroupConcat
from platforms.models import Membership, Role
from platforms.roles import Actor, get_actor

from .models import Decision, Filing, OfficeReview
from .models.filing import FilingQuerySet, is_officer

__all__ = [
    "acting_office",
    "acts_in",
    "authority_filings",
    "can_assign",
    "can_comment",
    "can_file",
    "can_record_change",
    "is_filer",
    "office_review",
    "office_reviews",
    "officer_filings",
    "officer_of",
    "readable_filings",
    "regulator_filings",
    "reviews_filing",
    "visible_filings",
]


# --- Seeing -----------------------------------------------------------------------------------
def officer_filings(user: Any) -> FilingQuerySet:
    """The filings of the user's operators (officers and signatories), drafts included."""
    actor = get_actor(user)
    if not actor.is_operator_staff:
        return Filing.objects.none()
    return Filing.objects.filter(operator_id__in=actor.operator_ids)


def regulator_filings(user: Any) -> FilingQuerySet:
    """The filings a regulator works: addressed to one of their offices, or escalated to one
    for confirmation, once submitted. Empty for anyone who is not a reviewer or supervisor
    (admins included)."""
    actor = get_actor(user)
    if not actor.is_regulator:
        return Filing.objects.none()
    # Written once: the same semi-join twice made PostgreSQL spend longer planning the queue
    # than running it.
    return Filing.objects.filter(_regulator_scope(actor, user), first_submitted_at__isnull=False)


def authority_filings(authority_ids: Any) -> FilingQuerySet:
    """The submitted filings addressed to these offices (the dashboard's figures, which are
    shared by everyone of an office, are computed per office rather than per user)."""
    return Filing.objects.filter(
        pk__in=_addressed_to(authority_ids), first_submitted_at__isnull=False
    )


def readable_filings(user: Any) -> FilingQuerySet:
    """The filings whose contents the user may read: their operator's, or those they review.
    Not an admin's (admins manage filings and never read their contents)."""
    actor = get_actor(user)
    if not (actor.is_operator_staff or actor.is_regulator):
        return Filing.objects.none()
    return Filing.objects.filter(_reader_scope(actor, user))


def visible_filings(user: Any) -> FilingQuerySet:
    """Every filing the user may be shown at all: `readable_filings`, and every filing for an
    admin who is neither operator staff nor a regulator (to manage them)."""
    if not getattr(user, "is_authenticated", False):
        return Filing.objects.none()
    actor = get_actor(user)
    if actor.is_admin and not (actor.is_regulator or actor.is_operator_staff):
        return Filing.objects.all()
    return readable_filings(user)


def _addressed_to(authority_ids: Any) -> QuerySet[Any]:
    return Filing.authorities.through.objects.filter(authority_id__in=authority_ids).values(
        "filing_id"
    )


# The attribute under which the filings escalated to the logged-in user's offices arrive with
# the user's own row (accounts.security.ModelBackend.get_user): "id,id,..." or None; no
# attribute means they were not read with the user, and the scope reads them itself.
ESCALATED_ANNOTATION = "escalated_filings_preloaded"


def escalated_annotation() -> Subquery:
    """The filings escalated for confirmation to any office of the user (`OuterRef("pk")`
    in a query of users), as one text value: the same rows `_regulator_scope` would read."""
    offices = Membership.objects.filter(
        user=OuterRef(OuterRef("pk")), authority__isnull=False
    ).values("authority_id")
    pending = (
        Decision.objects.filter(escalated_to_id__in=offices, outcome=Decision.Outcome.PENDING)
        .order_by()
        .values("outcome")
        .annotate(ids=GroupConcat(Cast("filing_id", CharField())))
        .values("ids")
    )
    return Subquery(pending, output_field=CharField())


def _escalated_filing_ids(actor: Actor, user: Any) -> list[int]:
    if hasattr(user, ESCALATED_ANNOTATION):
        text = getattr(user, ESCALATED_ANNOTATION) or ""
        return [int(part) for part in text.split(",") if part]
    return list(
        Decision.objects.filter(
            escalated_to_id__in=actor.authority_ids, outcome=Decision.Outcome.PENDING
        ).values_list("filing_id", flat=True)
    )


def _regulator_scope(actor: Actor, user: Any) -> Q:
    """Addressed to one of the actor's offices, or escalated to one for confirmation.

    The escalated filings are read first, as a list (a few pending proposals at most, from
    an index): with none, the scope is one `IN (addressed)`, which PostgreSQL runs as a
    semi-join probing the addressed-to index for each filing a keyset page walks (0.3 ms
    for an office with 240,000 filings). Written as `IN (addressed) OR IN (escalated)`,
    it hashed all 240,000 addressed ids on every query instead (150 ms). For the logged-in
    user of a page the list came with the user's row (`escalated_annotation`), no query."""
    escalated = _escalated_filing_ids(actor, user)
    addressed = Q(pk__in=_addressed_to(actor.authority_ids))
    return addressed | Q(pk__in=escalated) if escalated else addressed


def _reader_scope(actor: Actor, user: Any) -> Q:
    scope = Q(pk__in=[])
    if actor.is_operator_staff:
        scope |= Q(operator_id__in=actor.operator_ids)
    if actor.is_regulator:
        scope |= _regulator_scope(actor, user) & Q(first_submitted_at__isnull=False)
    return scope


# --- Acting -----------------------------------------------------------------------------------
def is_filer(user: Any, filing: Filing) -> bool:
    """Staff of the filing's operator (an officer or a signatory): they read it as the filer."""
    return filing.operator_id in get_actor(user).operator_ids


def officer_of(user: Any, operator_id: int) -> bool:
    """An officer of this operator (who fills in, submits and asks for sign-off)."""
    return get_actor(user).has_operator_role(operator_id, Role.OFFICER)


def can_file(user: Any, filing: Filing) -> bool:
    """An officer of the filing's operator: submits, answers, records changes, comments."""
    return is_officer(filing, user)


def reviews_filing(user: Any, filing: Filing, offices: Iterable[int] | None = None) -> bool:
    """A reviewer or supervisor of an office the filing is addressed to, once submitted.
    `offices`: the addressed offices' ids when the page has them already (saves a query)."""
    addressed = filing.authority_ids if offices is None else frozenset(offices)
    return bool(filing.first_submitted_at) and get_actor(user).regulator_of(addressed)


def can_comment(user: Any, filing: Filing) -> bool:
    """The filer's officers and the addressed offices' regulators comment on a filing."""
    return reviews_filing(user, filing) or can_file(user, filing)


def can_record_change(user: Any, filing: Filing, recordable_states: Any) -> bool:
    """An officer records a change of the filed facts while the filing is in force."""
    return filing.state in recordable_states and can_file(user, filing)


def can_assign(user: Any) -> bool:
    """A supervisor of some office assigns its reviews (to its reviewers and supervisors)."""
    return any(Role.SUPERVISOR in roles for roles in get_actor(user).authority_roles.values())


def acts_in(review: OfficeReview, actor: Actor) -> bool:
    """Whether `actor` acts in this office's review: a regulator of the office, or of the
    office its open proposal was escalated to."""
    if review.authority_id in actor.authority_ids:
        return True
    escalated = escalated_to(review)
    return escalated is not None and escalated in actor.authority_ids


def escalated_to(review: OfficeReview) -> int | None:
    proposal = review.open_proposal
    return proposal.escalated_to_id if proposal is not None else None


def office_reviews(filing: Filing, user: Any) -> list[OfficeReview]:
    """The reviews of `filing` the user acts in (prefetched reviews are used; read-only: the
    services lock what they change)."""
    actor = get_actor(user)
    return [r for r in filing.reviews.all() if acts_in(r, actor)]


def office_review(filing: Filing, user: Any) -> OfficeReview | None:
    """The review the user's pages show first: their own office's, else an escalated one."""
    found = office_reviews(filing, user)
    own = [r for r in found if r.authority_id in get_actor(user).authority_ids]
    first = own or found
    return first[0] if first else None


def acting_office(filing: Filing, user: Any) -> int | None:
    """The addressed office a regulator acts for after the review (their first one)."""
    mine = sorted(get_actor(user).authority_ids & filing.authority_ids)
    return mine[0] if mine else None
