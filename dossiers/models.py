"""A filing's dossier: one PDF of everything a person may read of the filing, built by a
Celery task and kept in the evidence storage under a random name, like evidence."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessments.models import evidence_storage
from filings.models import Filing


def dossier_path(instance: Dossier, filename: str) -> str:
    # A random name, like evidence's: what the file is about is data, never a path.
    return f"dossiers/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Dossier(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", pgettext_lazy("a dossier's state", "Failed")

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="dossiers")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    # What the filing was when the dossier was asked for: a later request reuses a finished
    # dossier only while both are the same (a comment, a decision, a deadline moved: a new
    # audit event; an edit of the filing's row: a new updated_at).
    filing_updated_at = models.DateTimeField()
    last_event_id = models.BigIntegerField(default=0)
    file = models.FileField(
        _("file"), storage=evidence_storage, upload_to=dossier_path, max_length=200, blank=True
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="dossier_status_valid",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="dossier_progress_max"),
        ]
        indexes = [
            models.Index(fields=["filing", "requested_by", "language"], name="dossier_request_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.filing_id} · {self.language} · {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def download_name(self) -> str:
        reference = self.filing.reference or str(self.filing_id)
        return f"{reference}-dossier-{self.language}.pdf"
