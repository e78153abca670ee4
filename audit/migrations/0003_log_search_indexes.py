"""Indexes for the data-protection officer's searches of the log (PostgreSQL only).

The search always filters on the Infohus and orders by time; by case it compares the
case number, or looks the case up among the cases a list showed (`record_list_read`).
auditlog ships single-column indexes only, none on `additional_data`.
"""

from django.db import migrations

TABLE = "auditlog_logentry"
INDEXES = {
    "audit_log_infohus_time": f"ON {TABLE} ((additional_data -> 'infohus_id'), timestamp DESC, id DESC)",
    "audit_log_case_number": f"ON {TABLE} ((additional_data -> 'case_number'))",
    "audit_log_listed_cases": f"ON {TABLE} USING gin ((additional_data -> 'cases'))",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_retention_actions"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(create, drop)]
