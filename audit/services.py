"""What the data-protection officer's pages write: a record of each search and export."""

from infohus.models import AuditQuery, Membership


def record_audit_query(membership: Membership, criteria: dict, result_count: int, *, exported=False) -> AuditQuery:
    return AuditQuery.objects.create(
        membership=membership, criteria=criteria, result_count=result_count, exported=exported
    )
