from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("queue/assign/", views.bulk_assign, name="bulk_assign"),
    path("queue/export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("queue/export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("filings/<int:pk>/", views.workspace, name="workspace"),
    path("filings/<int:pk>/<slug:slug>/", views.action, name="action"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("rectification-files/<int:pk>/", views.rectification_file, name="rectification_file"),
    path("notifications/", views.inbox, name="notifications"),
    path("notifications/read-all/", views.mark_all_read, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", views.mark_read, name="notification_read"),
    path("notifications/<int:pk>/", views.open_notification, name="notification_open"),
]
