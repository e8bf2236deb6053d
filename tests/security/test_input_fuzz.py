"""Every input validated (#15 item 9): no value of any query parameter on any page, and no
upload (any name, size or content), gives a 500.

A fixed table rather than Hypothesis: each parameter of each page is sent every hostile
value, so a failure names the page, the parameter and the value, and the run is the same
every time (test_fuzz_forms keeps the random search). The queue's parameters are read from
QueueFilterForm, so a filter added there is fuzzed without touching this file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Evidence
from filings.models import RectificationAttachment, RectificationItem
from inspections.models import InspectionFile
from notices.models import NoticeMinutes
from review.forms import QueueFilterForm

from .conftest import World
from .test_object_access import _inspections, _notices

pytestmark = pytest.mark.django_db

HOSTILE = [
    "9" * 30,
    "-" + "9" * 30,
    "-1",
    "0",
    "1e308",
    "1e309",
    "inf",
    "NaN",
    "0x10",
    " 1 ",
    "abc",
    "²",
    "٣",
    "\uff11\uff12",  # fullwidth digits
    "",
    " ",
    "x" * 10_000,
    "\x00",
    "1\x00",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "{{ 7*7 }}",
    "%s%n",
    "../../etc/passwd",
    "2026-02-30",
    "99999-01-01",
    "0000-00-00",
    "9999-12-31T23:59:59-14:00_1",
    "2026-01-01_" + "9" * 30,
    "2026-01-01_²",
    "_1",
    "2026-01-01_",
    "_",
    "\u202e\ufeff\U0001f600",
]
# Names no page reads are still sent, all at once: an ignored parameter is never a 500.
OTHER_PARAMS = ["page", "q", "state", "status", "sort", "after", "rev", "filing", "lang", "x"]


def _queue_params() -> list[str]:
    return sorted(set(QueueFilterForm.base_fields) | {"page"})


def _pages(world: World) -> list[tuple[str, str, list[str]]]:
    """(who, url, the parameters it reads) for every GET page that reads its query string,
    and the officer's and the dashboard pages, which read none."""
    notice = _notices(world)[0]
    recipient = notice.recipients.get(operator=world.people["platform"].operator)
    _inspections(world)
    queue = _queue_params()
    return [
        ("reviewer", reverse("review:queue"), queue),
        # The exports read the queue's form, fuzzed name by name above: here, all at once.
        ("reviewer", reverse("review:export_csv"), []),
        ("reviewer", reverse("review:export_xlsx"), []),
        ("reviewer", reverse("accounts:dashboard"), []),
        ("reviewer", reverse("review:notifications"), ["page"]),
        ("reviewer", reverse("review:workspace", args=[world.submitted.pk]), ["rev"]),
        (
            "reviewer",
            reverse("review:evidence", args=[world.submitted.pk, world.evidence.sha256]),
            [],
        ),
        ("reviewer", reverse("notices:list"), ["q", "status", "page"]),
        ("reviewer", reverse("notices:board", args=[notice.pk]), ["q", "status"]),
        ("reviewer", reverse("notices:board_export", args=[notice.pk, "csv"]), ["q", "status"]),
        ("reviewer", reverse("notices:print", args=[notice.pk]), ["lang"]),
        ("reviewer", reverse("inspections:list"), ["state", "page"]),
        ("officer", reverse("accounts:dashboard"), []),
        ("officer", reverse("review:notifications"), ["page"]),
        ("officer", reverse("filings:detail", args=[world.submitted.pk]), []),
        (
            "officer",
            reverse(
                "assessments:evidence_library",
                args=[world.draft_assessment.pk, world.draft_evidence.answer.question_id],
            ),
            ["q", "page"],
        ),
        ("officer", reverse("filings:detail", args=[world.rectifying.pk]), []),
        ("officer", reverse("notices:received", args=[recipient.pk]), []),
        ("officer", reverse("notices:received_print", args=[recipient.pk]), ["lang"]),
        ("anonymous", reverse("registry:register"), ["q", "page"]),
        ("anonymous", reverse("registry:csv"), ["q"]),
        ("anonymous", reverse("registry:json"), ["q"]),
    ]


# _pages by name, in its order: one test a page, named alike from run to run.
PAGES = [
    "reviewer queue",
    "reviewer export_csv",
    "reviewer export_xlsx",
    "reviewer dashboard",
    "reviewer notifications",
    "reviewer workspace",
    "reviewer evidence",
    "reviewer notices",
    "reviewer board",
    "reviewer board_export",
    "reviewer print",
    "reviewer inspections",
    "officer dashboard",
    "officer notifications",
    "officer filing",
    "officer evidence library",
    "officer rectifying filing",
    "officer received notice",
    "officer received print",
    "anonymous register",
    "anonymous register csv",
    "anonymous register json",
]


def _read(response: Any) -> None:
    """A streamed export fails while it is read, not when the response is made."""
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


def _get(client: Any, url: str, query: dict[str, Any]) -> None:
    response = client.get(url, query)
    _read(response)
    assert response.status_code < 500, f"GET {url} {query!r:.200}: {response.status_code}"
    # A value the page cannot use is refused (400) or ignored; never a redirect loop or a 500.
    assert response.status_code in {200, 302, 400, 404}, (
        f"GET {url} {query!r:.200}: {response.status_code}"
    )


