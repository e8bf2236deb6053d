"""The officer's home lists what waits on them across all the operator's filings, not only
among the ones shown in the list of filings, and the most urgent filings first."""

from __future__ import annotations

import pytest

from filings import services
from filings.home import home_for
from filings.models import State
from tests.builders import filing_in_state

pytestmark = pytest.mark.django_db


def test_a_request_on_a_filing_outside_the_shown_list_is_still_a_task(cast):
    asked = filing_in_state(State.UNDER_REVIEW, **cast, title="Asked about")
    services.comment_on_filing(
        filing=asked, by=cast["reviewer"], body="Which model?", information_request=True
    )
    for n in range(3):
        filing_in_state(State.SUBMITTED, **cast, title=f"Later {n}")

    home = home_for(cast["officer"], limit=2)

    assert len(home.filings) == 2
    tasks = [(t.kind, t.filing.pk) for t in home.tasks]
    assert ("information_request", asked.pk) in tasks


def test_filings_are_listed_by_their_next_deadline(cast):
    filings = [filing_in_state(State.SUBMITTED, **cast, title=f"F{n}") for n in range(3)]
    home = home_for(cast["officer"], limit=3)
    dues = [f.next_due for f in home.filings]
    assert dues == sorted(dues)
    assert {f.pk for f in home.filings} == {f.pk for f in filings}
