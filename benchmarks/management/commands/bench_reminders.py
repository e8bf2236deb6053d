"""`manage.py bench_reminders` (`make bench-reminders`): the reminder sweep against a naive
per-row loop, on 100,000 open deadlines of which a quarter are due.

It needs PostgreSQL and its own database: DATABASE_URL must name a database ending in
`_bench`, which is created if missing and emptied. It never touches the developer's data.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from assessments.models import Template
from assessments.services import load_published_templates
from filings.models import (
    FINAL_STATES,
    OPERATOR_DEADLINES,
    Deadline,
    DeadlineKind,
    DeadlineRule,
    Filing,
    Notification,
    Regime,
)
from filings.regimes_data import load_regimes
from filings.services import reminders
from filings.services.deadlines import sync_next_due
from platforms.models import Authority, Membership, Operator, PlannedFeature, Platform, Role
from workcalendar.calendar import add_working_days

KINDS = [
    DeadlineKind.FILING,
    DeadlineKind.REVIEW,
    DeadlineKind.INFORMATION,
    DeadlineKind.RECTIFICATION,
    DeadlineKind.CHANGE,
]
BATCH = 5000


class Command(BaseCommand):
    help = "Time the reminder sweep against a naive per-row loop (PostgreSQL, own database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--deadlines", type=int, default=100_000)
        parser.add_argument("--due-share", type=float, default=0.25)

    def handle(self, *args: Any, deadlines: int, due_share: float, **options: Any) -> None:
        self._refuse_unless_bench_database()
        self._create_database()
        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        load_published_templates()
        load_regimes(Regime, DeadlineRule)

        started = time.monotonic()
        due = self._seed(deadlines, due_share)
        self.stdout.write(
            f"Seeded {deadlines:,} open deadlines ({due:,} due) in "
            f"{time.monotonic() - started:.1f} s on {connection.settings_dict['NAME']}."
        )
        sweep = self._measure(self._sweep)
        Notification.objects.all().delete()
        naive = self._measure(self._naive)
        self.stdout.write("")
        self.stdout.write(
            "The sweep's query count is fixed (one INSERT ... SELECT per step and party); "
            "the naive loop's grows with the due rows."
        )
        self.stdout.write(f"{'':<22}{'time':>10}{'queries':>10}{'reminders':>11}")
        for name, (seconds, queries, created) in [
            ("set-based sweep", sweep),
            ("naive loop", naive),
        ]:
            self.stdout.write(f"{name:<22}{seconds:>9.2f}s{queries:>10,}{created:>11,}")

    # --- Safety -----------------------------------------------------------------------------
    def _refuse_unless_bench_database(self) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "bench_reminders runs on PostgreSQL only (it measures PostgreSQL's behaviour "
                "with 100,000 rows); this is "
                f"{connection.vendor}. Run `make bench-reminders`, or set DATABASE_URL="
                "postgres://postgres@127.0.0.1:5432/reminders_bench."
            )
        name = connection.settings_dict["NAME"]
        if not name.endswith("_bench"):
            raise CommandError(
                f"bench_reminders empties its database; {name!r} does not end in '_bench', so "
                "it may hold real data. Point DATABASE_URL at a database such as reminders_bench."
            )

    def _create_database(self) -> None:
        import psycopg2
        from psycopg2 import sql

        params = connection.get_connection_params()
        name = params.pop("dbname", None) or params.pop("database")
        params.pop("cursor_factory", None)
        admin = psycopg2.connect(dbname="postgres", **params)
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                self.stdout.write(f"Created database {name}.")
        admin.close()

    # --- Data -------------------------------------------------------------------------------
    def _seed(self, count: int, due_share: float) -> int:
        rng = random.Random(2026)  # noqa: S311 (benchmark data, not security)
        today = timezone.localdate()
        user_model = get_user_model()
        operators = Operator.objects.bulk_create(
            Operator(
                name_zh=f"运营者{n}",
                name_en=f"Operator {n}",
                uscc=f"91{n:016d}",
                region_code="110000",
            )
            for n in range(50)
        )
        authorities = Authority.objects.bulk_create(
            Authority(
                name_zh=f"网信办{n}",
                name_en=f"CAC office {n}",
                kind=Authority.Kind.CAC,
                level=Authority.Level.PROVINCIAL,
                region_code=f"{11 + n}0000",
            )
            for n in range(10)
        )
        people: list[tuple[str, dict[str, Any]]] = []
        for op in operators:
            people += [(Role.OFFICER, {"operator": op}), (Role.SIGNATORY, {"operator": op})]
        for au in authorities:
            people += [(Role.REVIEWER, {"authority": au}), (Role.SUPERVISOR, {"authority": au})]
        users = user_model.objects.bulk_create(
            user_model(username=f"bench{n}", email=f"bench{n}@example.com", password="!")  # noqa: S106 (unusable)
            for n in range(len(people))
        )
        Membership.objects.bulk_create(
            Membership(user=user, role=role, **org)
            for user, (role, org) in zip(users, people, strict=True)
        )
        platforms = Platform.objects.bulk_create(
            Platform(operator=op, name_zh=f"平台{op.pk}", name_en=f"Platform {op.pk}", form="app")
            for op in operators
        )
        regime = Regime.objects.get(code="cn-security-assessment")
        template = Template.objects.filter(code=regime.template_code).order_by("-version").first()
        per_filing = len(KINDS)
        filings_needed = -(-count // per_filing)
        features = PlannedFeature.objects.bulk_create(
            (
                PlannedFeature(
                    platform=platforms[n % len(platforms)],
                    title=f"Feature {n}",
                    description="Benchmark",
                    trigger="launch",
                    planned_launch_date=today + dt.timedelta(days=60),
                )
                for n in range(filings_needed)
            ),
            batch_size=BATCH,
        )
        filings = Filing.objects.bulk_create(
            (
                Filing(
                    regime=regime,
                    operator_id=f.platform.operator_id,
                    platform=f.platform,
                    planned_feature=f,
                    template=template,
                    reference=f"B{n:09d}",
                )
                for n, f in enumerate(features)
            ),
            batch_size=BATCH,
        )
        Filing.authorities.through.objects.bulk_create(
            (
                Filing.authorities.through(filing=f, authority=authorities[n % len(authorities)])
                for n, f in enumerate(filings)
            ),
            batch_size=BATCH,
        )
        due_dates = [
            today - dt.timedelta(days=3),
            today - dt.timedelta(days=1),
            today,
            add_working_days(today, 1).date,
            add_working_days(today, 4).date,
        ]
        rows, due = [], 0
        for n in range(count):
            filing = filings[n // per_filing]
            if rng.random() < due_share:
                date, due = rng.choice(due_dates), due + 1
            else:
                date = today + dt.timedelta(days=rng.randint(30, 300))
            rows.append(
                Deadline(
                    filing=filing,
                    kind=KINDS[n % per_filing],
                    rule_text="benchmark",
                    anchor_date=today,
                    amount=10,
                    unit=DeadlineRule.Unit.WORKING_DAYS,
                    due_date=date,
                )
            )
        Deadline.objects.bulk_create(rows, batch_size=BATCH)
        sync_next_due()
        connection.cursor().execute("ANALYZE")
        return due

    # --- The two ways -----------------------------------------------------------------------
    def _measure(self, run: Callable[[], int]) -> tuple[float, int, int]:
        queries = 0

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            started = time.monotonic()
            created = run()
            seconds = time.monotonic() - started
        return seconds, queries, created

    def _sweep(self) -> int:
        created = reminders.create_reminders()
        reminders.recipients_to_send(now=timezone.now())
        return created

    def _naive_notify(self, deadline: Deadline, step: str, escalate: bool) -> int:
        if deadline.kind in OPERATOR_DEADLINES:
            people = Membership.objects.filter(
                operator_id=deadline.filing.operator_id,
                role=Role.SIGNATORY if escalate else Role.OFFICER,
            )
        else:
            people = Membership.objects.filter(
                authority__in=deadline.filing.authorities.all(),
                role=Role.SUPERVISOR if escalate else Role.REVIEWER,
            )
        created = 0
        for user_id in people.values_list("user_id", flat=True):
            _, new = Notification.objects.get_or_create(
                deadline=deadline,
                step=step,
                recipient_id=user_id,
                defaults={"filing_id": deadline.filing_id, "verb": f"reminder.{step}"},
            )
            created += new
        return created

    def _naive(self) -> int:
        """What the sweep replaces: a loop over every open deadline, a query for each due
        one's recipients and a get-or-create per reminder."""
        today = timezone.localdate()
        in_1, in_5 = add_working_days(today, 1).date, add_working_days(today, 5).date
        created = 0
        for deadline in Deadline.objects.filter(
            status="open", paused_since__isnull=True
        ).select_related("filing"):
            if deadline.filing.state in FINAL_STATES or deadline.due_date > in_5:
                continue
            if deadline.due_date < today:
                step = Notification.Step.OVERDUE
            elif deadline.due_date == today:
                step = Notification.Step.DUE
            elif deadline.due_date <= in_1:
                step = Notification.Step.BEFORE_1
            else:
                step = Notification.Step.BEFORE_5
            steps = [(step, False)]
            if step == Notification.Step.OVERDUE:
                steps.append((Notification.Step.ESCALATION, True))
            for this_step, escalate in steps:
                created += self._naive_notify(deadline, this_step, escalate)
        return created

    def _naive_notify(self, deadline: Deadline, step: str, escalate: bool) -> int:
        if deadline.kind in OPERATOR_DEADLINES:
            people = Membership.objects.filter(
                operator_id=deadline.filing.operator_id,
                role=Role.SIGNATORY if escalate else Role.OFFICER,
            )
        else:
            people = Membership.objects.filter(
                authority__in=deadline.filing.authorities.all(),
                role=Role.SUPERVISOR if escalate else Role.REVIEWER,
            )
        created = 0
        for user_id in people.values_list("user_id", flat=True):
            _, new = Notification.objects.get_or_create(
                deadline=deadline,
                step=step,
                recipient_id=user_id,
                defaults={"filing_id": deadline.filing_id, "verb": f"reminder.{step}"},
            )
            created += new
        return created
