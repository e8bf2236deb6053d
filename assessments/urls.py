from django.urls import path

from . import evidence_views, views

app_name = "assessments"
urlpatterns = [
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/sections/<str:code>/", views.assessment_section, name="section"),
    path("<int:pk>/questions/<int:question_pk>/answer/", views.autosave_answer, name="autosave"),
    path(
        "<int:pk>/questions/<int:question_pk>/confirm/", views.confirm_answer, name="confirm_answer"
    ),
    path(
        "<int:pk>/questions/<int:question_pk>/evidence/",
        views.upload_evidence,
        name="upload_evidence",
    ),
    path(
        "<int:pk>/questions/<int:question_pk>/library/",
        evidence_views.evidence_library,
        name="evidence_library",
    ),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/remove/",
        evidence_views.remove_evidence,
        name="remove_evidence",
    ),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/replace/",
        evidence_views.replace_evidence,
        name="replace_evidence",
    ),
    path("<int:pk>/check/", views.assessment_check, name="check"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("evidence/<int:pk>/download/", views.download_evidence, name="download_evidence"),
]
