from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from filings.models import Filing
from tests.builders import filing_in_state


@pytest.fixture
def cast(cast: dict[str, Any], one_office_regime: Any) -> dict[str, Any]:
    """The review pages as one office works them (tests/conftest.py): the filing's state is
    that office's review's. test_joint_review.py puts it back to the joint 2018 assessment."""
    return {**cast, "regime": one_office_regime.code}


@pytest.fixture
def make_filing(cast: dict[str, Any]) -> Any:
    """A Douyin filing in a state; each call plans a new feature (one live filing each)."""
    counter = iter(range(1000))

    def make(state: str, **feature: Any) -> Filing:
        feature.setdefault("title", f"Feature {next(counter)}")
        return filing_in_state(state, **cast, **feature)

    return make


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_user() -> Any:
    return client_for
