"""The three regimes of docs/domain-rules.md#regimes, as data. Loaded by a data migration;
admins add more in the admin (a regime, its deadline rules and a questionnaire template)."""

from typing import Any

LOCAL_CAC_AND_PSB = [
    {"kind": "cac", "level": "local"},
    {"kind": "public_security", "level": "local"},
]
EDITS_FACES_OR_VOICES = ["edits_faces", "edits_voices"]

REGIMES: list[dict[str, Any]] = [
    {
        "code": "cn-security-assessment",
        "name_zh": "具有舆论属性或社会动员能力的互联网信息服务安全评估",
        "name_en": "Security assessment of services with public-opinion attributes or "
        "social-mobilisation capacity",
        "short_name_zh": "安全评估",
        "short_name_en": "Security assessment",
        "legal_references": "《具有舆论属性或社会动员能力的互联网信息服务安全评估规定》(2018) "
        "Arts. 3-7",
        "applies_when": {},
        "addressed_to": LOCAL_CAC_AND_PSB,
        "template_code": "cn-security-assessment",
        "rules": [
            {
                "kind": "filing",
                "triggers": ["launch", "new_technology"],
                "anchor": "planned_launch",
                "amount": 0,
                "legal_reference": "2018 Art. 3(1)-(2)",
            },
            {
                "kind": "filing",
                "triggers": ["user_growth", "harmful_content", "authority_notice"],
                "anchor": "trigger_event",
                "amount": 30,
                "legal_reference": "2018 Art. 3(3)-(5)",
            },
            # The provisions set no review period: an internal service level, paused on return.
            {
                "kind": "review",
                "triggers": [],
                "anchor": "submission",
                "amount": 30,
                "when_returned": "pause",
                "statutory": False,
                "legal_reference": "",
            },
        ],
    },
    {
        "code": "cn-algorithm-filing",
        "name_zh": "互联网信息服务算法备案",
        "name_en": "Algorithm filing (recommendation and deep-synthesis algorithms)",
        "short_name_zh": "算法备案",
        "short_name_en": "Algorithm filing",
        "legal_references": "《互联网信息服务算法推荐管理规定》(2021) Arts. 24-26; "
        "《互联网信息服务深度合成管理规定》(2022) Art. 19",
        "applies_when": {
            "any_flag": [
                "is_deep_synthesis",
                "edits_faces",
                "edits_voices",
                "is_generative_ai",
                "is_recommendation",
            ]
        },
        # First review by the provincial CAC where the operator is registered, second review
        # and the decision by the national CAC.
        "addressed_to": [
            {"kind": "cac", "level": "provincial", "stage": 1},
            {"kind": "cac", "level": "national", "stage": 2},
        ],
        "outcome": "number",
        "template_code": "cn-algorithm-filing",
        "rules": [
            {
                "kind": "filing",
                "triggers": [],
                "anchor": "planned_launch",
                "amount": 10,
                "legal_reference": "Algorithm Art. 24",
            },
            {
                "kind": "change",
                "triggers": [],
                "anchor": "change",
                "amount": 10,
                "legal_reference": "Algorithm Art. 25",
            },
            {
                "kind": "cancellation",
                "triggers": [],
                "anchor": "service_end",
                "amount": 20,
                "legal_reference": "Algorithm Art. 25",
            },
            # "30 working days of complete materials": incomplete materials are returned and
            # the count starts again from the complete resubmission.
            {
                "kind": "review",
                "triggers": [],
                "anchor": "submission",
                "amount": 30,
                "when_returned": "restart",
                "legal_reference": "Algorithm Art. 26",
            },
        ],
    },
    {
        "code": "cn-deep-synthesis-assessment",
        "name_zh": "深度合成服务安全评估",
        "name_en": "Deep-synthesis security assessment (face and voice editing)",
        "short_name_zh": "深度合成评估",
        "short_name_en": "Deep-synthesis assessment",
        "legal_references": "《互联网信息服务深度合成管理规定》(2022) Arts. 14-15, 20",
        "applies_when": {"any_flag": EDITS_FACES_OR_VOICES},
        "addressed_to": LOCAL_CAC_AND_PSB,
        "template_code": "cn-security-assessment",
        "rules": [
            {
                "kind": "filing",
                "triggers": [],
                "anchor": "planned_launch",
                "amount": 0,
                "legal_reference": "DS Art. 20",
            },
            {
                "kind": "review",
                "triggers": [],
                "anchor": "submission",
                "amount": 30,
                "when_returned": "pause",
                "statutory": False,
                "legal_reference": "",
            },
        ],
    },
]


def load_regimes(regime_model: Any, rule_model: Any) -> None:
    """Create the regimes that do not exist yet (idempotent).

    Migration 0002 calls this with the models as they were then, before `when_returned`
    replaced the boolean `pauses_when_returned` (0011 converts the rows it wrote), so a rule
    is written in the shape the given model has."""
    rule_fields = {f.name for f in rule_model._meta.get_fields()}
    for data in REGIMES:
        # Only the fields the model has at this point of the migrations (a data migration
        # calls this with the historical model).
        known = {f.name for f in regime_model._meta.get_fields()}
        fields = {k: v for k, v in data.items() if k in known and k != "code"}
        regime, created = regime_model.objects.get_or_create(code=data["code"], defaults=fields)
        if created:
            for rule in data["rules"]:
                rule_model.objects.create(regime=regime, **_in_shape(rule, rule_fields))


def _in_shape(rule: dict[str, Any], fields: set[str]) -> dict[str, Any]:
    if "when_returned" in fields:
        return rule
    old = {k: v for k, v in rule.items() if k != "when_returned"}
    old["pauses_when_returned"] = rule.get("when_returned", "continue") != "continue"
    return old
