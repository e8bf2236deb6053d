import pytest

from filings.models import State
from tests.builders import filing_in_state


@pytest.mark.parametrize("state", State.values)
def test_builder_reaches_every_state(cast, state):
    filing = filing_in_state(state, **cast)
    assert filing.state == state
