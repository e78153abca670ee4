from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from infohus import db_roles


class Command(BaseCommand):
    help = (
        "Grant the application's database role normal DML on every table but only SELECT and INSERT on "
        "the log tables (and the same for tables later migrations create). Run as the owner role that "
        "ran migrate, after every migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("app_role", help="the PostgreSQL role the application connects as")
        parser.add_argument("--print", action="store_true", help="print the SQL instead of running it")

    def handle(self, *args, app_role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles exist on PostgreSQL only.")
        refusal = db_roles.grant_refusal(app_role)
        if refusal:
            raise CommandError(refusal)
        if options["print"]:
            self.stdout.write(";\n".join(db_roles.grant_statements(app_role)) + ";")
            return
        with transaction.atomic():
            statements = db_roles.grant_app_role(app_role)
        self.stdout.write(
            f"Granted to {app_role} ({len(statements)} statements); now run audit_guard_check as {app_role}."
        )
