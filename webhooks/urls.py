"""The browser's "Webhooks" pages (session login and CSRF, as every page)."""

from django.urls import path

from . import views

app_name = "webhooks"
urlpatterns = [
    path("", views.endpoints, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rotate/", views.rotate, name="rotate"),
    path("<int:pk>/test/", views.test, name="test"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/deliveries/", views.deliveries, name="deliveries"),
    path("<int:pk>/deliveries/<int:delivery_pk>/resend/", views.resend, name="resend"),
]
