from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.register, name="register"),
    path("register.csv", views.register_csv, name="csv"),
    path("register.json", views.register_json, name="json"),
]
