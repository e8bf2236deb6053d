"""Who may see and do what with inspections: every view, service and template asks here.

- An office the filing is addressed to (it has an `OfficeReview` of the filing) inspects it
  once it has been submitted: any reviewer or supervisor of that office opens an inspection,
  alone or jointly with another office the filing is addressed to, and either office's
  reviewers and supervisors edit the draft and record it.
- The inspecting offices see the inspection from the first draft. The filing's other
  addressed offices see it once it is recorded (a joint inspection's second office is an
  inspecting office, so it sees the draft).
- The operator's staff see a recorded inspection of their filings (date, place, offices,
  findings, files, the order made from it), never a draft, the team or the internal notes.
- A supervisor of an inspecting office orders rectification from a recorded inspection.

Anyone else gets a 404: the views fetch through these querysets.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from filings.models import Filing, State
from platforms.models import Authority, Role
from platforms.roles import get_actor

from .models import Inspection, InspectionQuerySet

# The filing states rectification is ordered from (filings.models.Filing.order_rectification).
ORDERABLE_STATES = frozenset({State.APPROVED, State.CONCLUDED})


def visible(user: Any) -> InspectionQuerySet:
    return Inspection.objects.visible_to(user)


def inspecting(user: Any) -> InspectionQuerySet:
    """The inspections of the user's offices: the ones they may edit, record, order from."""
    return Inspection.objects.of_offices(get_actor(user).authority_ids)


def addressed_offices(filing: Filing) -> list[int]:
    """The offices the filing is addressed to, by their reviews (prefetched ones are used)."""
    return [r.authority_id for r in filing.reviews.all()]


def may_inspect(user: Any, filing: Filing) -> bool:
    """Whether the user may open an inspection of this filing (no query when the filing's
    reviews are prefetched, as the workspace does)."""
    if filing.first_submitted_at is None:
        return False
    mine = get_actor(user).authority_ids
    return any(a in mine for a in addressed_offices(filing))


def inspecting_offices(user: Any, filing: Filing) -> list[Authority]:
    """The offices the user may open an inspection of this filing for: their offices the
    filing is addressed to, once it has been submitted. Empty: not theirs to inspect."""
    if filing.first_submitted_at is None:
        return []
    mine = get_actor(user).authority_ids
    ids = [a for a in addressed_offices(filing) if a in mine]
    return list(Authority.objects.filter(pk__in=ids).order_by("pk")) if ids else []


def inspectable_filings(user: Any) -> Any:
    """Filings the user may inspect (the create page fetches through this)."""
    actor = get_actor(user)
    if not actor.authority_ids:
        return Filing.objects.none()
    return Filing.objects.filter(
        first_submitted_at__isnull=False,
        reviews__authority_id__in=list(actor.authority_ids),
    ).distinct()


def joint_offices(filing: Filing, lead: Authority | int) -> list[Authority]:
    """The offices that may inspect jointly with `lead`: the filing's other addressed ones."""
    lead_id = lead.pk if isinstance(lead, Authority) else lead
    ids = [a for a in addressed_offices(filing) if a != lead_id]
    return list(Authority.objects.filter(pk__in=ids).order_by("pk")) if ids else []


def is_inspecting(user: Any, inspection: Inspection) -> bool:
    """A reviewer or supervisor of an inspecting office."""
    return get_actor(user).regulator_of(inspection.office_ids)


def is_lead_office(user: Any, inspection: Inspection) -> bool:
    return get_actor(user).regulator_of({inspection.authority_id})


def reads_internal_notes(user: Any, inspection: Inspection) -> bool:
    return is_inspecting(user, inspection)


def reads_team(user: Any, inspection: Inspection) -> bool:
    """Regulators who see the inspection read who inspected; the operator does not."""
    return get_actor(user).is_regulator


def may_edit(user: Any, inspection: Inspection) -> bool:
    return not inspection.is_recorded and is_inspecting(user, inspection)


def may_record(user: Any, inspection: Inspection) -> bool:
    return may_edit(user, inspection)


def is_inspecting_supervisor(user: Any, inspection: Inspection) -> bool:
    return get_actor(user).has_authority_role(inspection.office_ids, Role.SUPERVISOR)


def order_refusal(user: Any, inspection: Inspection) -> str:
    """Why the user may not order rectification from this inspection now ("" if they may).
    Worded for the person; the service says the same when it refuses."""
    if not inspection.is_recorded:
        return _("Record the inspection before ordering rectification from it.")
    if inspection.rectification_order_id is not None:
        return _("Rectification was already ordered from this inspection.")
    if not is_inspecting_supervisor(user, inspection):
        return _("Only a supervisor of an inspecting office orders rectification.")
    filing = inspection.filing
    if filing.state not in ORDERABLE_STATES:
        return _(
            "Rectification is ordered on a filing that has been approved or concluded; this "
            "filing is “%(state)s”."
        ) % {"state": filing.get_state_display()}
    return ""
