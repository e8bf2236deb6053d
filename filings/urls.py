from django.urls import path

from . import views

app_name = "filings"
urlpatterns = [
    path("<int:pk>/", views.filing_detail, name="detail"),
]
