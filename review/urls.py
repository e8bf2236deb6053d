from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("filings/<int:pk>/", views.workspace, name="workspace"),
]
