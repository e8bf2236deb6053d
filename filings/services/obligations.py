"""From a planned feature to the filings it obliges: which regimes apply, to whom each filing
goes, and by when (docs/domain-rules.md#regimes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.services import current_template, get_or_start_assessment
from audit.services import record_event
from platforms.models import (
    FEATURE_FLAGS,
    PRE_LAUNCH_TRIGGERS,
    Authority,
    PlannedFeature,
    Platform,
    Role,
    authority_kind_label,
)
from platforms.roles import get_actor

from .. import versions
from ..models import Deadline, DeadlineKind, DeadlineRule, Filing, Regime
from .deadlines import open_deadline_from_rule, rule_for
from .errors import FilingError
from .prefill import prefill_from_last_accepted

FEATURE_FIELDS = (
    "title",
    "description",
    "trigger",
    "trigger_date",
    "planned_launch_date",
    *FEATURE_FLAGS,
)


@dataclass(frozen=True)
class Obligation:
    """One filing a feature needs, with the reason in plain words, for the officer."""

    filing: Filing
    reason: str
    deadline: Deadline | None


def applicable_regimes(feature: PlannedFeature) -> list[Regime]:
    """The active regimes whose jurisdictions the feature's platform serves and whose
    applicability rule the feature meets."""
    return [r for r in Regime.objects.filter(active=True) if r.applies_to(feature)]


def addressed_authorities(regime: Regime, operator_region: str) -> list[Authority]:
    """For each addressee of the regime, the most local office covering the operator."""
    found: list[Authority] = []
    authorities = list(Authority.objects.all())
    for target in regime.addressed_to:
        candidates = [a for a in authorities if a.kind == target["kind"]]
        if target["level"] in ("national", "provincial"):
            candidates = [
                a
                for a in candidates
                if a.level == target["level"] and a.covers_region(operator_region)
            ]
        else:
            candidates = [a for a in candidates if a.covers_region(operator_region)]
        order: dict[str, int] = {
            Authority.Level.CITY: 0,
            Authority.Level.PROVINCIAL: 1,
            Authority.Level.NATIONAL: 2,
        }
        candidates.sort(key=lambda a: order[a.level])
        if not candidates:
            raise FilingError(
                _("No %(kind)s office covers region %(region)s; ask an admin to add one.")
                % {"kind": authority_kind_label(target["kind"]), "region": operator_region}
            )
        found.append(candidates[0])
    return found


def anchor_date(feature: PlannedFeature, anchor: str, *, today: dt.date) -> dt.date:
    if anchor == DeadlineRule.Anchor.PLANNED_LAUNCH:
        return feature.launched_on or feature.planned_launch_date
    if anchor == DeadlineRule.Anchor.TRIGGER_EVENT:
        return feature.trigger_date or feature.planned_launch_date
    if anchor == DeadlineRule.Anchor.SERVICE_END:
        return feature.ended_on or today
    return today


@transaction.atomic
def register_planned_feature(
    *, platform: Platform, by: Any, today: dt.date, **fields: Any
) -> tuple[PlannedFeature, list[Obligation]]:
    """Record a planned feature and create the filings it obliges, each with its due date."""
    if not get_actor(by).has_operator_role(platform.operator_id, Role.OFFICER):
        raise FilingError(_("Only the operator's compliance officers register its features."))
    unknown = set(fields) - set(FEATURE_FIELDS)
    if unknown:
        raise FilingError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    feature = PlannedFeature(platform=platform, created_by=by, **fields)
    if feature.trigger in PRE_LAUNCH_TRIGGERS and feature.planned_launch_date < today:
        raise FilingError(
            _(
                "The planned launch date is in the past; a launch that has "
                "happened is filed under another trigger."
            )
        )
    try:
        feature.full_clean()
    except ValidationError as exc:
        raise FilingError(" ".join(exc.messages)) from exc
    feature.save()
    obligations = _create_filings(feature=feature, by=by, today=today)
    # The audit chain's lock last (locks.py): every row is written before it is taken.
    record_event(action="feature.registered", obj=feature, actor=by, actor_role=Role.OFFICER)
    _record_planned(obligations, by)
    return feature, obligations


def plan_filings(*, feature: PlannedFeature, by: Any, today: dt.date) -> list[Obligation]:
    """Create the draft filings a feature needs (skipping regimes it already has one for)."""
    obligations = _create_filings(feature=feature, by=by, today=today)
    _record_planned(obligations, by)
    return obligations


def _record_planned(obligations: list[Obligation], by: Any) -> None:
    role = get_actor(by).primary_role()
    for obligation in obligations:
        filing = obligation.filing
        record_event(
            action="filing.planned",
            obj=filing,
            actor=by,
            actor_role=role,
            filing_id=filing.pk,
            data={"regime": filing.regime.code},
        )


def _create_filings(*, feature: PlannedFeature, by: Any, today: dt.date) -> list[Obligation]:
    obligations = []
    operator = feature.platform.operator
    live = set(
        Filing.objects.filter(planned_feature=feature).open().values_list("regime_id", flat=True)
    )
    for regime in applicable_regimes(feature):
        if regime.pk in live:
            continue
        template = current_template(regime.template_code)
        if template is None:
            raise FilingError(_("No published questionnaire for %s; ask an admin.") % regime)
        assessment = get_or_start_assessment(feature=feature, template=template, by=by)
        prefill_from_last_accepted(assessment=assessment, by=by)
        filing = Filing.objects.create(
            regime=regime,
            operator=operator,
            platform=feature.platform,
            planned_feature=feature,
            template=template,
            created_by=by,
            assessment=assessment,
        )
        filing.reference = f"F{today:%Y}{filing.pk:07d}"
        filing.save(update_fields=["reference"])
        versions.changed([filing.pk])  # a draft more in the operator's counts
        filing.authorities.set(addressed_authorities(regime, operator.region_code))
        rule = rule_for(filing, DeadlineKind.FILING)
        deadline = None
        if rule is not None:
            deadline = open_deadline_from_rule(
                filing=filing,
                kind=DeadlineKind.FILING,
                anchor_date=anchor_date(feature, rule.anchor, today=today),
            )
        obligations.append(Obligation(filing, regime.reason_for(feature), deadline))
    return obligations


def _due_before_launch(regime: Regime, trigger: str) -> bool:
    rule = next(
        (
            r
            for r in regime.deadline_rules.all()
            if r.kind == DeadlineKind.FILING and r.applies_to_trigger(trigger)
        ),
        None,
    )
    return (
        rule is not None and rule.anchor == DeadlineRule.Anchor.PLANNED_LAUNCH and not rule.amount
    )


@transaction.atomic
def launch_feature(*, feature: PlannedFeature, by: Any, on: dt.date) -> PlannedFeature:
    """Record the launch. Refused while a filing due before launch has not been submitted."""
    feature = PlannedFeature.objects.select_for_update(no_key=True).get(pk=feature.pk)
    if not get_actor(by).has_operator_role(feature.platform.operator_id, Role.OFFICER):
        raise FilingError(_("Only the operator's compliance officers record a launch."))
    # Its filings next, in key order, before the deadlines below are written (locks.py).
    list(
        feature.filings.open()
        .select_for_update(no_key=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # Every before-launch obligation needs a submitted live filing. One with none at all (its
    # draft withdrawn, or the filing rejected) blocks too: withdrawing is no way round the rule.
    live = {f.regime_id: f for f in feature.filings.open()}
    blocked_by = []
    for regime in applicable_regimes(feature):
        if not _due_before_launch(regime, feature.trigger):
            continue
        filing = live.get(regime.pk)
        if filing is None:
            blocked_by.append(_("%(regime)s (none on file)") % {"regime": regime})
        elif filing.first_submitted_at is None:
            blocked_by.append(f"{filing.reference} ({regime})")
    if blocked_by:
        raise FilingError(
            _("The launch is blocked until these filings are submitted: %s") % ", ".join(blocked_by)
        )
    feature.launched_on = on
    feature.status = PlannedFeature.Status.LAUNCHED
    feature.save(update_fields=["launched_on", "status"])
    # Filings counted from the launch (the algorithm filing: 10 working days) count from now.
    for filing in feature.filings.open().filter(first_submitted_at__isnull=True):
        rule = rule_for(filing, DeadlineKind.FILING)
        if rule is not None and rule.anchor == DeadlineRule.Anchor.PLANNED_LAUNCH and rule.amount:
            open_deadline_from_rule(filing=filing, kind=DeadlineKind.FILING, anchor_date=on)
    record_event(
        action="feature.launched",
        obj=feature,
        actor=by,
        actor_role=Role.OFFICER,
        data={"on": on.isoformat()},
    )
    return feature
