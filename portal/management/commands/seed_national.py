"""Seed a national data set for benchmarks: 98 Infohuse, their users, concerns in every state
with their whole history, and the audit log, written with COPY (PostgreSQL only).

    python manage.py seed_national --seed 1
    python manage.py seed_national --concerns 300 --audit-entries 3000 --users 60

It refuses a database that already holds Infohus data, and a server with DEBUG off unless
told `--i-know`. The format of the bench users' file is described in `portal/seed/__init__.py`.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from concerns.models import Concern
from infohus.models import Authority, Infohus, Membership
from portal.seed.national import Seed
from portal.seed.people import BENCH_USERS


class Command(BaseCommand):
    help = "Seed a national data set (98 Infohuse, users, concerns, audit log) for benchmarks, with COPY."

    def add_arguments(self, parser):
        parser.add_argument("--concerns", type=int, default=100_000)
        parser.add_argument("--audit-entries", type=int, default=5_000_000)
        parser.add_argument("--users", type=int, default=2_000)
        parser.add_argument(
            "--seed", type=int, default=2026, help="Seed of the random generator (same seed, same data)."
        )
        parser.add_argument("--password", default="bench-2026", help="Every seeded user's password.")
        parser.add_argument("--bench-users", default=str(settings.BASE_DIR / "var" / "bench-users.json"),
                            help="Where to write the load benchmark's users (JSON).")  # fmt: skip
        parser.add_argument("--recovery-codes", type=int, default=500, help="Recovery codes per bench user.")
        parser.add_argument("--vacuum", action="store_true", help="VACUUM (ANALYZE) the seeded tables afterwards.")
        parser.add_argument("--i-know", action="store_true", help="Run even with DEBUG off (a benchmark server).")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "seed_national writes with PostgreSQL's COPY: set DATABASE_URL to a PostgreSQL database."
            )
        if not settings.DEBUG and not options["i_know"]:
            raise CommandError("DEBUG is off: this may be a real server. Pass --i-know if it is a benchmark server.")
        held = [
            label
            for label, model in (
                ("concerns", Concern),
                ("Infohuse", Infohus),
                ("authorities", Authority),
                ("memberships", Membership),
            )  # fmt: skip
            if model.objects.exists()
        ]
        if held:
            raise CommandError(
                f"The database already holds {', '.join(held)}: seed_national only fills an empty, migrated "
                "database and never mixes with other data."
            )
        if options["users"] < BENCH_USERS:
            raise CommandError(f"--users must be at least {BENCH_USERS} (the load benchmark's users).")
        if min(options["concerns"], options["audit_entries"]) < 0:
            raise CommandError("--concerns and --audit-entries cannot be negative.")
        started = time.monotonic()
        seed = Seed(
            concerns=options["concerns"],
            audit_entries=options["audit_entries"],
            users=options["users"],
            seed=options["seed"],
            password=options["password"],
            bench_path=options["bench_users"],
            tokens=options["recovery_codes"],
            out=self.stdout,
        )
        summary = seed.run()
        if options["vacuum"]:
            began = time.monotonic()
            with connection.cursor() as cursor:
                for table in summary["rows"]:
                    cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")
            summary["timings"]["vacuum"] = time.monotonic() - began
        total = time.monotonic() - started
        self.stdout.write("\nTime per step and table:")
        for name, seconds in sorted(summary["timings"].items(), key=lambda item: -item[1]):
            if seconds >= 0.05:
                self.stdout.write(f"  {name:<55} {seconds:8.1f}s")
        rows = sum(summary["rows"].values())
        self.stdout.write(self.style.SUCCESS(f"Seeded {rows:,} rows in {total:.1f}s."))
