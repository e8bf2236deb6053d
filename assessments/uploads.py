"""Evidence uploads: the rules a file must pass, and the one service that stores it.

The type is sniffed from the content with `filetype` (pure Python, magic numbers; it also
looks inside ZIP-based office files), never taken from the name or the browser's header.
Plain text and CSV have no magic number: they pass when they decode as UTF-8 (or GB18030,
which Chinese office software still writes) and hold no NUL byte.

Size is checked twice: while the request streams in (`EvidenceSizeLimitHandler` skips a file
as soon as it passes the limit, so a 2 GB upload is never written to disk whole) and again
while the stored copy is hashed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

import filetype
from django.conf import settings
from django.core.files import uploadhandler
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from audit.services import record_event
from platforms.models import Role
from platforms.roles import get_actor

from .models import Answer, Assessment, Evidence, Question
from .services import AssessmentError

# Sniffed MIME type -> what the officer is told was accepted.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "image/tiff": "TIFF",
    "image/bmp": "BMP",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument",
    "text/plain": "text",
    "text/csv": "CSV",
}
# filetype reads at most this many bytes of a file's head.
_HEAD_BYTES = 8192
_TEXT_SAMPLE_BYTES = 64 * 1024
_CHUNK = 64 * 1024

_Row = TypeVar("_Row")


def max_bytes() -> int:
    return int(settings.EVIDENCE_MAX_BYTES)


class EvidenceSizeLimitHandler(FileUploadHandler):
    """Stops reading a file once it passes EVIDENCE_MAX_BYTES; the view says why.

    The request gets `evidence_too_large` (True) and `evidence_too_large_files`, the
    (field name, file name) of each file skipped, so that a page with several inputs can
    name the file and where it was given."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > max_bytes():
            request: Any = self.request
            request.evidence_too_large = True
            skipped = getattr(request, "evidence_too_large_files", [])
            request.evidence_too_large_files = [*skipped, (self.field_name, self.file_name)]
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def limit_evidence_size(request: HttpRequest) -> None:
    """Put EvidenceSizeLimitHandler first among the request's upload handlers. Call it
    before anything reads the body: Django freezes the list then (an ImmutableList)."""
    handlers = request.upload_handlers
    if not isinstance(handlers, list):
        raise RuntimeError("The request's body was read before its upload size limit was set.")
    handlers.insert(0, EvidenceSizeLimitHandler(request))


def with_upload_size_limit(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view taking files, with the evidence size limit in place before anything reads the
    body. The CSRF check reads it, so it runs after the limit is set (and still runs). The
    view finds `request.evidence_too_large` set when a file was skipped and says so (413)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limit_evidence_size(request)
        return protected(request, *args, **kwargs)

    return wrapped


# The longest extension a temporary upload file's name carries.
_SUFFIX_CHARS = 16


def temporary_suffix(name: str) -> str:
    """The extension of an upload's name when it is short and plain ASCII, else nothing."""
    ext = os.path.splitext(name or "")[1]
    plain = ext[1:].isascii() and ext[1:].isalnum()
    return ext if plain and len(ext) <= _SUFFIX_CHARS else ""


class TemporaryUpload(TemporaryUploadedFile):
    """A TemporaryUploadedFile whose file on disk is `tmpXXXX.upload` plus a short extension.

    Django names it `tmpXXXX.upload<extension>` with the whole extension: 250 ASCII
    characters after the last dot, or 85 Chinese ones (a name like `整改报告v1.最终版…`),
    passed the file system's 255 bytes and the request died in the multipart parser with
    `OSError: File name too long`, a 500. Only the temporary file's name changes; the
    upload's name (kept as data, at most 255 characters) is the one the browser sent."""

    def __init__(
        self,
        name: str,
        content_type: str,
        size: int,
        charset: str | None,
        content_type_extra: dict[str, Any] | None = None,
    ) -> None:
        file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed with the upload
            suffix=".upload" + temporary_suffix(name), dir=settings.FILE_UPLOAD_TEMP_DIR
        )
        # UploadedFile's constructor, not TemporaryUploadedFile's: that one makes the file.
        UploadedFile.__init__(self, file, name, content_type, size, charset, content_type_extra)


class TemporaryFileUploadHandler(uploadhandler.TemporaryFileUploadHandler):
    """Django's handler for uploads past FILE_UPLOAD_MAX_MEMORY_SIZE, with TemporaryUpload."""

    def new_file(
        self,
        field_name: str,
        file_name: str,
        content_type: str,
        content_length: int | None,
        charset: str | None = None,
        content_type_extra: dict[str, Any] | None = None,
    ) -> None:
        FileUploadHandler.new_file(
            self, field_name, file_name, content_type, content_length, charset, content_type_extra
        )
        self.file = TemporaryUpload(file_name, content_type, 0, charset, content_type_extra)


def too_large_message() -> str:
    return _("The file is larger than %(mb)d MB; split it or compress it.") % {
        "mb": max_bytes() // (1024 * 1024)
    }


