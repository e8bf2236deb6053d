"""Walks every URL of config.urls that takes an object id and attacks it.

For each such URL, operator A's officer (douyin_officer) and a regulator of another authority
(shanghai_reviewer) request operator B's (Tencent's) objects, by GET and by POST with hostile
fields: every answer must be what a missing object gets (404, or 405 before any lookup) and
no row of the database may change. A URL the walker does not know how to fill fails the test
by name: whoever adds an id-taking page adds its objects to OBJECTS below.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from filings.models import Filing, State

from .conftest import World, snapshot
from .urlconf import Route, id_routes

pytestmark = pytest.mark.django_db

MISSING = 2_000_000_000  # an id no row has


def _slugs() -> list[str]:
    try:
        from review.actions import ACTIONS
    except ImportError:  # pragma: no cover - the review app is being written
        return ["claim"]
    return list(ACTIONS)


def _assessment_and_question(assessment: Any) -> dict[str, Any]:
    question = assessment.applicable_questions().first()
    return {"pk": assessment.pk, "question_pk": question.pk}


def _filings(w: World) -> list[Filing]:
    return [w.draft, w.submitted, w.pending, w.rectifying]


def _each_filing(w: World) -> list[dict[str, Any]]:
    return [{"pk": f.pk} for f in _filings(w)]


def _rectification_files(w: World) -> list[Any]:
    """A file on B's open rectification order, and one on a response B has sent (the
    regulator's side serves only those)."""
    from filings.services import attach_rectification_files, respond_to_rectification
    from tests.builders import filing_in_state

    officer, pdf = w.people["officer"], b"%PDF-1.4 rectification\n"
    sent = filing_in_state(State.RECTIFICATION_REQUIRED, **w.people, title="Sent response")
    files = []
    for filing in (w.rectifying, sent):
        item = filing.rectification_orders.get().items.get()
        upload = SimpleUploadedFile("labels.pdf", pdf, "application/pdf")
        attached = attach_rectification_files(filing=filing, by=officer, files={item.pk: [upload]})
        files += attached.stored
    respond_to_rectification(filing=sent, by=officer, response="Labels added.")
    return files


def _notices(w: World) -> list[Any]:
    """A notice the Guangdong CAC issued to Tencent (B), with minutes, and one still a draft."""
    import datetime as dt

    from django.utils import timezone

    from notices.models import Notice
    from notices.services import add_minutes, draft_notice, record_meeting

    fields = {
        "authority": w.people["platform"].filings.first().authorities.first(),
        "title": "Voice rooms",
        "reason": "No assessment.",
        "operators": [w.people["platform"].operator],
        "scope": Notice.Scope.LISTED,
        "services": [w.people["platform"]],
        "today": timezone.localdate(),
    }
    issued = draft_notice(by=w.people["supervisor"], **fields)
    record_meeting(
        notice=issued,
        by=w.people["supervisor"],
        meeting_at=timezone.now() - dt.timedelta(days=1),
        place="Guangzhou",
        attendees="",
    )
    pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes\n", "application/pdf")
    add_minutes(notice=issued, by=w.people["supervisor"], upload=pdf)
    draft = draft_notice(by=w.people["reviewer"], **fields)
    return [issued, draft]


def _each_notice(w: World) -> list[dict[str, Any]]:
    return [{"pk": n.pk} for n in _notices(w)]


def _each_recipient(w: World) -> list[dict[str, Any]]:
    return [{"pk": r.pk} for n in _notices(w) for r in n.recipients.all()]


def _inspections(w: World) -> list[Any]:
    """The Guangdong CAC's inspections of B's filings: a recorded one of the filing under
    review, with a file; a joint draft (with the Guangdong PSB) of the pending one, with a
    file; a recorded one of a concluded filing, with the rectification order made from it."""
    import datetime as dt

    from django.utils import timezone

    from inspections.services import (
        create_inspection,
        order_rectification_from,
        record_inspection,
    )
    from tests.builders import filing_in_state

    supervisor, today = w.people["supervisor"], timezone.localdate()
    office = w.submitted.authorities.get(kind="cac")
    other = w.submitted.authorities.exclude(pk=office.pk).first()
    concluded = filing_in_state(State.CONCLUDED, **w.people, title="Inspected voice rooms")
    found = []
    for n, (filing, joint) in enumerate(
        [(w.submitted, None), (w.pending, other), (concluded, None)]
    ):
        pdf = SimpleUploadedFile(
            f"site-{n}.pdf", f"%PDF-1.4 site {n}\n".encode(), "application/pdf"
        )
        found.append(
            create_inspection(
                filing=filing,
                by=supervisor,
                authority=office,
                joint_authority=joint,
                inspected_on=today,
                place="Tencent, Shenzhen",
                team="Inspector, Guangdong CAC",
                findings="Voice rooms unmoderated at night.",
                files=[pdf],
                today=today,
            )
        )
    for inspection in (found[0], found[2]):
        record_inspection(inspection=inspection, by=supervisor)
    order_rectification_from(
        inspection=found[2],
        by=supervisor,
        items=["Moderate at night."],
        due_date=today + dt.timedelta(days=20),
    )
    return found


