from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_configured(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if settings.DEBUG or settings.SECRET_KEY_CONFIGURED:
        return []
    return [
        Error(
            "SECRET_KEY is not set.",
            hint="Set SECRET_KEY in the environment (see .env.example); only DEBUG=true "
            "runs without one.",
            id="accounts.E001",
        )
    ]
