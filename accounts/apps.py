from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            signals,  # connects the login, logout and lockout audit receivers
        )

        signals.install_admin_log_hook()
