"""List, and with --apply carry out, what is past its deletion deadline (settings.RETENTION,
docs/retention.md). Meant for a daily cron job: a second run finds nothing more to do.

Prints ids and case numbers only, never a person's data: cron mails what a job prints.
"""

from django.core.management.base import BaseCommand

from audit import retention


class Command(BaseCommand):
    help = "List what is past its deletion deadline; --apply anonymises or deletes it."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="Only list what is due (the default).")
        mode.add_argument("--apply", action="store_true", help="Anonymise or delete what is due, and log it.")

    def handle(self, *args, apply=False, **options):
        dues = retention.everything_due()
        for due in dues:
            self.stdout.write(f"due  {due.kind:<22} {due.label}  (deadline {due.due_since:%Y-%m-%d})")
        if not dues:
            self.stdout.write("Nothing is past its deadline.")
        if apply and dues:
            done = retention.apply(dues)
            for kind, count in sorted(done.items()):
                self.stdout.write(self.style.SUCCESS(f"done {kind:<22} {count}"))
        elif dues:
            self.stdout.write("Dry run: nothing was changed. Run with --apply to carry it out.")

        # The audit log is append-only: never deleted here, whatever --apply says.
        entries = retention.audit_entries_due()
        if entries:
            self.stdout.write(
                f"audit log: {entries} entries are past their deadline "
                f"(older than {retention.audit_log_cutoff():%Y-%m-%d %H:%M}). This command never deletes them: "
                "the database owner runs (docs/retention.md):"
            )
            self.stdout.write(retention.audit_log_step())
