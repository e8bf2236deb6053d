"""`manage.py seed_demo`: build the demo data set (README.md#a-tour-of-the-demo); see the `demo`
package and its scenarios in `demo/scenarios/`."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.builder import demo_present, seed_demo
from demo.data import DEMO_PASSWORD, MARKER_USERNAME
from filings.models import State


class Command(BaseCommand):
    help = (
        "Create the demo operators, authorities, logins and filings in every state. Runs only "
        "with DEMO_MODE=true (or --force); does nothing when the demo is already there."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEMO_MODE is off (the logins share a published password).",
        )
        parser.add_argument(
            "--if-demo",
            action="store_true",
            help="Do nothing, successfully, when DEMO_MODE is off (for start-up scripts).",
        )

    def handle(
        self, *args: Any, force: bool = False, if_demo: bool = False, **options: Any
    ) -> None:
        if if_demo and not settings.DEMO_MODE:
            self.stdout.write("DEMO_MODE is off: no demo data loaded.")
            return
        if not (settings.DEMO_MODE or force):
            raise CommandError(
                "seed_demo creates logins whose password is published; it runs only with "
                "DEMO_MODE=true. Set DEMO_MODE=true, or pass --force if you really mean it."
            )
        if demo_present():
            self.stdout.write(
                f"Demo data already present (user {MARKER_USERNAME!r} exists); nothing to do."
            )
            return
        started = time.monotonic()
        summary = seed_demo()
        elapsed = time.monotonic() - started

        self.stdout.write(self.style.SUCCESS(f"Demo data created in {elapsed:.1f} s."))
        self.stdout.write(f"\nFilings by state ({sum(summary.states.values())} in all):")
        for state in State:
            self.stdout.write(f"  {state.label:<26} {summary.states.get(state.value, 0):>3}")
        self.stdout.write(f"Open deadlines overdue: {summary.overdue}")
        self.stdout.write(f"\nLogins (password for all: {DEMO_PASSWORD}):")
        for username, role, organisation in summary.logins:
            self.stdout.write(f"  {username:<22} {role:<20} {organisation}")
