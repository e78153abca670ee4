"""The timeline's stable dotted action names (`concern.submitted`, `exchange.shared`) in
place of the old kinds, and a line kept for one authority's eyes (`visible_to`)."""

import django.db.models.deletion
from django.db import migrations, models

# Each old transition by its states; the other kinds map one to one.
MOVES = {
    ("draft", "received"): "concern.completed",
    ("received", "with_police"): "concern.submitted",
    ("with_police", "cleared"): "police_check.cleared",
    ("with_police", "taken_over_by_police"): "police_check.taken_over",
    ("with_police", "not_extremism"): "police_check.not_extremism",
    ("cleared", "gathering"): "gathering.started",
    ("gathering", "ready_for_meeting"): "gathering.finished",
    ("ready_for_meeting", "gathering"): "gathering.reopened",
    ("ready_for_meeting", "analysed"): "analysis.closed",
    ("analysed", "gathering"): "analysis.sent_back",
    ("analysed", "recommended"): "recommendation.approved",
    ("analysed", "not_current"): "concern.not_current",
    ("recommended", "follow_up"): "follow_up.started",
    ("follow_up", "closed"): "concern.closed",
    ("not_current", "closed"): "concern.closed",
}
KINDS = {
    "created": "concern.created",
    "edited": "concern.edited",
    "shared": "exchange.shared",
    "revoked": "exchange.revoked",
}


def name_actions(apps, schema_editor):
    TimelineEvent = apps.get_model("concerns", "TimelineEvent")
    for event in TimelineEvent.objects.all().iterator():
        if event.kind == "transition":
            event.action = MOVES.get((event.from_state, event.to_state), "concern.withdrawn")
        else:
            event.action = KINDS[event.kind]
        event.save(update_fields=["action"])


def name_kinds(apps, schema_editor):
    """Back to kinds. Lines the old schema cannot show (requests, items: the old timeline
    has no `visible_to` and would show a police item's line to the municipality) go."""
    TimelineEvent = apps.get_model("concerns", "TimelineEvent")
    kinds = {action: kind for kind, action in KINDS.items()}
    TimelineEvent.objects.exclude(action__in=[*kinds, *MOVES.values(), "concern.withdrawn"]).delete()
    TimelineEvent.objects.exclude(visible_to=None).delete()
    for event in TimelineEvent.objects.all().iterator():
        event.kind = kinds.get(event.action, "transition")
        event.save(update_fields=["kind"])


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0003_gathering"),
        ("infohus", "0004_role_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="timelineevent",
            name="action",
            field=models.CharField(default="", max_length=60),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="timelineevent",
            name="details",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="timelineevent",
            name="visible_to",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="infohus.authority",
            ),
        ),
        migrations.RunPython(name_actions, name_kinds),
        migrations.RemoveField(model_name="timelineevent", name="kind"),
    ]