def _each_filing_for_inspection(w: World) -> list[dict[str, Any]]:
    return [{"filing_pk": f.pk} for f in _filings(w)]


def _each_inspection(w: World) -> list[dict[str, Any]]:
    return [{"pk": i.pk} for i in _inspections(w)]


def _each_inspection_file(w: World) -> list[dict[str, Any]]:
    return [{"pk": i.pk, "file_pk": f.pk} for i in _inspections(w) for f in i.files.all()]


# URL name -> the keyword arguments naming each of operator B's objects it can take.
def _dossiers(w: World) -> list[dict[str, Any]]:
    """A finished dossier B's officer asked for, and one still queued (built by hand: the
    walker attacks the URLs, not WeasyPrint)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from dossiers.models import Dossier

    made = []
    for status in (Dossier.Status.DONE, Dossier.Status.QUEUED):
        dossier = Dossier(
            filing=w.submitted,
            requested_by=w.people["officer"],
            language="en",
            status=status,
            filing_updated_at=timezone.now(),
        )
        if status == Dossier.Status.DONE:
            dossier.file.save("dossier.pdf", ContentFile(b"%PDF-1.4 dossier\n"), save=False)
            dossier.size = 17
        dossier.save()
        made.append({"pk": dossier.pk})
    return made


OBJECTS: dict[str, Callable[[World], list[dict[str, Any]]]] = {
    "filings:detail": _each_filing,
    "filings:submit": _each_filing,
    "filings:withdraw": _each_filing,
    "filings:change": _each_filing,
    "filings:cancel": _each_filing,
    "filings:record-change": lambda w: [
        {"pk": f.pk, "kind": k} for f in _filings(w) for k in ("change", "cancellation")
    ],
    "filings:rectification": _each_filing,
    "filings:rectification_file": lambda w: [
        {"pk": a.item.order.filing_id, "file_pk": a.pk} for a in _rectification_files(w)
    ],
    "filings:receipt": lambda w: [{"pk": w.submitted.pk, "number": 1}],
    "filings:answer": lambda w: [{"pk": w.submitted.pk, "comment_pk": w.info_request.pk}],
    "filings:platform": lambda w: [{"pk": w.people["platform"].pk}],
    "filings:request_signoff": lambda w: [{"pk": f.assessment_id} for f in _filings(w)],
    "filings:register_feature": lambda w: [{"pk": w.people["platform"].pk}],
    "filings:feature": lambda w: [{"pk": f.planned_feature_id} for f in _filings(w)],
    "filings:launch": lambda w: [{"pk": f.planned_feature_id} for f in _filings(w)],
    "review:workspace": lambda w: [{"pk": f.pk} for f in _filings(w)],
    "review:action": lambda w: [
        {"pk": f.pk, "slug": s} for f, s in itertools.product(_filings(w), _slugs())
    ],
    "review:evidence": lambda w: [
        {"pk": w.submitted.pk, "sha256": w.evidence.sha256},
        {"pk": w.draft.pk, "sha256": w.draft_evidence.sha256},
    ],
    "review:rectification_file": lambda w: [{"pk": a.pk} for a in _rectification_files(w)],
    "review:notification_read": lambda w: [{"pk": w.notification.pk}],
    "review:notification_open": lambda w: [{"pk": w.notification.pk}],
    "assessments:detail": lambda w: [
        {"pk": w.draft_assessment.pk},
        {"pk": w.submitted_assessment.pk},
    ],
    "assessments:section": lambda w: [
        {"pk": a.pk, "code": "A"} for a in (w.draft_assessment, w.submitted_assessment)
    ],
    "assessments:autosave": lambda w: [
        _assessment_and_question(a) for a in (w.draft_assessment, w.submitted_assessment)
    ],
    "assessments:upload_evidence": lambda w: [
        _assessment_and_question(a) for a in (w.draft_assessment, w.submitted_assessment)
    ],
    "assessments:evidence_library": lambda w: [
        _assessment_and_question(a) for a in (w.draft_assessment, w.submitted_assessment)
    ],
    "assessments:remove_evidence": lambda w: [
        {"pk": w.draft_assessment.pk, "evidence_pk": w.draft_evidence.pk},
        {"pk": w.submitted_assessment.pk, "evidence_pk": w.evidence.pk},
    ],
    "assessments:replace_evidence": lambda w: [
        {"pk": w.draft_assessment.pk, "evidence_pk": w.draft_evidence.pk},
        {"pk": w.submitted_assessment.pk, "evidence_pk": w.evidence.pk},
    ],
    "assessments:confirm_answer": lambda w: [
        _assessment_and_question(a) for a in (w.draft_assessment, w.submitted_assessment)
    ],
    "assessments:check": lambda w: [{"pk": w.draft_assessment.pk}],
    "assessments:sign": lambda w: [
        {"pk": w.draft_assessment.pk},
        {"pk": w.submitted_assessment.pk},
    ],
    "assessments:reopen": lambda w: [
        {"pk": w.draft_assessment.pk},
        {"pk": w.submitted_assessment.pk},
    ],
    "assessments:download_evidence": lambda w: [
        {"pk": w.evidence.pk},
        {"pk": w.draft_evidence.pk},
    ],
    "notices:detail": _each_notice,
    "notices:sign": _each_notice,
    "notices:board": _each_notice,
    "notices:board_export": lambda w: [
        {"pk": n["pk"], "fmt": fmt} for n in _each_notice(w) for fmt in ("csv", "xlsx")
    ],
    "notices:print": _each_notice,
    "notices:meeting": _each_notice,
    "notices:minutes_upload": _each_notice,
    "notices:minutes_download": lambda w: [
        {"pk": n.pk, "file_pk": m.pk} for n in _notices(w) for m in n.minutes.all()
    ],
    "notices:follow_up": _each_notice,
    "notices:received": _each_recipient,
    "notices:acknowledge": _each_recipient,
    "notices:file": _each_recipient,
    "notices:received_print": _each_recipient,
    "inspections:create": _each_filing_for_inspection,
    "inspections:detail": _each_inspection,
    "inspections:edit": _each_inspection,
    "inspections:record": _each_inspection,
    "inspections:order": _each_inspection,
    "inspections:file": _each_inspection_file,
    "inspections:remove_file": _each_inspection_file,
    "dossiers:request": _each_filing,
    # The API (token-authenticated: `_attack_api`), and the tokens page.
    "api:platform": lambda w: [{"pk": w.people["platform"].pk}],
    "api:register-feature": lambda w: [{"pk": w.people["platform"].pk}],
    "api:feature": lambda w: [{"pk": f.planned_feature_id} for f in _filings(w)],
    "api:filing": _each_filing,
    "api:submit": _each_filing,
    "api:answer-request": lambda w: [{"pk": w.submitted.pk, "request_pk": w.info_request.pk}],
    "api:assessment": lambda w: [
        {"pk": w.draft_assessment.pk},
        {"pk": w.submitted_assessment.pk},
    ],
    "api:answer": lambda w: [
        _assessment_and_question(a) for a in (w.draft_assessment, w.submitted_assessment)
    ],
    "api:evidence": lambda w: [
        _assessment_and_question(a) for a in (w.draft_assessment, w.submitted_assessment)
    ],
    "api:review-filing": _each_filing,
    "api:diff": _each_filing,
    "api:rectification-orders": _each_filing,
    "api:rectification-order": lambda w: [
        {"pk": w.rectifying.pk, "order_pk": w.rectifying.rectification_orders.get().pk}
    ],
    "api:rectification-file": lambda w: [
        {"pk": w.rectifying.pk, "item_pk": w.rectifying.rectification_orders.get().items.get().pk}
    ],
    "api:rectification-respond": _each_filing,
    "api:rectification-file-remove": lambda w: [
        {"pk": f.item.order.filing_id, "file_pk": f.pk} for f in _rectification_files(w)
    ],
    "api:notice": _each_notice,
    "api:acknowledge-notice": _each_notice,
    "api:board": _each_notice,
    "api_tokens:revoke": lambda w: [{"pk": _api_token_of(w.people["officer"]).pk}],
    # B's webhook endpoints and their delivery log (webhooks/).
    "webhooks:detail": lambda w: [{"pk": _webhook_of(w)[0].pk}],
    "webhooks:rotate": lambda w: [{"pk": _webhook_of(w)[0].pk}],
    "webhooks:test": lambda w: [{"pk": _webhook_of(w)[0].pk}],
    "webhooks:delete": lambda w: [{"pk": _webhook_of(w)[0].pk}],
    "webhooks:deliveries": lambda w: [{"pk": _webhook_of(w)[0].pk}],
    "webhooks:resend": lambda w: [
        {"pk": endpoint.pk, "delivery_pk": delivery.pk} for endpoint, delivery in [_webhook_of(w)]
    ],
    "dossiers:status": _dossiers,
    "dossiers:download": _dossiers,
}

# The admin's own id-taking pages: the admin site answers a non-staff user with its login page.
ADMIN_OBJECTS: dict[str, Callable[[World], list[dict[str, Any]]]] = {
    "admin:otp_totp_totpdevice_config": lambda w: [{"pk": _totp_of(w.people["reviewer"]).pk}],
    "admin:otp_totp_totpdevice_qrcode": lambda w: [{"pk": _totp_of(w.people["reviewer"]).pk}],
}

HOSTILE_FIELDS = {
    "state": State.APPROVED,
    "operator": "",
    "operator_id": "",
    "platform": "",
    "filing_number": "网信算备110000000000000000001号",
    "value": "Overwritten by an outsider",
    "reasons": "Outsider's reasons",
    "body": "Outsider's comment",
    "confirm": "on",
    "source": "1",
    "classification": "public",
}


def _totp_of(user: Any) -> TOTPDevice:
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="phone", confirmed=True)
    return device


def _targets(route: Route, world: World) -> list[dict[str, Any]]:
    table = ADMIN_OBJECTS if route.is_admin else OBJECTS
    if route.name not in table:
        pytest.fail(
            f"URL {route.name!r} ({route.route}) takes an object id but the access walker "
            "does not know which objects to attack it with: add it to OBJECTS in "
            "tests/security/test_object_access.py"
        )
    return table[route.name](world)


def _missing(kwargs: dict[str, Any], route: Route) -> dict[str, Any]:
    return {k: (MISSING if k in route.int_params else v) for k, v in kwargs.items()}


def _post_data(world: World, attacker_operator_id: int | None) -> dict[str, Any]:
    data = dict(HOSTILE_FIELDS)
    data["operator"] = data["operator_id"] = str(attacker_operator_id or "")
    data["platform"] = str(world.people["platform"].pk)
    data["file"] = SimpleUploadedFile("x.pdf", b"%PDF-1.4 outsider\n", "application/pdf")
    return data


def _webhook_of(w: World) -> tuple[Any, Any]:
    """An endpoint of operator B with a failed delivery (one that may be re-sent)."""
    import uuid

    from webhooks.models import Delivery, Endpoint
    from webhooks.signing import new_secret

    endpoint = Endpoint.objects.create(
        operator_id=w.submitted.operator_id,
        url="https://hooks.example.com/b",
        events=["filing.state_changed"],
        secret=new_secret(),
    )
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event_id=f"msg_{uuid.uuid4().hex}",
        event_type="webhook.test",
        key="test:b",
        body="{}",
        state=Delivery.State.FAILED,
        attempts=1,
    )
    return endpoint, delivery


def _api_token_of(user: Any) -> Any:
    from api.services import create_token

    return create_token(owner=user, name="B's pipeline", scope="write", days=30)[0]


def _attack_api(client: Any, route: Route, world: World, attacker: Any) -> None:
    """An API endpoint, with a write token of the attacker's own organisation: B's ids get
    what a missing id gets (404; 403 when the endpoint is for the other side's tokens,
    before any lookup; 405 for a method it does not take), and nothing changes."""
    import json

    from api.services import create_token

    _token, raw = create_token(owner=attacker, name="attack", scope="write", days=1)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    body = json.dumps({**HOSTILE_FIELDS, "title": "x", "description": "x"})
    for kwargs in _targets(route, world):
        url = reverse(route.name, kwargs=kwargs)
        missing_url = reverse(route.name, kwargs=_missing(kwargs, route))
        for method in ("get", "post", "put", "delete"):
            send = getattr(client, method)
            extra = {} if method == "get" else {"data": body, "content_type": "application/json"}
            before = snapshot()
            response = send(url, **extra, **headers)
            after = snapshot()
            baseline = send(missing_url, **extra, **headers)
            where = f"{method.upper()} {url} ({route.name})"
            assert response.status_code == baseline.status_code, (
                f"{where}: {response.status_code}, but {baseline.status_code} for a missing id"
            )
            assert response.status_code in (403, 404, 405), f"{where}: {response.status_code}"
            assert response.content == baseline.content, where
            changed = [label for label in before if before[label] != after[label]]
            assert not changed, f"{where} changed {changed}"


def _attack(client: Any, route: Route, world: World, attacker_operator_id: int | None) -> None:
    if route.is_api:
        _attack_api(client, route, world, client.attacker)
        return
    for kwargs in _targets(route, world):
        url = reverse(route.name, kwargs=kwargs)
        missing_url = reverse(route.name, kwargs=_missing(kwargs, route))
        for method in ("get", "post"):
            send = getattr(client, method)
            data = _post_data(world, attacker_operator_id) if method == "post" else None
            before = snapshot()
            response = send(url, data) if data else send(url)
            after = snapshot()
            baseline = send(missing_url, data) if data else send(missing_url)
            where = f"{method.upper()} {url} ({route.name})"
            assert response.status_code == baseline.status_code, (
                f"{where}: {response.status_code}, but {baseline.status_code} for a missing id"
            )
            if route.is_admin:
                assert response.status_code == 302, where
                assert "/admin/login/" in response["Location"], where
            else:
                assert response.status_code in (404, 405), f"{where}: {response.status_code}"
            changed = [label for label in before if before[label] != after[label]]
            assert not changed, f"{where} changed {changed}"


def test_the_walker_finds_the_id_taking_pages():
    names = {r.name for r in id_routes()}
    assert {"filings:detail", "review:workspace"} <= names


def test_every_id_taking_url_is_known_to_the_walker(world_b):
    unknown = [
        r.name for r in id_routes() if r.name not in (ADMIN_OBJECTS if r.is_admin else OBJECTS)
    ]
    assert not unknown, (
        f"id-taking URLs the access walker cannot fill: {unknown}; add them to OBJECTS in "
        "tests/security/test_object_access.py"
    )


@pytest.mark.parametrize("route", id_routes(), ids=lambda r: r.name)
def test_another_operators_officer_gets_404_and_changes_nothing(
    client, route, world_b, douyin_officer, bytedance
):
    client.force_login(douyin_officer)
    client.attacker = douyin_officer
    _attack(client, route, world_b, bytedance.pk)


@pytest.mark.parametrize("route", id_routes(), ids=lambda r: r.name)
def test_a_regulator_of_another_authority_gets_404_and_changes_nothing(
    client, route, world_b, shanghai_reviewer
):
    client.force_login(shanghai_reviewer)
    client.attacker = shanghai_reviewer
    _attack(client, route, world_b, None)


def _filing_routes() -> list[Route]:
    return [r for r in id_routes() if not r.is_admin and r.name in OBJECTS]


def test_reviewers_never_open_drafts_even_of_their_own_operators(client, cast):
    """Beijing CAC receives Douyin's filings, but not before they are submitted."""
    from tests.builders import filing_in_state

    draft = filing_in_state(State.DRAFT, **cast)
    client.force_login(cast["reviewer"])
    for name in ("filings:detail", "review:workspace"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404, name
    for slug in _slugs():
        url = reverse("review:action", kwargs={"pk": draft.pk, "slug": slug})
        assert client.post(url, {"reasons": "x"}).status_code == 404, url
    assert Filing.objects.get(pk=draft.pk).state == State.DRAFT


def test_admins_take_no_decisions(client, world_b, admin):
    """POSTing any regulator action or a sign-off as the admin is refused and changes nothing."""
    client.force_login(admin)
    decision_routes = [
        r for r in _filing_routes() if r.name in {"review:action", "assessments:sign"}
    ]
    assert decision_routes, "no decision URLs found"
    for route in decision_routes:
        for kwargs in OBJECTS[route.name](world_b):
            url = reverse(route.name, kwargs=kwargs)
            before = snapshot()
            response = client.post(url, _post_data(world_b, None))
            after = snapshot()
            assert response.status_code in (403, 404), f"POST {url}: {response.status_code}"
            changed = [label for label in before if before[label] != after[label]]
            assert not changed, f"POST {url} as admin changed {changed}"


def test_admins_cannot_read_evidence(client, world_b, admin):
    client.force_login(admin)
    for name in ("review:evidence", "assessments:download_evidence"):
        if name not in {r.name for r in id_routes()}:
            continue
        for kwargs in OBJECTS[name](world_b):
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name


def test_admins_cannot_read_anyones_second_factor_secret(client, world_b, admin):
    """django-otp's admin would show a TOTP key and QR code; the settings hide them."""
    client.force_login(admin)
    device = _totp_of(world_b.people["reviewer"])
    for name in ADMIN_OBJECTS:
        response = client.get(reverse(name, kwargs={"pk": device.pk}))
        assert response.status_code == 403, name
