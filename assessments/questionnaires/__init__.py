"""The published questionnaires, as data: one JSON file per version, `<code>.v<version>.json`.

A published version never changes (tests/assessments/test_questionnaire_data.py pins each
file's SHA-256): to change a questionnaire, copy the file to the next version, edit the copy
and ship it with a data migration that loads a frozen copy of it (as
`assessments/migrations/0002_questionnaires.py` does for version 1). The admin's "Copy as a new
draft version" does the same for a version made by hand.

The shape, read by `assessments.services.load_template`:
- the template: `code`, `version`, `name_zh`, `name_en`, `sections`;
- a section: `code`, `title_zh`, `title_en`, `legal_reference`, `applies_when` ("always", or
  "deep_synthesis": only for features flagged deep synthesis, face or voice editing, or
  generative AI), `questions`;
- a question: `code` (unique across the template), `text_zh`, `text_en`, `help_zh`, `help_en`,
  `legal_reference`, `answer_type` (text, yes_no, choice, number, date), `choices` (for a
  choice: `value`, `label_zh`, `label_en`; one value is the answer), `required`,
  `evidence_required`, and `scope`: "feature" (the default, left out) or "operator" for an
  answer about the company as a whole, which the operator's next assessment starts with,
  pre-filled for the officer to confirm (assessments/prefill.py).

The scopes of cn-security-assessment v1 were added after it was published, and its checksum
pinned again, once: a scope says whose answer a question asks for, it changes no question,
and migration 0004 sets the same scopes on the published rows. Any other change is a new
version.

The Chinese texts keep their full-width punctuation exactly as official text writes it.

Legal references of cn-security-assessment:
- "2018": Provisions on the Security Assessment of Internet Information Services with
  Public-Opinion Attributes or Social-Mobilisation Capacity (CAC and Ministry of Public
  Security, 2018). Art. 2 scope, Art. 3 triggers, Art. 4 self or third-party assessment,
  Art. 5(1)-(8) the points assessed, Art. 6 the contents of the report.
- "DS": Provisions on the Administration of Deep Synthesis of Internet Information Services
  (2022, in force 10 January 2023), Arts. 14-19.
- "CSL": Cybersecurity Law of the PRC (the six-month log retention is in Art. 21(3)).
cn-algorithm-filing is the algorithm filing form (2021 algorithm and 2022 deep-synthesis
provisions): the filed facts about the algorithm; the self-assessment report is its evidence.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

DIRECTORY = Path(__file__).resolve().parent
_NAME = re.compile(r"^(?P<code>[a-z0-9-]+)\.v(?P<version>[1-9][0-9]*)\.json$")


class QuestionnaireNotFoundError(LookupError):
    """No data file for that questionnaire and version."""


def path(code: str, version: int) -> Path:
    return DIRECTORY / f"{code}.v{version}.json"


def load(code: str, version: int) -> dict[str, Any]:
    """The questionnaire `code`, version `version`, as the data file has it."""
    file = path(code, version)
    if not _NAME.match(file.name) or not file.is_file():
        raise QuestionnaireNotFoundError(f"No questionnaire {code} v{version} in {DIRECTORY}.")
    data: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    if (data.get("code"), data.get("version")) != (code, version):
        raise QuestionnaireNotFoundError(f"{file.name} names another questionnaire or version.")
    return data


def published() -> list[tuple[str, int]]:
    """Every (code, version) shipped as a file, in order."""
    found = (_NAME.match(p.name) for p in DIRECTORY.glob("*.json"))
    return sorted((m["code"], int(m["version"])) for m in found if m)
