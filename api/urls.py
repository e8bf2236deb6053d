"""The API, under /api/v1/. Every view is marked login_not_required: the API authenticates
by token (api.authentication), never by the session."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path, register_converter
from django.views.decorators.csrf import csrf_exempt

from .converters import ApiIdConverter
from .problems import not_found
from .views import docs, notices, operators, rectification, regulators

register_converter(ApiIdConverter, "apiid")


def _open(view: Any) -> Any:
    return login_not_required(view.as_view())


app_name = "api"
urlpatterns = [
    path("schema/", _open(docs.Schema), name="schema"),
    path("docs/", _open(docs.Docs), name="docs"),
    # The operators' side.
    path("platforms/", _open(operators.PlatformList), name="platforms"),
    path("platforms/<apiid:pk>/", _open(operators.PlatformDetail), name="platform"),
    path(
        "platforms/<apiid:pk>/features/", _open(operators.FeatureRegister), name="register-feature"
    ),
    path("features/", _open(operators.FeatureList), name="features"),
    path("features/<apiid:pk>/", _open(operators.FeatureDetail), name="feature"),
    path("filings/", _open(operators.FilingList), name="filings"),
    path("filings/<apiid:pk>/", _open(operators.FilingDetail), name="filing"),
    path("filings/<apiid:pk>/submit/", _open(operators.FilingSubmit), name="submit"),
    path(
        "filings/<apiid:pk>/information-requests/<apiid:request_pk>/answer/",
        _open(operators.InformationRequestAnswer),
        name="answer-request",
    ),
    path(
        "filings/<apiid:pk>/rectification-orders/",
        _open(rectification.RectificationOrderList),
        name="rectification-orders",
    ),
    path(
        "filings/<apiid:pk>/rectification-orders/<apiid:order_pk>/",
        _open(rectification.RectificationOrderDetail),
        name="rectification-order",
    ),
    path(
        "filings/<apiid:pk>/rectification/items/<apiid:item_pk>/files/",
        _open(rectification.RectificationFileAttach),
        name="rectification-file",
    ),
    path(
        "filings/<apiid:pk>/rectification/files/<apiid:file_pk>/",
        _open(rectification.RectificationFileRemove),
        name="rectification-file-remove",
    ),
    path(
        "filings/<apiid:pk>/rectification/respond/",
        _open(rectification.RectificationRespond),
        name="rectification-respond",
    ),
    path("notices/", _open(notices.ReceivedNoticeList), name="notices"),
    path("notices/<apiid:pk>/", _open(notices.ReceivedNoticeDetail), name="notice"),
    path(
        "notices/<apiid:pk>/acknowledge/",
        _open(notices.NoticeAcknowledge),
        name="acknowledge-notice",
    ),
    path("assessments/<apiid:pk>/", _open(operators.AssessmentDetail), name="assessment"),
    path(
        "assessments/<apiid:pk>/answers/<apiid:question_pk>/",
        _open(operators.AnswerSave),
        name="answer",
    ),
    path(
        "assessments/<apiid:pk>/answers/<apiid:question_pk>/evidence/",
        _open(operators.EvidenceUpload),
        name="evidence",
    ),
    # The regulators' side.
    path("review/queue/", _open(regulators.Queue), name="queue"),
    path(
        "review/filings/<apiid:pk>/", _open(regulators.RegulatorFilingDetail), name="review-filing"
    ),
    path("review/filings/<apiid:pk>/diff/", _open(regulators.RevisionDiffView), name="diff"),
    path("review/notices/", _open(regulators.OfficeNoticeList), name="office-notices"),
    path("review/notices/<apiid:pk>/board/", _open(regulators.CampaignBoard), name="board"),
    # Anything else under /api/v1/: a 404 problem, not an HTML page.
    re_path(r"^.*$", login_not_required(csrf_exempt(not_found))),
]
