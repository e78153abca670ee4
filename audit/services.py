"""What the data-protection officer's pages write: a record of each search and export,
and of case URLs a user was refused."""

from datetime import timedelta

from django.utils import timezone

from audit.models import RefusedLookup, RefusedLookupAlert
from infohus.models import AuditQuery, Membership, User

# Five refused case URLs within ten minutes is more than a stale link or two: someone may be
# trying ids. The officer of the user's own authority sees it in the audit log.
ALERT_AFTER = 5
ALERT_WINDOW = timedelta(minutes=10)


def record_audit_query(membership: Membership, criteria: dict, result_count: int, *, exported=False) -> AuditQuery:
    return AuditQuery.objects.create(
        membership=membership, criteria=criteria, result_count=result_count, exported=exported
    )


def record_refused_lookup(*, user: User, membership: Membership | None, path: str, url_name: str) -> RefusedLookup:
    """Keep the refusal; at the ALERT_AFTER-th within ALERT_WINDOW, write one alert for the
    burst (the audit log records its creation, with the user as actor)."""
    now = timezone.now()
    infohus_id = membership.infohus_id if membership else None
    authority_id = membership.authority_id if membership else None
    lookup = RefusedLookup.objects.create(
        user=user, infohus_id=infohus_id, authority_id=authority_id, path=path[:300], url_name=url_name, at=now
    )
    since = now - ALERT_WINDOW
    recent = list(RefusedLookup.objects.filter(user=user, at__gt=since).order_by("at").values_list("at", "path"))
    already = RefusedLookupAlert.objects.filter(user=user, at__gt=since).exists()
    if len(recent) >= ALERT_AFTER and not already:
        RefusedLookupAlert.objects.create(
            user=user,
            infohus_id=infohus_id,
            authority_id=authority_id,
            first_at=recent[0][0],
            at=now,
            count=len(recent),
            paths=[path for _at, path in recent],
        )
    return lookup
