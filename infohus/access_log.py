"""Recording reads of case data in the audit log (django-auditlog's ACCESS action).

The law-enforcement logging rules require a log of every consultation, not just changes.
Views, downloads, exports and WebSocket reads all go through `record_access`.
"""

from auditlog.context import set_actor
from auditlog.signals import accessed


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
