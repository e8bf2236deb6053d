from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import twofactor, views

app_name = "accounts"
urlpatterns = [
    path("", views.index, name="index"),
    path("healthz", views.healthz, name="healthz"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path(
        "accounts/login/",
        login_not_required(
            auth_views.LoginView.as_view(
                redirect_authenticated_user=True,
                extra_context={"REQUIRE_2FA": lambda: settings.REQUIRE_2FA},
            )
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", twofactor.verify, name="twofactor_verify"),
    path("accounts/two-factor/setup/", twofactor.setup, name="twofactor_setup"),
    path("accounts/two-factor/recovery/", twofactor.recovery_codes, name="twofactor_recovery"),
]
