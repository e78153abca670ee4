from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from infohus import db_roles


class Command(BaseCommand):
    help = (
        "Check that the connected database role (DATABASE_URL) cannot rewrite the audit log: "
        "not a superuser, not the owner of the log tables or of the trigger, no UPDATE/DELETE/TRUNCATE/"
        "TRIGGER on them. Exits non-zero, saying how, when it can. Run it with the application's URL."
    )

    def handle(self, *args, **options):
        risks = db_roles.rewrite_risks()
        role = connection.settings_dict.get("USER") or "the connected role"
        if risks:
            lines = [f"The database role {role} could rewrite or remove the audit log:"]
            for risk in risks:
                lines += [f"- {risk.what}", f"  fix: {risk.fix}"]
            lines.append("See README.md, 'Owner and application roles'.")
            raise CommandError("\n".join(lines))
        tables = ", ".join(db_roles.LOG_TABLES)
        self.stdout.write(
            f"OK: the database role {role} can only read and insert into {tables}; "
            "it cannot disable the append-only trigger."
        )
