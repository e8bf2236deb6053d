from django.urls import path, register_converter

from . import views


class Sha256Converter:
    """A file's SHA-256 as a revision's snapshot names it: 64 lower-case hex digits."""

    regex = "[0-9a-f]{64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(Sha256Converter, "sha256")

app_name = "review"
urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("queue/assign/", views.bulk_assign, name="bulk_assign"),
    path("queue/export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("queue/export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("filings/<int:pk>/", views.workspace, name="workspace"),
    path("filings/<int:pk>/<slug:slug>/", views.action, name="action"),
    # A file by the filing and its SHA-256, as the revision's snapshot names it.
    path("filings/<int:pk>/evidence/<sha256:sha256>/", views.evidence_download, name="evidence"),
    path("rectification-files/<int:pk>/", views.rectification_file, name="rectification_file"),
    path("notifications/", views.inbox, name="notifications"),
    path("notifications/read-all/", views.mark_all_read, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", views.mark_read, name="notification_read"),
    path("notifications/<int:pk>/", views.open_notification, name="notification_open"),
]
