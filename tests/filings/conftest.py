from __future__ import annotations

from typing import Any

import pytest

from filings.models import Regime


@pytest.fixture
def one_office_regime(db: Any) -> Regime:
    """A regime whose filing goes to one office (the local CAC) and ends in a number: the
    review table of DESIGN.md section 5 run by a single office, so that the filing's state
    is that office's review's. (Joint and staged reviews: tests/review/test_joint_review.py.)
    Its rules are the 2018 assessment's."""
    source = Regime.objects.get(code="cn-security-assessment")
    regime = Regime.objects.create(
        code="test-one-office",
        name_zh="单一机关备案 (测试)",
        name_en="One-office filing (test)",
        short_name_zh="单一机关",
        short_name_en="One office",
        legal_references="-",
        addressed_to=[{"kind": "cac", "level": "local"}],
        outcome=Regime.Outcome.NUMBER,
        template_code=source.template_code,
    )
    for rule in source.deadline_rules.all():
        rule.pk = None
        rule.regime = regime
        rule.save()
    return regime
