"""The role groups of every existing Infohus: from now on they are made with the Infohus,
and reading never creates them."""

from django.db import migrations

ROLES = ["municipal_coordinator", "police_coordinator", "caseworker", "auditor", "admin"]


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Infohus = apps.get_model("infohus", "Infohus")
    for infohus_id in Infohus.objects.values_list("pk", flat=True):
        for role in ROLES:
            Group.objects.get_or_create(name=f"infohus-{infohus_id}-{role}")


class Migration(migrations.Migration):
    dependencies = [
        ("infohus", "0003_audit_append_only"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
