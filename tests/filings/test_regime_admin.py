"""An admin adds a regime and its deadline rules in the admin; bad input is refused with a
message that says what to fix, and nothing is saved."""

import json

import pytest
from django.urls import reverse

from filings.models import DeadlineRule, Regime

pytestmark = pytest.mark.django_db

PREFIX = "deadline_rules"


def regime_form(**overrides):
    data = {
        "code": "eu-gdpr-art36",
        "name_zh": "事先咨询",
        "name_en": "Prior consultation",
        "short_name_en": "Prior consultation",
        "short_name_zh": "事先咨询",
        "legal_references": "GDPR Art. 36",
        "calendar": "EU",
        "applies_when": "{}",
        "jurisdictions": '["EU"]',
        "addressed_to": '[{"kind": "cac", "level": "national"}]',
        "template_code": "eu-gdpr-prior-consultation",
        "outcome": "advice",
        "filing_number_prefix": "",
        "active": "on",
        f"{PREFIX}-TOTAL_FORMS": "1",
        f"{PREFIX}-INITIAL_FORMS": "0",
    }
    rule = {
        "kind": "review",
        "triggers": "[]",
        "anchor": "submission",
        "amount": "8",
        "unit": "weeks",
        "when_returned": "pause",
        "pauses_for_information": "on",
        "extension_amount": "6",
        "extension_unit": "weeks",
        "extension_notice_within_amount": "1",
        "extension_notice_within_unit": "months",
        "statutory": "on",
        "legal_reference": "GDPR Art. 36(2)",
    }
    for key, value in overrides.items():
        if key.startswith("rule_"):
            rule[key.removeprefix("rule_")] = value
        else:
            data[key] = value
    data.update({f"{PREFIX}-0-{k}": v for k, v in rule.items() if v is not None})
    return data


def post(client, admin, **overrides):
    client.force_login(admin)
    return client.post(reverse("admin:filings_regime_add"), regime_form(**overrides))


def test_an_admin_adds_a_regime_with_weeks_an_information_pause_and_an_extension(client, admin):
    response = post(client, admin)

    assert response.status_code == 302, response.context["errors"]
    rule = DeadlineRule.objects.get(regime__code="eu-gdpr-art36")
    assert (rule.unit, rule.when_returned, rule.pauses_for_information) == ("weeks", "pause", True)
    assert rule.extendable


def errors_of(response) -> str:
    assert response.status_code == 200
    assert not Regime.objects.filter(code="eu-gdpr-art36").exists()
    form = response.context["adminform"].form
    inline = response.context["inline_admin_formsets"][0].formset
    return json.dumps([form.errors, inline.errors], ensure_ascii=False)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param(
            {"addressed_to": '[{"kind": "data_protection", "level": "national"}]'},
            "Unknown authority kind: data_protection; known kinds: cac, public_security.",
            id="unknown-kind",
        ),
        pytest.param(
            {"addressed_to": '[{"kind": "cac", "level": "city"}]'},
            "Each addressee's level is local, provincial or national.",
            id="bad-level",
        ),
        pytest.param({"addressed_to": "[]"}, "This field is required.", id="no-addressee"),
        pytest.param(
            {"addressed_to": '[{"kind": "cac", "level": "local", "stage": 0}]'},
            "A stage is a whole number from 1.",
            id="bad-stage",
        ),
        pytest.param(
            {"addressed_to": '[{"kind": "cac", "level": "local", "round": 2}]'},
            "An addressee has a kind, a level and optionally a stage.",
            id="unknown-key",
        ),
        pytest.param(
            {"addressed_to": '{"kind": "cac"}'}, "with one entry per addressee", id="addressed-dict"
        ),
        pytest.param({"jurisdictions": '["eu"]'}, "market codes in capitals", id="lower-market"),
        pytest.param({"jurisdictions": "[]"}, "This field is required.", id="no-market"),
        pytest.param({"jurisdictions": '"EU"'}, "market codes in capitals", id="markets-str"),
        pytest.param(
            {"applies_when": '{"jurisdiction": "EU"}'},
            'Use {} (always) or {\\"any_flag\\"',
            id="applies-when-stays-strict",
        ),
        pytest.param(
            {"rule_extension_unit": ""}, "Give the unit of the extension.", id="ext-no-unit"
        ),
        pytest.param(
            {"rule_extension_amount": "0"},
            "Give the length of the extension, or clear its unit and notice window.",
            id="unit-without-extension",
        ),
        pytest.param(
            {"rule_extension_notice_within_unit": ""},
            "Give the unit of the notice window.",
            id="window-no-unit",
        ),
        pytest.param(
            {"rule_anchor": "planned_launch", "rule_when_returned": "restart"},
            "Only a clock counted from the submission can count again from the resubmission.",
            id="restart-not-from-submission",
        ),
        pytest.param({"rule_unit": "fortnights"}, "Select a valid choice.", id="bad-unit"),
        pytest.param(
            {"rule_when_returned": "ignore"}, "Select a valid choice.", id="bad-when-returned"
        ),
        pytest.param({"rule_triggers": '["moon"]'}, "Unknown trigger.", id="bad-trigger"),
    ],
)
def test_the_admin_refuses_bad_regime_data_saying_what_to_fix(client, admin, overrides, message):
    assert message in errors_of(post(client, admin, **overrides))
