"""Recording reads of case data in the audit log (django-auditlog's ACCESS action).

The law-enforcement logging rules require a log of every consultation, not just changes.
Pages, downloads, exports and WebSocket reads all go through `record_access` (one object)
or `record_reads` (every row a list or page showed, in one INSERT).
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
    """Write one ACCESS entry per shown object, in a single INSERT.

    `bulk_create` sends no signals, so the actor and address are taken from the same
    context AuditlogMiddleware (or `set_actor`) fills for the signal-based entries.
    """
    context = auditlog_value.get({})
    save_reads(
        read_entries(
            described_reads(instances),
            actor=context.get("actor"),
            remote_addr=context.get("remote_addr"),
            remote_port=context.get("remote_port"),
        )
    )
