from django.urls import path

from .views import detail, features, filer, rectification

app_name = "filings"
urlpatterns = [
    path("<int:pk>/", detail.filing_detail, name="detail"),
    path("<int:pk>/submit/", filer.submit, name="submit"),
    path("<int:pk>/receipt/<int:number>/", filer.receipt, name="receipt"),
    path("<int:pk>/withdraw/", filer.withdraw, name="withdraw"),
    path("<int:pk>/change/", filer.change, name="change"),
    path("<int:pk>/record/<str:kind>/", filer.record_change, name="record-change"),
    path("<int:pk>/cancel/", filer.cancel, name="cancel"),
    path("<int:pk>/requests/<int:comment_pk>/answer/", filer.answer_request, name="answer"),
    path("<int:pk>/rectification/", rectification.respond_rectification, name="rectification"),
    path(
        "<int:pk>/rectification/files/<int:file_pk>/",
        rectification.download_rectification_file,
        name="rectification_file",
    ),
    path("assessments/<int:pk>/request-signoff/", filer.request_signoff, name="request_signoff"),
    path("platforms/<int:pk>/", features.platform_detail, name="platform"),
    path("platforms/<int:pk>/features/new/", features.register_feature, name="register_feature"),
    path("features/<int:pk>/", features.feature_detail, name="feature"),
    path("features/<int:pk>/launch/", features.launch, name="launch"),
]
