"""A Douyin 2018 security assessment reviewed by the Beijing CAC and the Beijing PSB, each
with an internal note, a comment to the filer, and the CAC's confirmed conclusion."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from pypdf import PdfReader

from dossiers.models import Dossier
from dossiers.services import request_dossier
from filings import services
from filings.models import Filing, State
from tests.builders import filing_in_state
from tests.conftest import _unavailable

EVIDENCE_SHA256 = hashlib.sha256(b"%PDF-1.4 test\n").hexdigest()
ANSWER = "Documented in the attached procedure."
CAC_NOTE = "CAC internal: the moderation team looks thin."
PSB_NOTE = "PSB internal: check the real-name records."
TO_FILER = "Please name the moderators on duty at night."
REASONS = "The moderation plan covers every voice room."


@pytest.fixture
def filing(cast: dict[str, Any], beijing_psb_reviewer: Any) -> Filing:
    filing = filing_in_state(State.SUBMITTED, **cast, title="Voice chat rooms")
    reviewer, supervisor = cast["reviewer"], cast["supervisor"]
    services.claim_filing(filing=filing, by=reviewer)
    services.comment_on_filing(filing=filing, by=reviewer, body=CAC_NOTE, visibility="office")
    services.comment_on_filing(filing=filing, by=reviewer, body=TO_FILER, visibility="filer")
    services.claim_filing(filing=filing, by=beijing_psb_reviewer)
    services.comment_on_filing(
        filing=filing, by=beijing_psb_reviewer, body=PSB_NOTE, visibility="office"
    )
    services.propose_decision(filing=filing, by=reviewer, kind="approve", reasons=REASONS)
    services.approve_filing(filing=filing, by=supervisor)
    return Filing.objects.get(pk=filing.pk)


@pytest.fixture
def build(django_capture_on_commit_callbacks: Any) -> Any:
    """Ask for a dossier and let the (eager) task build it, as after the request's commit.
    WeasyPrint needs Debian's pango (.ci/run installs it): without it these tests skip on a
    newcomer's machine and fail under CI."""
    try:
        import weasyprint  # noqa: F401 (loads pango)
    except OSError:
        _unavailable("pango for WeasyPrint (apt-get install libpango-1.0-0 libpangoft2-1.0-0)")

    def build(filing: Filing, user: Any, language: str = "en") -> Dossier:
        with django_capture_on_commit_callbacks(execute=True):
            dossier = request_dossier(filing=filing, by=user, language=language)
        dossier.refresh_from_db()
        return dossier

    return build


def pdf_of(dossier: Dossier) -> PdfReader:
    with dossier.file.open("rb") as stored:
        return PdfReader(io.BytesIO(stored.read()))


def text_of(dossier: Dossier) -> str:
    return "\n".join(page.extract_text() for page in pdf_of(dossier).pages)


def fonts_of(dossier: Dossier) -> set[str]:
    names = set()
    for page in pdf_of(dossier).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names
