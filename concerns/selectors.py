"""Reads of case data, always starting from what the active membership may see.

Selectors only read: they create no grant and no group, and they answer "not found" with
None or an empty queryset; the views' checked getters (`concerns/views/access.py`) turn that
into a 404. What a role may see is the policy's (`concerns/policy.py`); what it was granted
is guardian's grant tables, read with one EXISTS per query.
"""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from concerns.models import Concern, Exchange, ExchangeItem, InformationItem, InformationRequest, State, TimelineEvent
from infohus import policy
from infohus.models import Authority, Membership


def concerns_visible_to(membership: Membership | None) -> QuerySet[Concern]:
    """The concerns of the membership's Infohus that its role's group was granted.

    Auditors and admins see no case content. Grants are per role group, so a user holding
    two roles sees, in each, only what that role may see.
    """
    if not policy.role_may(membership, "concern.list"):
        return Concern.objects.none()
    return Concern.objects.filter(
        policy.grant_exists(Concern, membership, "view_concern"), infohus=membership.infohus
    ).select_related("person", "owning_authority", "police_check")


def visible_concern(membership: Membership | None, pk: int) -> Concern | None:
    """One concern the membership may see, with its grants, so deciding on it costs no query."""
    concerns = concerns_visible_to(membership).select_related("infohus", "person", "police_check__decided_by")
    return policy.with_grants(concerns, membership).filter(pk=pk).first() if membership else None


def police_queue(membership: Membership) -> QuerySet[Concern]:
    """Concerns waiting for the police check: urgent first, then the oldest."""
    return (
        concerns_visible_to(membership).filter(state=State.WITH_POLICE).order_by("-acute_danger", "submitted_at", "pk")
    )


# --- The start page's worklist -------------------------------------------------------------


def overdue_requests(membership: Membership) -> QuerySet[InformationRequest]:
    """Unanswered requests past their date, in cases still gathering."""
    if not policy.role_may(membership, "gathering.read"):
        return InformationRequest.objects.none()
    cases = concerns_visible_to(membership).filter(state=State.GATHERING).values("pk")
    return (
        InformationRequest.objects.filter(concern__in=cases, received_at__isnull=True, due_on__lt=timezone.localdate())
        .select_related("concern")
        .order_by("due_on", "pk")
    )


def waiting_for_police(membership: Membership) -> QuerySet[Concern]:
    """Concerns with the police for the police check, the longest waiting first."""
    return concerns_visible_to(membership).filter(state=State.WITH_POLICE).order_by("submitted_at", "pk")


def ready_for_meeting(membership: Membership) -> QuerySet[Concern]:
    return concerns_visible_to(membership).filter(state=State.READY_FOR_MEETING).order_by("updated_at", "pk")


def shared_with_me_since(membership: Membership, since) -> QuerySet[Exchange]:
    """What was shared with the membership's authority (still shared) after `since`."""
    if not policy.role_may(membership, "exchange.read"):
        return Exchange.objects.none()
    exchanges = Exchange.objects.filter(
        concern__in=concerns_visible_to(membership).values("pk"),
        to_authority=membership.authority,
        revoked_at__isnull=True,
    )
    if since is not None:
        exchanges = exchanges.filter(shared_at__gt=since)
    return exchanges.select_related("concern", "from_authority").order_by("-shared_at", "-pk")


def filtered_concerns(membership: Membership, *, state="", urgent=None, received_from=None, received_to=None):
    concerns = concerns_visible_to(membership)
    if state:
        concerns = concerns.filter(state=state)
    if urgent is not None:
        concerns = concerns.filter(acute_danger=urgent)
    if received_from:
        concerns = concerns.filter(received_at__date__gte=received_from)
    if received_to:
        concerns = concerns.filter(received_at__date__lte=received_to)
    return concerns.order_by("-acute_danger", "-received_at", "-pk")


def earlier_concerns(membership: Membership, *, cpr="", full_name="", birth_date=None, exclude_pk=None):
    """Other visible concerns about the same person: same CPR, or same name and birth date.

    Only concerns the user may already see are matched, so the hint never reveals that
    the other side holds a case on the person.
    """
    match = Q()
    if cpr:
        match |= Q(person__cpr=cpr)
    if full_name.strip() and birth_date:
        match |= Q(person__full_name__iexact=full_name.strip(), person__birth_date=birth_date)
    if not match:
        return Concern.objects.none()
    concerns = concerns_visible_to(membership).filter(match)
    if exclude_pk:
        concerns = concerns.exclude(pk=exclude_pk)
    return concerns.order_by("-received_at")


def timeline_of(membership: Membership, concern: Concern) -> QuerySet[TimelineEvent]:
    """The case's history as this reader may see it: a line kept for one authority (an item
    it recorded for itself) is not shown to the other."""
    return (
        concern.timeline.filter(Q(visible_to__isnull=True) | Q(visible_to=membership.authority_id))
        .select_related("actor")
        .order_by("at", "pk")
    )


def items_visible_to(membership: Membership, concern: Concern) -> QuerySet[InformationItem]:
    """The information items of a case that the membership's side owns or has received."""
    if not policy.role_may(membership, "item.read"):
        return InformationItem.objects.none()
    items = InformationItem.objects.filter(
        policy.grant_exists(InformationItem, membership, "view_informationitem"), concern=concern
    ).select_related("concern", "owning_authority", "recorded_by", "request")
    return policy.with_grants(items, membership)


def requests_visible_to(membership: Membership, concern: Concern) -> QuerySet[InformationRequest]:
    """The request overview: the coordinators' joint plan, the same for both sides.

    The caller has the concern from `visible_concern`, so it is in the membership's scope.
    """
    if not policy.role_may(membership, "gathering.read"):
        return InformationRequest.objects.none()
    return InformationRequest.objects.filter(concern=concern).select_related("concern", "requested_by")


def share_recipients(membership: Membership, concern: Concern) -> QuerySet[Authority]:
    """The only authority a side may share with: the other party of the Infohus."""
    infohus = concern.infohus
    if membership.authority_id == infohus.municipality_id:
        return Authority.objects.filter(pk=infohus.police_district_id)
    if membership.authority_id == infohus.police_district_id:
        return Authority.objects.filter(pk=infohus.municipality_id)
    return Authority.objects.none()


def shareable_items(membership: Membership, concern: Concern) -> QuerySet[InformationItem]:
    """The membership's own items not already shared with the other party (revoked shares
    may be shared again)."""
    recipients = share_recipients(membership, concern)
    already = ExchangeItem.objects.filter(
        exchange__concern=concern, exchange__to_authority__in=recipients, exchange__revoked_at__isnull=True
    ).values("item_id")
    return items_visible_to(membership, concern).filter(owning_authority=membership.authority).exclude(pk__in=already)


def exchanges_visible_to(membership: Membership, concern: Concern) -> QuerySet[Exchange]:
    """Exchanges the membership's authority made or received: the other side's exchanges
    with third parties (none yet) are not shown."""
    if not policy.role_may(membership, "exchange.read"):
        return Exchange.objects.none()
    return (
        Exchange.objects.filter(concern=concern)
        .filter(Q(from_authority=membership.authority) | Q(to_authority=membership.authority))
        .select_related("concern", "from_authority", "to_authority", "shared_by", "revoked_by")
        .prefetch_related(
            Prefetch(
                "shared_items",
                queryset=ExchangeItem.objects.select_related("item__concern", "item__owning_authority"),
            )
        )
    )
