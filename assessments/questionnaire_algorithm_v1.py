# ruff: noqa: RUF001, RUF100
# RUF001 is silenced on purpose: the Chinese strings use full-width Chinese punctuation.
"""First version of the algorithm filing form (2021 algorithm and 2022 deep-synthesis
provisions): the filed facts about the algorithm, on top of which the algorithm
self-assessment report is attached as evidence. Pure data, like questionnaire_v1."""

from typing import Any

_ALGORITHM_TYPES = [
    ("generation_synthesis", "生成合成类", "Generation or synthesis"),
    ("personalised_push", "个性化推送类", "Personalised push"),
    ("ranking", "排序精选类", "Ranking and selection"),
    ("retrieval_filtering", "检索过滤类", "Retrieval and filtering"),
    ("scheduling_decision", "调度决策类", "Scheduling and decision"),
]

TEMPLATE: dict[str, Any] = {
    "code": "cn-algorithm-filing",
    "name_zh": "算法备案信息",
    "name_en": "Algorithm filing",
    "sections": [
        {
            "code": "K",
            "title_zh": "算法备案",
            "title_en": "Algorithm filing",
            "legal_reference": "Algorithm Art. 24; DS Art. 19",
            "applies_when": "always",
            "questions": [
                {
                    "code": "K1",
                    "text_zh": "算法名称",
                    "text_en": "Name of the algorithm",
                    "help_zh": "与公示名称一致。",
                    "help_en": "As it will be published on the register.",
                    "legal_reference": "Algorithm Art. 24",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "K2",
                    "text_zh": "算法类型",
                    "text_en": "Type of algorithm",
                    "help_zh": "",
                    "help_en": "",
                    "legal_reference": "Algorithm Art. 24",
                    "answer_type": "choice",
                    "choices": [
                        {"value": v, "label_zh": zh, "label_en": en}
                        for v, zh, en in _ALGORITHM_TYPES
                    ],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "K3",
                    "text_zh": "备案主体角色",
                    "text_en": "Role of the filing entity",
                    "help_zh": "",
                    "help_en": "",
                    "legal_reference": "DS Art. 19",
                    "answer_type": "choice",
                    "choices": [
                        {
                            "value": "provider",
                            "label_zh": "服务提供者",
                            "label_en": "Service provider",
                        },
                        {
                            "value": "technical_supporter",
                            "label_zh": "技术支持者",
                            "label_en": "Technical supporter",
                        },
                    ],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "K4",
                    "text_zh": "算法基本原理、运行机制及应用领域",
                    "text_en": "Basic principles, mechanism and field of application",
                    "help_zh": "",
                    "help_en": "",
                    "legal_reference": "Algorithm Art. 16",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "K5",
                    "text_zh": "算法安全自评估报告",
                    "text_en": "Algorithm security self-assessment report",
                    "help_zh": "请上传盖章的自评估报告。",
                    "help_en": "Upload the sealed self-assessment report.",
                    "legal_reference": "Algorithm Art. 24",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": True,
                },
                {
                    "code": "K6",
                    "text_zh": "拟公示内容",
                    "text_en": "Text to be published",
                    "help_zh": "将在备案公示中展示。",
                    "help_en": "Shown on the public register.",
                    "legal_reference": "Algorithm Art. 16",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
            ],
        }
    ],
}
