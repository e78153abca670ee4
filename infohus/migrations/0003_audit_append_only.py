from django.db import migrations

from infohus import audit_guard


def forwards(apps, schema_editor):
    audit_guard.install(schema_editor.connection)
    audit_guard._run(schema_editor.connection, audit_guard.INDEXES)


def backwards(apps, schema_editor):
    audit_guard.remove(schema_editor.connection)
    audit_guard._run(schema_editor.connection, audit_guard.DROP_INDEXES)


class Migration(migrations.Migration):
    dependencies = [
        ("infohus", "0002_audit_query"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
