"""Asking for a filing's dossier and building it (the Celery task calls `build_dossier`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
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
# A dossier still queued this long after it was asked for lost its task (the broker was
# down when it was published, or the message was lost): the sweep publishes it again.
REQUEUE_AFTER = dt.timedelta(minutes=2)


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
        transaction.on_commit(lambda: publish(dossier.pk))
    return dossier


def publish(dossier_id: int) -> bool:
    """Hand the build to Celery; never raises. With the broker down the dossier stays
    queued, the page says so, and the sweep publishes it again (`sweep`)."""
    from .tasks import build  # the task module imports this one

    try:
        build.delay(dossier_id)
    except Exception as exc:  # any broker failure: the request that asked still succeeds
        log.warning("Dossier %s not published: %s", dossier_id, exc)
        return False
    return True


def sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Every ten minutes (CELERY_BEAT_SCHEDULE): publish again the dossiers whose task was
    lost or whose worker died, and delete the superseded ones.

    A dossier is made from the filing, never written by a person: once a newer one of the
    same filing, reader and language is ready, the older one is kept DOSSIER_KEEP_DAYS (a
    link someone was sent still works) and then deleted with its file. The latest ready one
    of each is kept however old; a failed one, DOSSIER_KEEP_DAYS after it failed. Who
    downloaded which dossier stays on the filing's record with the file's SHA-256."""
    now = now or timezone.now()
    lost = Dossier.objects.filter(
        Q(status=Dossier.Status.QUEUED, created_at__lt=now - REQUEUE_AFTER)
        | Q(status=Dossier.Status.RUNNING, started_at__lt=now - STALE_AFTER)
    ).values_list("pk", flat=True)[:200]
    requeued = 0
    for pk in lost:
        if not publish(pk):
            break  # the broker is still down: the next sweep tries again
        requeued += 1
    keep_until = now - dt.timedelta(days=settings.DOSSIER_KEEP_DAYS)
    newer_ready = Dossier.objects.filter(
        filing_id=OuterRef("filing_id"),
        requested_by_id=OuterRef("requested_by_id"),
        language=OuterRef("language"),
        status=Dossier.Status.DONE,
        pk__gt=OuterRef("pk"),
    )
    old = Dossier.objects.alias(superseded=Exists(newer_ready)).filter(
        Q(status=Dossier.Status.DONE, finished_at__lt=keep_until, superseded=True)
        | Q(status=Dossier.Status.FAILED, finished_at__lt=keep_until)
    )
    deleted = 0
    for dossier in old.order_by("pk")[:500]:
        stored = dossier.file.name
        dossier.delete()
        if stored:
            # After the row: a file left by a failed delete is harmless, a row whose file
            # is gone is a broken link.
            dossier.file.storage.delete(stored)
        deleted += 1
    return {"requeued": requeued, "deleted": deleted}


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
