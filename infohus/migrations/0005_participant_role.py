"""The meeting participant role (external participants: any authority, no case role), and
its group for every existing Infohus (groups are made with the Infohus, never on reading)."""

from django.db import migrations, models


def create_participant_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Infohus = apps.get_model("infohus", "Infohus")
    for infohus_id in Infohus.objects.values_list("pk", flat=True):
        Group.objects.get_or_create(name=f"infohus-{infohus_id}-participant")


class Migration(migrations.Migration):
    dependencies = [
        ("infohus", "0004_role_groups"),
    ]

    operations = [
        migrations.AlterField(
            model_name="membership",
            name="role",
            field=models.CharField(
                choices=[
                    ("municipal_coordinator", "Municipal coordinator"),
                    ("police_coordinator", "Police coordinator"),
                    ("caseworker", "Caseworker"),
                    ("participant", "Meeting participant"),
                    ("auditor", "Data protection officer"),
                    ("admin", "Administrator"),
                ],
                max_length=32,
                verbose_name="role",
            ),
        ),
        migrations.RunPython(create_participant_groups, migrations.RunPython.noop),
    ]
