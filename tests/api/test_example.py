"""The client example in the docs (docs/api-example.py) runs against a live server: it
registers a feature, answers the assessment and attaches the evidence; the browser's one
part, the signatory's signature, is done here through the service; then it submits, and
follows the filing until the regulators (here through their services, as the browser
would) have decided, printing each office's decision and reasons."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from assessments.services import missing_items, sign_assessment
from demo.drive import OfficeDrive
from filings.models import Filing, State
from platforms.models import PlannedFeature

from .conftest import client_for

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "api-example.py"


def _example() -> Any:
    spec = importlib.util.spec_from_file_location("api_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _in_the_browser(filing: Filing, signatory: Any) -> None:
    """What the example leaves to people: the signature (the API never signs)."""
    assert missing_items(filing.assessment) == []
    sign_assessment(assessment=filing.assessment, by=signatory)


def test_the_example_takes_a_feature_to_a_submitted_filing_and_follows_it_to_a_decision(
    live_server,
    monkeypatch,
    capsys,
    tmp_path,
    douyin,
    douyin_officer,
    bytedance_signatory,
    beijing_reviewer,
    beijing_supervisor,
):
    example = _example()
    api = client_for(douyin_officer)
    monkeypatch.setenv("FILINGS_API", f"{live_server.url}/api/v1")
    monkeypatch.setenv("FILINGS_TOKEN", api.raw)

    procedure = tmp_path / "procedure.pdf"
    procedure.write_bytes(b"%PDF-1.4 moderation procedure\n")
    example.main(["api-example.py", "register", str(douyin.pk), "Voice rooms", str(procedure)])
    feature = PlannedFeature.objects.get(title="Voice rooms")
    filing = Filing.objects.get(planned_feature=feature, regime__code="cn-security-assessment")
    assert f"filing {filing.pk}" in capsys.readouterr().out

    with pytest.raises(SystemExit, match="409"):  # not signed yet: the API never signs
        example.main(["api-example.py", "submit", str(filing.pk)])

    _in_the_browser(filing, bytedance_signatory)
    example.main(["api-example.py", "submit", str(filing.pk)])
    out = capsys.readouterr().out
    assert f"filing {filing.pk} is submitted" in out
    assert Filing.objects.get(pk=filing.pk).state == State.SUBMITTED
    assert filing.revisions.count() == 1

    example.main(["api-example.py", "follow", str(filing.pk)])
    assert f"filing {filing.pk} is submitted" in capsys.readouterr().out

    # Following with --every waits while the filing is under review: the regulators decide
    # (in the browser; here through the same services) while it waits.
    waits = []

    def regulators_decide_meanwhile(seconds: float) -> None:
        waits.append(seconds)
        OfficeDrive(
            Filing.objects.get(pk=filing.pk),
            reviewer=beijing_reviewer,
            supervisor=beijing_supervisor,
        ).conclude("reassess")

    monkeypatch.setattr(example.time, "sleep", regulators_decide_meanwhile)
    example.main(["api-example.py", "follow", str(filing.pk), "--every", "600"])
    out = capsys.readouterr().out
    assert waits == [600]
    # A security assessment concludes; this one with a re-assessment ordered, its item shown.
    assert f"filing {filing.pk} is reassessment_required" in out
    assert "decision: reassess: Complete." in out
    assert "Label every output." in out
