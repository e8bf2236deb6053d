"""The browser's "API tokens" page (session login and CSRF, as every page)."""

from django.urls import path

from .views import tokens

app_name = "api_tokens"
urlpatterns = [
    path("", tokens.tokens, name="list"),
    path("<int:pk>/revoke/", tokens.revoke, name="revoke"),
]
