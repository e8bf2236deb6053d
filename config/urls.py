from django.contrib import admin
from django.urls import include, path

from accounts.views import set_language
from filings.health import health

urlpatterns = [
    path("", include("accounts.urls")),
    path("assessments/", include("assessments.urls")),
    path("filings/", include("filings.urls")),
    path("notices/", include("notices.urls")),
    path("inspections/", include("inspections.urls")),
    path("review/", include("review.urls")),
    path("register/", include("registry.urls")),
    path("dossiers/", include("dossiers.urls")),
    path("api/v1/", include("api.urls")),
    path("api-tokens/", include("api.urls_tokens")),
    path("webhooks/", include("webhooks.urls")),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    # Before Django's own: the switch also sets a logged-in person's account language.
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
]
