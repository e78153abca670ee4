"""The data-protection officer's view of the audit log: metadata only, never case content.

An auditor sees the entries of their own Infohus that concern their own authority's data
(it owns or received the object) or were made by their authority's users. The change
values auditlog stores are never shown: only which fields changed.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from guardian.utils import get_group_obj_perms_model

from audit.models import RefusedLookupAlert
from concerns.cpr import parse_cpr
from concerns.models import Concern, Exchange, ExchangeItem, Person
from infohus import policy
from infohus.models import Authority, Department, Infohus, Membership, User


def entries_visible_to_auditor(membership: Membership) -> QuerySet[LogEntry]:
    infohus = membership.infohus
    own_users = User.objects.filter(memberships__infohus=infohus, memberships__authority=membership.authority)
    return (
        LogEntry.objects.filter(additional_data__infohus_id=infohus.pk)
        .filter(
            Q(additional_data__owner_authority_id=membership.authority_id)
            | Q(additional_data__recipient_authority_id=membership.authority_id)
            | Q(additional_data__owners__has_key=str(membership.authority_id))  # a list showed its cases
            | Q(actor__in=own_users)
        )
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )


def about_cases(case_numbers: list[str]) -> Q:
    """Entries about any of these cases: the case's own entries, and the lists that showed
    it (`infohus.access_log.record_list_read`). Both are indexed on PostgreSQL (audit
    migration 0003)."""
    return Q(additional_data__case_number__in=case_numbers) | Q(additional_data__cases__has_any_keys=case_numbers)


def case_numbers_for_person(infohus, person: str) -> list[str]:
    """Case numbers of the Infohus's concerns about a person, by CPR number or by name."""
    person = person.strip()
    try:
        match = Q(cpr=parse_cpr(person).digits)
    except ValidationError:
        match = Q(full_name__icontains=person)
    return list(Person.objects.filter(match, concern__infohus=infohus).values_list("concern__case_number", flat=True))


@dataclass
class Criteria:
    person: str = ""
    case_number: str = ""
    user: User | None = None
    authority_id: int | None = None
    action: str = ""
    date_from: object = None
    date_to: object = None

    def as_log(self) -> dict:
        return {
            "person": self.person,
            "case_number": self.case_number,
            "user_id": self.user.pk if self.user else None,
            "authority_id": self.authority_id,
            "action": self.action,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
        }


ACTIONS = {
    "create": LogEntry.Action.CREATE,
    "update": LogEntry.Action.UPDATE,
    "delete": LogEntry.Action.DELETE,
    "access": LogEntry.Action.ACCESS,
}


def exchange_records() -> Q:
    """The § 115 records themselves: an exchange made (with its items) or revoked; not the
    reads of them, which the "read" filter finds."""
    types = ContentType.objects.get_for_models(Exchange, ExchangeItem)
    exchange, item = types[Exchange], types[ExchangeItem]
    return (
        Q(content_type=exchange, action=LogEntry.Action.CREATE)
        | Q(content_type=item, action=LogEntry.Action.CREATE)
        | Q(content_type=exchange, action=LogEntry.Action.UPDATE, changes__has_key="revoked_at")
    )


def search_log(membership: Membership, criteria: Criteria) -> QuerySet[LogEntry]:
    entries = entries_visible_to_auditor(membership)
    if criteria.person:
        entries = entries.filter(about_cases(case_numbers_for_person(membership.infohus, criteria.person)))
    if criteria.case_number:
        entries = entries.filter(about_cases([criteria.case_number.strip().upper()]))
    if criteria.user:
        entries = entries.filter(actor=criteria.user)
    if criteria.authority_id:
        entries = entries.filter(
            actor__memberships__infohus=membership.infohus, actor__memberships__authority_id=criteria.authority_id
        ).distinct()
    if criteria.action == "exchange":
        entries = entries.filter(exchange_records())
    elif criteria.action == "refused":
        entries = entries.filter(content_type=ContentType.objects.get_for_model(RefusedLookupAlert))
    elif criteria.action in ACTIONS:
        entries = entries.filter(action=ACTIONS[criteria.action])
    # Whole local days as a range on the timestamp itself, which its index serves (a
    # `__date` lookup converts every row's timestamp first).
    if criteria.date_from:
        entries = entries.filter(timestamp__gte=start_of_day(criteria.date_from))
    if criteria.date_to:
        entries = entries.filter(timestamp__lt=start_of_day(criteria.date_to + timedelta(days=1)))
    return entries


def start_of_day(day: date) -> datetime:
    """Midnight of a local (Danish) day, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def exchanges_visible_to_auditor(membership: Membership) -> QuerySet[Exchange]:
    """The § 115 exchanges of the auditor's Infohus that their authority made or received."""
    return Exchange.objects.filter(concern__infohus=membership.infohus).filter(
        Q(from_authority=membership.authority) | Q(to_authority=membership.authority)
    )


def search_exchanges(membership: Membership, *, case_number="", date_from=None, date_to=None) -> QuerySet[Exchange]:
    """Newest first, by case number and/or the day they were shared (local time)."""
    exchanges = exchanges_visible_to_auditor(membership)
    if case_number:
        exchanges = exchanges.filter(concern__case_number=case_number.strip().upper())
    if date_from:
        exchanges = exchanges.filter(shared_at__gte=start_of_day(date_from))
    if date_to:
        exchanges = exchanges.filter(shared_at__lt=start_of_day(date_to + timedelta(days=1)))
    return (
        exchanges.select_related("concern", "from_authority", "to_authority", "shared_by", "revoked_by")
        .annotate(item_count=Count("shared_items"))
        .order_by("-shared_at", "-pk")
    )


def side_group_names(infohus: Infohus, authority: Authority) -> list[str]:
    """The role groups that hold the grants of `authority`'s side in `infohus` (its
    coordinators, and for the municipality its caseworkers' department groups)."""
    if authority.pk not in (infohus.municipality_id, infohus.police_district_id):
        return []
    names = []
    for role, kind in policy.ROLE_SIDE.items():
        if kind != authority.kind:
            continue
        if policy.needs_department(role):
            names += [policy.role_group_name(infohus.pk, role, department) for department in Department.values]
        else:
            names.append(policy.role_group_name(infohus.pk, role))
    return names


def held_by(infohus: Infohus, authority: Authority) -> Q:
    """Concerns `authority` holds: it recorded them, or one of its role groups was granted
    them (the police every concern sent to the check; the municipality a police concern
    once it was cleared or handed over with a remaining social duty)."""
    granted = get_group_obj_perms_model(Concern).objects.filter(
        content_object=OuterRef("pk"),
        group__name__in=side_group_names(infohus, authority),
        permission__codename="view_concern",
    )
    return Q(owning_authority=authority) | Q(Exists(granted))
