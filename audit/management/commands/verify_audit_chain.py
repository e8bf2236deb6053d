from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.services import verify_chain


class Command(BaseCommand):
    help = "Checks the audit trail's hash chain; reports the first broken link or OK."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at event {report.broken_at}: {report.reason} "
                f"({report.count} events before it verified)."
            )
        self.stdout.write(self.style.SUCCESS(f"OK: {report.count} events, chain intact."))
