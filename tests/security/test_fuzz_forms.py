"""Property: no value typed into any form of the officer's or the reviewer's pages gets a 500.

Every page of config.urls outside the admin is posted to (and queried with GET parameters)
with random and hostile values under the field names its own page shows, by the officer
and by the reviewer of operator A, with A's own objects. Hypothesis keeps a failing input
small; max_examples is kept low so that the whole file runs in well under a minute.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import World
from .test_object_access import OBJECTS
from .urlconf import Route, walk

pytestmark = pytest.mark.django_db

EXAMPLES = 6
# The officer's and the reviewer's journeys: these namespaces, less logging out.
JOURNEYS = ("accounts:", "filings:", "assessments:", "review:", "registry:")
SKIP = {"accounts:logout", "accounts:login", "accounts:healthz"}
COMMON_FIELDS = [
    "state", "reasons", "reason", "body", "value", "question", "reviewer", "filings", "kind",
    "due_date", "items", "description", "q", "sort", "after", "due_before", "rev", "title",
    "trigger", "planned_launch_date", "risk_rating", "classification", "token", "number",
    # Per-office review: who reads a comment, an office's review state, an office.
    "visibility", "review_state", "authority", "office", "office_id",
]  # fmt: skip
HOSTILE = [
    "<script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "' OR 1=1 --",
    "../../etc/passwd",
    "\x00",
    "null\x00byte",
    "9" * 40,
    "-1",
    "0",
    "2147483648",
    "1e309",
    "NaN",
    "2026-02-30",
    "99999-01-01",
    "approved",
    "concluded",
    "offices",
    "{{ 7*7 }}",
    "%s%s%n",
    "\u202e\ufeff\U0001f600",
    "a" * 5000,
    "",
    " ",
]
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=200),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
    st.dates().map(str),
)


def _fields(client: Any, url: str) -> list[str]:
    response = client.get(url)
    if getattr(response, "streaming", False) or "html" not in response.get("Content-Type", ""):
        return list(COMMON_FIELDS)
    found = re.findall(r'name="([^"]+)"', response.content.decode(errors="ignore"))
    names = {n for n in found if n != "csrfmiddlewaretoken"}
    return sorted(names | set(COMMON_FIELDS))


def _targets(world: World, who: str) -> list[tuple[Route, dict[str, Any]]]:
    targets: list[tuple[Route, dict[str, Any]]] = []
    for route in walk():
        if not route.name.startswith(JOURNEYS) or route.name in SKIP:
            continue
        if not route.converters:
            targets.append((route, {}))
            continue
        if route.name not in OBJECTS:
            continue  # test_object_access fails for it by name
        kwargs_list = OBJECTS[route.name](world)
        if route.name == "review:action":
            if who != "reviewer":
                continue
            kwargs_list = [
                k for k in kwargs_list if k["pk"] in {world.submitted.pk, world.pending.pk}
            ]
        else:
            kwargs_list = kwargs_list[:2]
        targets.extend((route, kwargs) for kwargs in kwargs_list)
    return targets


def _fuzz(client: Any, url: str, names: list[str]) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.dictionaries(st.sampled_from(names), values, max_size=8))
    def post_and_query(data: dict[str, str]) -> None:
        posted = client.post(url, data)
        assert posted.status_code < 500, f"POST {url} {data!r}: {posted.status_code}"
        queried = client.get(url, data)
        assert queried.status_code < 500, f"GET {url} {data!r}: {queried.status_code}"

    post_and_query()


@pytest.mark.parametrize("who", ["officer", "reviewer"])
def test_hostile_form_values_never_cause_a_server_error(client, who, world_a):
    client.force_login(world_a.people[who])
    for route, kwargs in _targets(world_a, who):
        url = reverse(route.name, kwargs=kwargs)
        _fuzz(client, url, _fields(client, url))
