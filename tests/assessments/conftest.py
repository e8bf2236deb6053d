"""Fixtures for the assessment pages: a Douyin face-swap feature with its security
assessment, and real files of each kind."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import Any

import pytest

from assessments.models import Question
from filings.models import Filing
from tests.builders import plan_feature

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _zipped(**members: str) -> bytes:
    """A zip archive with a fixed date: the same bytes on every run and in every process (the
    bytes name parametrized tests, which pytest-xdist's workers must collect alike)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return _zipped(**{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


def zip_bytes() -> bytes:
    return _zipped(**{"payload.txt": "x"})


@pytest.fixture
def security_filing(douyin: Any, douyin_officer: Any) -> Filing:
    filings = plan_feature(douyin, douyin_officer)
    return next(f for f in filings if f.regime.code == "cn-security-assessment")


@pytest.fixture
def assessment(security_filing: Filing) -> Any:
    return security_filing.assessment


@pytest.fixture
def question(assessment: Any):
    """A8: a question that needs evidence."""

    def get(code: str) -> Question:
        return Question.objects.get(section__template=assessment.template, code=code)

    return get
