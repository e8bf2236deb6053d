"""The OpenAPI schema and Swagger UI, from local static files (drf-spectacular-sidecar): no
CDN, and no inline script (the page's own set-up script is served by the same view, as
`?script`), so the site's Content Security Policy holds. Public: they describe the API and
show no data."""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class Schema(SpectacularAPIView):
    authentication_classes = ()
    permission_classes = ()
    throttle_classes = ()


class Docs(SpectacularSwaggerSplitView):
    authentication_classes = ()
    permission_classes = ()
    throttle_classes = ()
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
