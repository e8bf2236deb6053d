"""A draft's evidence after upload: remove a file, replace it, attach one from the library.

While the assessment is a draft (not signed: the rule that autosaving answers follows), the
operator's officers may take a file off a question, replace it with a new upload, or attach
a file the operator already uploaded to any of its assessments (its *library*).

Nothing filed is destroyed. A filing revision names its files by SHA-256 (snapshot) and
regulators download them through the assessment's Evidence rows (review.selectors). So a
file whose hash a revision of the assessment's filings names is **detached**, not deleted:
the row loses its `answer` and keeps `detached_from`, so that no current list (progress,
missing items, the next snapshot) counts it, while the revision's link still finds it. A
file no revision names is deleted, row and stored object: a wrong upload (one holding
personal data by mistake) then leaves no copy behind.

The library attaches the **same stored object**: a new row with the source's hash, size,
type and name, pointing at the same storage name. Evidence is never overwritten, so the
bytes behind the name cannot change, and no copy of up to 20 MB is made inside a request.
Deleting a stored object is therefore counted: it goes only when no other row names it.
Every action writes an audit event naming the file (name, SHA-256, size) and the question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record_event
from platforms.models import Role

from .models import Answer, Assessment, Evidence, Question
from .services import AssessmentError
from .uploads import (
    ALLOWED_TYPES,
    check_upload,
    lock_draft,
    max_bytes,
    store_file,
    too_large_message,
)


class EvidenceGoneError(AssessmentError):
    """The file is not (or no longer) on this assessment, or not in the operator's library."""


@dataclass(frozen=True)
class TakenOff:
    """What became of a file taken off an answer: kept (detached, a revision names it) or
    deleted."""

    name: str
    sha256: str
    size: int
    kept: bool


def library(assessment: Assessment) -> QuerySet[Evidence]:
    """The files of the assessment's operator that may be attached to it, newest first,
    with what the list shows of their origin (one query)."""
    return (
        Evidence.objects.library_of(assessment.planned_feature.platform.operator_id)
        .select_related(
            "answer__question",
            "answer__assessment__planned_feature",
            "answer__assessment__template",
        )
        .order_by("-uploaded_at", "-pk")
    )


def filed_hashes(assessment: Assessment) -> set[str]:
    """The SHA-256 of every file a revision of the assessment's filings names.

    Read through the reverse relations, so that this app does not import `filings`."""
    found: set[str] = set()
    for snapshot in assessment.filings.values_list("revisions__snapshot", flat=True):
        for answer in ((snapshot or {}).get("answers") or {}).values():
            found.update(e.get("sha256", "") for e in answer.get("evidence") or [])
    return found


def _locked_evidence(assessment: Assessment, evidence_id: int) -> Evidence:
    """The file, on an answer of the locked assessment, locked for deletion."""
    evidence = (
        Evidence.objects.select_for_update(of=("self",))
        .select_related("answer__question")
        .filter(pk=evidence_id, answer__assessment=assessment)
        .first()
    )
    if evidence is None:
        raise EvidenceGoneError(_("That file is no longer attached to this assessment."))
    return evidence


def _take_off(evidence: Evidence, assessment: Assessment, by: Any) -> TakenOff:
    taken = TakenOff(evidence.original_name, evidence.sha256, evidence.size, kept=False)
    if evidence.sha256 in filed_hashes(assessment):
        evidence.detached_from_id = evidence.answer_id
        evidence.answer = None
        evidence.detached_at, evidence.detached_by = timezone.now(), by
        evidence.save(update_fields=["answer", "detached_from", "detached_at", "detached_by"])
        return TakenOff(taken.name, taken.sha256, taken.size, kept=True)
    name, storage = evidence.file.name, evidence.file.storage
    evidence.delete()
    # A library attachment shares the stored object (same hash): it stays while any row
    # names it, detached ones included.
    if not Evidence.objects.filter(sha256=taken.sha256, file=name).exists():
        # robust: the row is gone and the removal done; a store briefly unreachable leaves
        # an orphan object that nothing serves, logged, never a 500.
        transaction.on_commit(lambda: storage.delete(name), robust=True)
    return taken


def _file_data(taken: TakenOff) -> dict[str, Any]:
    return {"name": taken.name, "sha256": taken.sha256, "size": taken.size, "kept": taken.kept}


