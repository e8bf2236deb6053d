from django.urls import path

from .views import detail

app_name = "filings"
urlpatterns = [
    path("<int:pk>/", detail.filing_detail, name="detail"),
]
