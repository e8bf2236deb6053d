from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        # filings sits below this app and never imports it: it calls what registers here.
        from filings.services import outbox, reminders

        from . import delivery, events

        if events.on_outbox_message not in outbox.SUBSCRIBERS:
            outbox.SUBSCRIBERS.append(events.on_outbox_message)
        if delivery.sweep not in reminders.SWEEP_HOOKS:
            reminders.SWEEP_HOOKS.append(delivery.sweep)
