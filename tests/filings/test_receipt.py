"""The receipt prints on its own, without the page's navigation, and lists the files filed."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from filings.models import State
from tests.builders import filing_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def receipt(cast: dict[str, Any]) -> str:
    filing = filing_in_state(State.SUBMITTED, **cast)
    client = Client()
    client.force_login(cast["officer"])
    response = client.get(f"/filings/{filing.pk}/receipt/1/")
    assert response.status_code == 200
    return response.text


def test_the_receipt_lists_the_files_filed_with_their_sizes_and_hashes(receipt):
    files = receipt.split('id="receipt-files"')[1].split("</table>")[0]
    assert "procedure.pdf" in files
    assert hashlib.sha256(b"%PDF-1.4 test\n").hexdigest() in files
    assert "14\xa0bytes" in files


def test_the_receipt_prints_without_the_navigation(receipt):
    link = re.search(r'<link rel="stylesheet" href="([^"]*receipt[^"]*\.css)">', receipt)
    assert link, "the receipt links its print stylesheet"
    css = Path(finders.find("css/receipt.css")).read_text(encoding="utf-8")
    printed = css.split("@media print", 1)[1]
    assert re.search(r"body > nav\.navbar[^{]*\{\s*display: none", printed)
    assert '<nav class="navbar' in receipt  # on screen it is still there
