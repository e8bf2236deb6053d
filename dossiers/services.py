"""Asking for a filing's dossier and building it (the Celery task calls `build_dossier`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import actor_role, record_event
from filings.models import Filing

from .models import Dossier
from .selectors import collect, reader_of, version_of

log = logging.getLogger(__name__)

# A dossier still "being built" this long after it started belongs to a dead worker: the
# task delivered again (acks_late) may take it over.
STALE_AFTER = dt.timedelta(minutes=10)


class DossierError(Exception):
    pass


def request_dossier(*, filing: Filing, by: Any, language: str) -> Dossier:
    """The dossier `by` asked for: the last one of the same filing and language if the filing
    has not changed since and it did not fail, else a new one, queued after commit."""
    if reader_of(filing, by) is None:
        raise DossierError(_("You may not read this filing."))
    updated_at, last_event_id = version_of(filing)
    with transaction.atomic():
        same = (
            Dossier.objects.select_for_update()
            .filter(filing=filing, requested_by=by, language=language)
            .exclude(status=Dossier.Status.FAILED)
            .order_by("-pk")
            .first()
        )
        if (
            same is not None
            and same.filing_updated_at == updated_at
            and same.last_event_id == last_event_id
        ):
            return same
        dossier = Dossier.objects.create(
            filing=filing,
            requested_by=by,
            language=language,
            filing_updated_at=updated_at,
            last_event_id=last_event_id,
        )
        from .tasks import build  # the task module imports this one

        transaction.on_commit(lambda: build.delay(dossier.pk))
    return dossier


def _claim(dossier_id: int) -> bool:
    """Queued (or left running by a dead worker) -> running, by one worker only."""
    now = timezone.now()
    return bool(
        Dossier.objects.filter(
            Q(status=Dossier.Status.QUEUED)
            | Q(status=Dossier.Status.RUNNING, started_at__lt=now - STALE_AFTER),
            pk=dossier_id,
        ).update(status=Dossier.Status.RUNNING, started_at=now, progress=5)
    )


def _progress(dossier_id: int) -> Any:
    def tell(percent: int) -> None:
        Dossier.objects.filter(pk=dossier_id, status=Dossier.Status.RUNNING).update(
            progress=percent
        )

    return tell


def build_dossier(dossier_id: int) -> Dossier | None:
    """Render the dossier in its language, store the PDF, and mark it done; or failed, with
    the error. A dossier already built or being built elsewhere is left alone."""
    if not _claim(dossier_id):
        return None
    dossier = Dossier.objects.select_related("filing", "requested_by").get(pk=dossier_id)
    try:
        pdf = render_pdf(dossier)
        dossier.file.save("dossier.pdf", ContentFile(pdf), save=False)
    except Exception as error:  # a dossier that cannot be built says why, and the page shows it
        log.exception("dossier %s failed", dossier_id)
        Dossier.objects.filter(pk=dossier_id).update(
            status=Dossier.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return Dossier.objects.get(pk=dossier_id)
    Dossier.objects.filter(pk=dossier_id).update(
        status=Dossier.Status.DONE,
        progress=100,
        file=dossier.file.name,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        finished_at=timezone.now(),
    )
    return Dossier.objects.get(pk=dossier_id)


def render_pdf(dossier: Dossier) -> bytes:
    """The dossier's HTML in its language, laid out as PDF by WeasyPrint."""
    from weasyprint import HTML, URLFetcher  # loads pango: only where a dossier is built

    filing = (
        Filing.objects.select_related("regime", "operator", "platform", "planned_feature")
        .prefetch_related("authorities")
        .get(pk=dossier.filing_id)
    )
    reader = reader_of(filing, dossier.requested_by)
    if reader is None:
        raise DossierError("the requester may no longer read the filing")
    with translation.override(dossier.language):
        content = collect(filing, reader, _progress(dossier.pk))
        html = render_to_string(
            "dossiers/dossier_pdf.html",
            {"c": content, "dossier": dossier, "made_at": timezone.now()},
        )
    _progress(dossier.pk)(85)
    # The template is self-contained: nothing is fetched, not a file, not a URL (a text
    # someone typed is escaped, but a PDF renderer must not be a way to reach the network).
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


def record_dossier_download(*, dossier: Dossier, by: Any, address: str | None) -> None:
    record_event(
        action="dossier.downloaded",
        obj=dossier,
        actor=by,
        actor_role=actor_role(by),
        filing_id=dossier.filing_id,
        address=address,
        data={"sha256": dossier.sha256, "size": dossier.size, "language": dossier.language},
    )