def safe_original_name(name: str) -> str:
    """The name as data: no directories, no control characters, at most 255 characters."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    return (name or "evidence")[-255:]


def _looks_like_text(sample: bytes) -> bool:
    if not sample or b"\x00" in sample:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            # A sample may end inside a multi-byte character: ignore an incomplete tail only.
            sample.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(sample) - 4 and len(sample) == _TEXT_SAMPLE_BYTES:
                return True
    return False


def sniff_type(upload: UploadedFile) -> str:
    """The file's MIME type from its content, or AssessmentError naming why it is refused."""
    upload.seek(0)
    sample = upload.read(_TEXT_SAMPLE_BYTES)
    upload.seek(0)
    kind = filetype.guess(sample[:_HEAD_BYTES])
    if kind is not None:
        if kind.mime in ALLOWED_TYPES:
            return kind.mime
        raise AssessmentError(
            _(
                "This file's content is %(type)s, which is not accepted as evidence. "
                "Upload a PDF, an image, an office document, plain text or CSV."
            )
            % {"type": kind.mime}
        )
    if _looks_like_text(sample):
        name = (upload.name or "").lower()
        if _looks_like_markup(sample):
            raise AssessmentError(
                _(
                    "This file's content is HTML or XML, whatever its name says. "
                    "Upload a PDF, an image, an office document, plain text or CSV."
                )
            )
        if os.path.splitext(name)[1] in _BINARY_EXTENSIONS:
            raise AssessmentError(
                _(
                    "This file is named like a %(ext)s file but its content is plain text; "
                    "upload the real document."
                )
                % {"ext": os.path.splitext(name)[1]}
            )
        return "text/csv" if name.endswith(".csv") else "text/plain"
    raise AssessmentError(
        _(
            "The type of this file could not be recognised from its content. "
            "Upload a PDF, an image, an office document, plain text or CSV."
        )
    )


_MARKUP = (b"<!doctype", b"<html", b"<?xml", b"<svg", b"<script", b"<head", b"<body", b"<iframe")
_BINARY_EXTENSIONS = frozenset(
    {".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".doc", ".docx"}
    | {".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp"}
)


def _looks_like_markup(sample: bytes) -> bool:
    head = sample[:1024].lower()
    return any(tag in head for tag in _MARKUP)


def hash_and_size(upload: UploadedFile) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    upload.seek(0)
    for chunk in upload.chunks(_CHUNK):
        size += len(chunk)
        if size > max_bytes():
            raise AssessmentError(too_large_message())
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest(), size


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the rules, with what its file row records of it."""

    upload: UploadedFile
    original_name: str
    sha256: str
    size: int
    content_type: str


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Size cap, not empty, an allowed sniffed type; AssessmentError says what is wrong."""
    sha256, size = hash_and_size(upload)
    if size == 0:
        raise AssessmentError(_("The file is empty."))
    content_type = sniff_type(upload)
    return CheckedUpload(upload, safe_original_name(upload.name or ""), sha256, size, content_type)


def store_file(row: _Row, checked: CheckedUpload, *, by: Any) -> _Row:
    """Fill a file row (Evidence, a rectification attachment) from a checked upload, store
    the content and save the row. The storage name is random (evidence_path); the name the
    file was given is kept as data only."""
    # The file rows of several apps share these fields, not a base class.
    row_: Any = row
    row_.original_name = checked.original_name
    row_.sha256, row_.size = checked.sha256, checked.size
    row_.content_type = checked.content_type
    row_.uploaded_by, row_.uploaded_at = by, timezone.now()
    row_.file.save("evidence", checked.upload, save=False)
    row_.save()
    return row


class EvidenceLockedError(AssessmentError):
    """The assessment is signed (or filed): its evidence stays as it is until reopened."""


class EvidenceRoleError(AssessmentError):
    """The user sees the assessment but is not one of its operator's compliance officers."""


def lock_draft(assessment: Assessment, by: Any, refusal: str) -> Assessment:
    """The assessment re-read under its lock (locks.py, level 3), if `by` may change its
    evidence: one of the operator's officers, and the assessment not signed (a signature
    given a moment ago must stop the change; a filed assessment is signed). `refusal` says
    why a signed one is refused."""
    assessment = (
        Assessment.objects.select_for_update(of=("self",), no_key=True)
        .select_related("planned_feature__platform")
        .get(pk=assessment.pk)
    )
    operator_id = assessment.planned_feature.platform.operator_id
    if not get_actor(by).has_operator_role(operator_id, Role.OFFICER):
        raise EvidenceRoleError(_("Only the operator's compliance officers upload evidence."))
    if assessment.is_signed:
        raise EvidenceLockedError(refusal)
    return assessment


@transaction.atomic
def add_evidence(
    *,
    assessment: Assessment,
    question: Question,
    upload: UploadedFile,
    classification: str,
    by: Any,
) -> Evidence:
    """Check the file against the rules and attach it to the question's answer."""
    assessment = lock_draft(
        assessment, by, _("The assessment is signed; reopen it before adding evidence.")
    )
    if question.section.template_id != assessment.template_id:
        raise AssessmentError(_("This question belongs to another questionnaire."))
    if classification not in Evidence.Classification.values:
        raise AssessmentError(_("Choose how the file is classified."))
    checked = check_upload(upload)
    answer, _created = Answer.objects.get_or_create(
        assessment=assessment, question=question, defaults={"updated_by": by}
    )
    evidence = store_file(Evidence(answer=answer, classification=classification), checked, by=by)
    record_event(
        action="evidence.uploaded",
        obj=evidence,
        actor=by,
        actor_role=Role.OFFICER,
        data={"sha256": checked.sha256, "size": checked.size, "question": question.code},
    )
    return evidence
