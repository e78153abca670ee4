"""Recording reads of case data in the audit log (django-auditlog's ACCESS action).

The law-enforcement logging rules require a log of every consultation, not just changes.
Pages, downloads, exports and WebSocket reads all go through `record_access` (one object)
or `record_reads` (every object a page showed, in one INSERT). A list of cases is one entry
(`record_list_read`) naming every case it showed, so a page of 25 rows writes one row.
"""

from auditlog.cid import get_cid
from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from auditlog.signals import accessed
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone


def record_access(instance, *, user=None, remote_addr=None) -> None:
    """Write an ACCESS entry for `instance`.

    Inside a request the actor comes from AuditlogMiddleware; outside one (a consumer, a
    management command) pass `user` so the entry is never anonymous.
    """
    if user is None:
        accessed.send(sender=instance.__class__, instance=instance)
        return
    with set_actor(user, remote_addr=remote_addr):
        accessed.send(sender=instance.__class__, instance=instance)


def record_download(instance, *, kind: str) -> None:
    """An ACCESS entry for a document that left the application (a PDF downloaded), marked
    `additional_data["download"] = kind` so the officer sees it as a copy taken away, not
    as one more read."""
    (read,) = described_reads([instance])
    read["additional_data"] = {**(read["additional_data"] or {}), "download": kind}
    _save_as_current_reader([read])


def described_reads(instances) -> list[dict]:
    """What an ACCESS entry says of each object, worked out once when many readers were
    shown the same objects (no query once their content types are cached)."""
    return [
        {
            "content_type": ContentType.objects.get_for_model(instance),
            "object_pk": str(instance.pk),
            "object_id": instance.pk if isinstance(instance.pk, int) else None,
            "object_repr": str(instance),
            "additional_data": instance.get_additional_data(),
        }
        for instance in instances
        if instance.pk is not None
    ]


def read_entries(described: list[dict], *, actor, remote_addr=None, remote_port=None) -> list[LogEntry]:
    """Unsaved ACCESS entries of one reader, for a caller that saves many readers' entries
    in one INSERT."""
    now, cid = timezone.now(), get_cid()
    return [
        LogEntry(
            **read,
            action=LogEntry.Action.ACCESS,
            actor=actor,
            actor_email=getattr(actor, "email", None),
            remote_addr=remote_addr,
            remote_port=remote_port,
            cid=cid,
            timestamp=now,
        )
        for read in described
    ]


def save_reads(entries: list[LogEntry]) -> None:
    if entries:
        LogEntry.objects.bulk_create(entries)


def record_reads(instances) -> None:
    """Write one ACCESS entry per shown object, in a single INSERT."""
    _save_as_current_reader(described_reads(instances))


def _save_as_current_reader(described: list[dict]) -> None:
    """Save ACCESS entries with the reader of the moment as actor.

    `bulk_create` sends no signals, so the actor and address are taken from the same
    context AuditlogMiddleware (or `set_actor`) fills for the signal-based entries.
    """
    context = auditlog_value.get({})
    save_reads(
        read_entries(
            described,
            actor=context.get("actor"),
            remote_addr=context.get("remote_addr"),
            remote_port=context.get("remote_port"),
        )
    )


# What a list entry's `additional_data["list"]` says it was: the data-protection officer's
# page names the list from it.
LISTS = ("concerns", "police_queue", "worklist")


def record_list_read(instances, *, membership, list_name: str) -> None:
    """One ACCESS entry for a list of cases, naming every row it showed.

    `additional_data["cases"]` maps each case number shown to the case's id and owning
    authority, and `"owners"` has a key per owning authority: JSON object keys, so the
    officer's search by case or person (`has_any_keys`) and the per-authority visibility
    (`has_key`) work on SQLite and PostgreSQL alike, and on PostgreSQL through a GIN index.
    Written in the reader's Infohus with their authority, so each controller's officer
    sees the rows that are theirs."""
    assert list_name in LISTS, list_name
    instances = [instance for instance in instances if instance.pk is not None]
    if not instances:
        return
    cases = {}
    for instance in instances:
        data = instance.get_additional_data()
        cases[data["case_number"]] = {"id": instance.pk, "owner": data["owner_authority_id"]}
    _save_as_current_reader(
        [
            {
                "content_type": ContentType.objects.get_for_model(instances[0]),
                "object_pk": "",
                "object_id": None,
                "object_repr": f"{len(cases)} × {instances[0]._meta.model_name}",
                "additional_data": {
                    "infohus_id": membership.infohus_id,
                    "list": list_name,
                    "actor_authority_id": membership.authority_id,
                    "cases": cases,
                    "owners": {str(row["owner"]): True for row in cases.values() if row["owner"] is not None},
                },
            }
        ]
    )