@transaction.atomic
def remove_evidence(*, assessment: Assessment, evidence_id: int, by: Any) -> TakenOff:
    """Take a file off a draft's question: detached when a filed revision names it, else
    deleted."""
    assessment = lock_draft(
        assessment, by, _("The assessment is signed; reopen it before removing evidence.")
    )
    evidence = _locked_evidence(assessment, evidence_id)
    question, row_id, row = evidence.held_by.question, evidence.pk, str(evidence)
    taken = _take_off(evidence, assessment, by)
    # The audit chain's lock after the rows' (locks.py); the event names a row maybe gone.
    record_event(
        action="evidence.removed",
        actor=by,
        actor_role=Role.OFFICER,
        object_type=Evidence._meta.label_lower,
        object_id=str(row_id),
        object_repr=row,
        data={**_file_data(taken), "assessment": assessment.pk, "question": question.code},
    )
    return taken


@dataclass(frozen=True)
class Replaced:
    new: Evidence
    old: TakenOff


@transaction.atomic
def replace_evidence(
    *,
    assessment: Assessment,
    evidence_id: int,
    upload: UploadedFile,
    classification: str,
    by: Any,
) -> Replaced:
    """Put a new upload (the upload rules apply) in the place of a file on a draft's
    question; the old one goes as `remove_evidence` takes it."""
    assessment = lock_draft(
        assessment, by, _("The assessment is signed; reopen it before replacing evidence.")
    )
    old = _locked_evidence(assessment, evidence_id)
    if classification not in Evidence.Classification.values:
        raise AssessmentError(_("Choose how the file is classified."))
    checked = check_upload(upload)
    if checked.sha256 == old.sha256:
        raise AssessmentError(
            _("The new file is the same as %(name)s (same SHA-256); nothing was changed.")
            % {"name": old.original_name}
        )
    answer = old.held_by  # attached: its answer
    new = store_file(Evidence(answer=answer, classification=classification), checked, by=by)
    taken = _take_off(old, assessment, by)
    record_event(
        action="evidence.replaced",
        obj=new,
        actor=by,
        actor_role=Role.OFFICER,
        data={
            "name": new.original_name,
            "sha256": new.sha256,
            "size": new.size,
            "question": answer.question.code,
            "replaced": {"id": evidence_id, **_file_data(taken)},
        },
    )
    return Replaced(new, taken)


@transaction.atomic
def attach_from_library(
    *,
    assessment: Assessment,
    question: Question,
    source_id: int,
    classification: str,
    by: Any,
) -> Evidence:
    """Attach a file of the operator's library to a draft's question without uploading it
    again: a new row naming the same stored object, with the same hash."""
    assessment = lock_draft(
        assessment, by, _("The assessment is signed; reopen it before adding evidence.")
    )
    if question.section.template_id != assessment.template_id:
        raise AssessmentError(_("This question belongs to another questionnaire."))
    if classification not in Evidence.Classification.values:
        raise AssessmentError(_("Choose how the file is classified."))
    # Locked: a removal of the source waits, then finds this row naming the stored object.
    source = (
        Evidence.objects.library_of(assessment.planned_feature.platform.operator_id)
        .select_for_update(of=("self",), no_key=True)
        .filter(pk=source_id)
        .first()
    )
    if source is None:
        raise EvidenceGoneError(_("That file is no longer in your operator's library."))
    # The rules of today, which may be stricter than when the file was uploaded.
    if source.size > max_bytes():
        raise AssessmentError(too_large_message())
    if source.content_type not in ALLOWED_TYPES:
        raise AssessmentError(_("This type of file is no longer accepted as evidence."))
    answer, _created = Answer.objects.get_or_create(
        assessment=assessment, question=question, defaults={"updated_by": by}
    )
    if answer.evidence.filter(sha256=source.sha256).exists():
        raise AssessmentError(
            _("%(name)s is already attached to this question.") % {"name": source.original_name}
        )
    evidence = Evidence.objects.create(
        answer=answer,
        file=source.file.name,
        original_name=source.original_name,
        sha256=source.sha256,
        size=source.size,
        content_type=source.content_type,
        classification=classification,
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    record_event(
        action="evidence.attached",
        obj=evidence,
        actor=by,
        actor_role=Role.OFFICER,
        data={
            "name": evidence.original_name,
            "sha256": evidence.sha256,
            "size": evidence.size,
            "question": question.code,
            "from": {"id": source.pk, "assessment": source.held_by.assessment_id},
        },
    )
    return evidence
