from django.contrib import admin
from django.urls import include, path

from filings.health import health

urlpatterns = [
    path("", include("accounts.urls")),
    path("assessments/", include("assessments.urls")),
    path("filings/", include("filings.urls")),
    path("notices/", include("notices.urls")),
    path("inspections/", include("inspections.urls")),
    path("review/", include("review.urls")),
    path("register/", include("registry.urls")),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
]
