"""No page of the benchmark reads the filings, deadlines, notifications or audit tables by a
sequential scan: every query those pages run is EXPLAINed on a seeded sample.

On a sample of a few hundred rows PostgreSQL rightly prefers sequential scans, so the plans
are taken with `enable_seqscan = off`: a Seq Scan that remains means no index can serve the
query, which at 300,000 filings is a scan of all of them. PostgreSQL only (the `postgres`
fixture: a skip on SQLite locally, a failure under CI=true).
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks import run
from benchmarks.seed import seed

WATCHED = {
    "filings_filing",
    "filings_filing_authorities",
    "filings_deadline",
    "filings_notification",
    "audit_auditevent",
    "assessments_evidence",
}
DECLARE = re.compile(r"^DECLARE \S+ NO SCROLL CURSOR WITH(?:OUT)? HOLD FOR ", re.S)


@pytest.fixture
def plan(transactional_db: Any, postgres: Any, monkeypatch: pytest.MonkeyPatch) -> run.Plan:
    # Committed, not rolled back: an index rebuilt by the seeder over rows it had updated is
    # usable only by transactions that start after it (pg_index.indcheckxmin).
    seed(scale=0.002, allow_any_database=True, progress=False)
    monkeypatch.setattr(run.plan, "DEEP_PAGE", 3)  # a few hundred filings: page 3 is deep enough
    return run.make_plan(out=io.StringIO())


def relations(node: dict[str, Any]) -> set[str]:
    found = {node["Relation Name"]} if "Relation Name" in node else set()
    for child in node.get("Plans", []):
        found |= relations(child)
    return found


def seq_scans(node: dict[str, Any]) -> list[str]:
    """Sequential scans of the large tables, and hashed subplans over them: a filter
    `x IN (subquery) OR ...` that PostgreSQL may answer by hashing every row the subquery
    returns on each query, however few rows the page shows. On this sample (a few hundred
    filings) the planner does not always choose at scale as it does here: `make bench`
    times every page on 300,000 filings, and showed the two such filters found so far."""
    found = []
    if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") in WATCHED:
        found.append(node["Relation Name"])
    if str(node.get("Subplan Name", "")).startswith("hashed") and relations(node) & WATCHED:
        found.append(f"hashed subplan over {sorted(relations(node) & WATCHED)}")
    for child in node.get("Plans", []):
        found += seq_scans(child)
    return found


def explain(sql: str) -> list[str]:
    sql = DECLARE.sub("", sql)
    if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
        return []
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # the test commits: no SET LOCAL
        try:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            (doc,) = cursor.fetchone()
        finally:
            cursor.execute("RESET enable_seqscan")
    return seq_scans(doc[0]["Plan"])


def test_no_page_of_the_benchmark_scans_a_large_table(plan: run.Plan) -> None:
    urls = [(page.user, page.path) for page in plan.pages if page.path]
    urls.append(("reviewer", plan.export_path))
    assert any("after=" in path for _, path in urls)  # the deep queue page is among them
    found: dict[str, list[str]] = {}
    for who, path in urls:
        client = Client()
        if who:
            client.force_login(plan.users[who])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
            assert response.status_code == 200, path
            if response.streaming:
                b"".join(response.streaming_content)
        for query in ctx.captured_queries:
            scans = explain(query["sql"])
            if scans:
                found.setdefault(path, []).append(f"{scans}: {query['sql'][:200]}")
    assert found == {}, "\n".join(f"{p}: {q}" for p, qs in found.items() for q in qs)
