from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("filing/<int:pk>/", views.request_view, name="request"),
    path("<int:pk>/", views.status, name="status"),
    path("<int:pk>/download/", views.download, name="download"),
]