@pytest.mark.parametrize("page", PAGES)
def test_every_hostile_query_value_is_refused_or_ignored(client, world_a, page):
    who, url, params = dict(zip(PAGES, _pages(world_a), strict=True))[page]
    if who != "anonymous":
        client.force_login(world_a.people[who])
    for name in params:
        for value in HOSTILE:
            _get(client, url, {name: value})
        # A parameter given twice.
        _get(client, url, {name: [HOSTILE[0], HOSTILE[-1]]})
    # Every parameter at once, the ones the page does not read too.
    for value in HOSTILE:
        _get(client, url, dict.fromkeys({*params, *OTHER_PARAMS, *_queue_params()}, value))


def test_the_queue_fuzz_covers_every_filter_of_its_form():
    assert {"q", "state", "regime", "assignee", "due_before", "after", "sort"} <= set(
        _queue_params()
    )


# --- Uploads ---------------------------------------------------------------------------------
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
LIMIT = 4096
# A name past Django's 1,024-byte limit on a part's headers is refused before the view, with
# the 400 page. "." and ".." cannot be built here (Django refuses them in the test client);
# the parser drops such a name on the wire.
NAMES = [
    "a" * 5000 + ".pdf",
    "评估报告" * 1250 + ".pdf",
    "تقرير" * 1000 + ".pdf",
    "\U0001f4c4" * 5000 + ".pdf",
    ".pdf",
    "pdf",
    "..pdf",
    "../../../etc/passwd.pdf",
    "..\\..\\windows\\system.ini.pdf",
    "report\x00.exe.pdf",
    "\x00",
    " ",
    "report.pdf",
]
CONTENTS = [b"", b"%", PDF, PDF + b"0" * (LIMIT + 1)]


def _files_under(root: Path) -> int:
    return sum(1 for p in root.rglob("*") if p.is_file()) if root.exists() else 0


def _evidence_root() -> Path:
    return Path(django_settings.STORAGES["evidence"]["OPTIONS"]["location"])


Post = Callable[[Any, str, bytes], Any]


def _uploads(world: World) -> list[tuple[str, Any, Post]]:
    """(who, the model the file lands in, how to post one file) for every upload."""
    assessment = world.draft_assessment
    question = next(q for q in assessment.applicable_questions() if q.code == "A8")
    item = RectificationItem.objects.filter(order__filing=world.rectifying).first()
    notice = _notices(world)[0]
    draft_inspection = next(i for i in _inspections(world) if not i.is_recorded)

    def evidence(client: Any, name: str, content: bytes) -> Any:
        url = reverse("assessments:upload_evidence", args=[assessment.pk, question.pk])
        upload = SimpleUploadedFile(name, content, "application/pdf")
        data = {f"q{question.pk}-file": upload, f"q{question.pk}-classification": "internal"}
        return client.post(url, data)

    def rectification(client: Any, name: str, content: bytes) -> Any:
        url = reverse("filings:rectification", args=[world.rectifying.pk])
        upload = SimpleUploadedFile(name, content, "application/pdf")
        return client.post(url, {f"file_{item.pk}": upload, "attach": "1", "response": "x"})

    def inspection(client: Any, name: str, content: bytes) -> Any:
        url = reverse("inspections:edit", args=[draft_inspection.pk])
        upload = SimpleUploadedFile(name, content, "application/pdf")
        data = {
            "inspected_on": draft_inspection.inspected_on.isoformat(),
            "place": draft_inspection.place,
            "files": [upload],
        }
        return client.post(url, data)

    def minutes(client: Any, name: str, content: bytes) -> Any:
        url = reverse("notices:minutes_upload", args=[notice.pk])
        return client.post(url, {"file": SimpleUploadedFile(name, content, "application/pdf")})

    return [
        ("officer", Evidence, evidence),
        ("officer", RectificationAttachment, rectification),
        ("supervisor", InspectionFile, inspection),
        ("supervisor", NoticeMinutes, minutes),
    ]


@pytest.mark.parametrize("kind", ["evidence", "rectification", "inspection", "minutes"])
def test_no_upload_name_size_or_content_gives_a_server_error_or_half_stores(
    client, world_a, settings, kind
):
    settings.EVIDENCE_MAX_BYTES = LIMIT
    who, model, post = dict(zip(["evidence", "rectification", "inspection", "minutes"], [
        *_uploads(world_a)
    ], strict=True))[kind]  # fmt: skip
    client.force_login(world_a.people[who])
    for name in NAMES:
        for content in CONTENTS:
            rows, files = model.objects.count(), _files_under(_evidence_root())
            response = post(client, name, content)
            label = f"{kind} {name[:20]!r}… ({len(name)} chars), {len(content)} bytes"
            assert response.status_code < 500, f"{label}: {response.status_code}"
            added = model.objects.count() - rows
            assert _files_under(_evidence_root()) - files == added, f"{label}: half stored"
            if response.status_code >= 400:
                assert added == 0, f"{label}: refused yet stored"
                said = response.content.decode(errors="ignore")
                shown = ("shorten its name", "invalid-feedback", "alert-danger")
                assert any(s in said for s in shown), f"{label}: refused without a message"
            if content in (b"", PDF + b"0" * (LIMIT + 1)):
                assert added == 0, f"{label}: an empty or too large file was stored"
