"""Reads of case data, always starting from what the active membership may see."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from guardian.shortcuts import get_perms

from concerns.models import (
    Concern,
    ConcernGroupObjectPermission,
    Exchange,
    InformationItem,
    InformationItemGroupObjectPermission,
    InformationRequest,
    State,
)
from concerns.transitions import EDITABLE_STATES, GATHERING_ONWARDS, GATHERING_STATES
from infohus.memberships import role_group
from infohus.models import CASE_ROLES, COORDINATOR_ROLES, Authority, Membership


def _granted(grant_model, group, codename: str):
    """An EXISTS over guardian's direct foreign-key grant table for one role group.

    Same grants as guardian's `get_objects_for_group(..., accept_global_perms=False)`, but
    one correlated subquery instead of a list of every granted id inlined into the SQL.
    """
    return Exists(grant_model.objects.filter(content_object=OuterRef("pk"), group=group, permission__codename=codename))


def concerns_visible_to(membership: Membership) -> QuerySet[Concern]:
    """The concerns of the membership's Infohus that its role's group was granted.

    Auditors and admins see no case content. Grants are per role group, so a user holding
    two roles sees, in each, only what that role may see.
    """
    if membership is None or membership.role not in CASE_ROLES:
        return Concern.objects.none()
    group = role_group(membership.infohus, membership.role)
    return Concern.objects.filter(
        _granted(ConcernGroupObjectPermission, group, "view_concern"), infohus=membership.infohus
    ).select_related("person", "owning_authority", "police_check")


def may_change(membership: Membership, concern: Concern) -> bool:
    return "change_concern" in get_perms(role_group(membership.infohus, membership.role), concern)


def may_edit(membership: Membership, concern: Concern) -> bool:
    """Redskab 1 is edited only by the recording authority, before the police check."""
    return (
        concern.state in EDITABLE_STATES
        and membership.role in COORDINATOR_ROLES
        and concern.owning_authority_id == membership.authority_id
        and may_change(membership, concern)
    )


def get_concern_for_user_or_404(membership: Membership, pk: int, *, write: bool = False) -> Concern:
    """The one checked path to a concern: outside the user's scope is 404, read-only is 403."""
    concern = concerns_visible_to(membership).filter(pk=pk).first()
    if concern is None:
        raise Http404
    if write and not may_change(membership, concern):
        raise PermissionDenied
    return concern


def police_queue(membership: Membership) -> QuerySet[Concern]:
    """Concerns waiting for the police check: urgent first, then the oldest."""
    return (
        concerns_visible_to(membership).filter(state=State.WITH_POLICE).order_by("-acute_danger", "submitted_at", "pk")
    )


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


def timeline_of(concern: Concern):
    return concern.timeline.select_related("actor").order_by("at", "pk")


def items_visible_to(membership: Membership, concern: Concern):
    """The information items of a case that the membership's side owns or has received."""
    if membership is None or membership.role not in CASE_ROLES:
        return InformationItem.objects.none()
    group = role_group(membership.infohus, membership.role)
    return InformationItem.objects.filter(
        _granted(InformationItemGroupObjectPermission, group, "view_informationitem"), concern=concern
    ).select_related("concern", "owning_authority", "recorded_by", "request")


def get_item_for_user_or_404(membership: Membership, concern_pk: int, item_pk: int) -> InformationItem:
    concern = get_concern_for_user_or_404(membership, concern_pk)
    item = items_visible_to(membership, concern).filter(pk=item_pk).first()
    if item is None:
        raise Http404
    return item


def requests_of(concern: Concern):
    return InformationRequest.objects.filter(concern=concern).select_related("concern", "requested_by")


def shows_gathering(membership: Membership, concern: Concern) -> bool:
    """Whether Redskab 2 (items, requests, exchanges) exists for this reader on this case."""
    return membership.role in COORDINATOR_ROLES and concern.state in GATHERING_ONWARDS


def may_gather(membership: Membership, concern: Concern) -> bool:
    """Whether the reader may add requests and items and share them now."""
    return (
        membership.role in COORDINATOR_ROLES and concern.state in GATHERING_STATES and may_change(membership, concern)
    )


def share_recipients(membership: Membership, concern: Concern):
    """The only authority a side may share with: the other party of the Infohus."""
    infohus = concern.infohus
    if membership.authority_id == infohus.municipality_id:
        return Authority.objects.filter(pk=infohus.police_district_id)
    if membership.authority_id == infohus.police_district_id:
        return Authority.objects.filter(pk=infohus.municipality_id)
    return Authority.objects.none()


def may_revoke(membership: Membership, exchange: Exchange) -> bool:
    return (
        exchange.is_active
        and membership.role in COORDINATOR_ROLES
        and exchange.from_authority_id == membership.authority_id
    )


def may_read_snapshot(membership: Membership, exchange: Exchange) -> bool:
    """What was shared stays readable for the sender; the recipient loses it on revocation."""
    return exchange.from_authority_id == membership.authority_id or exchange.is_active


def exchanges_visible_to(membership: Membership, concern: Concern):
    """Exchanges the membership's authority made or received: the other side's exchanges
    with third parties (none yet) are not shown."""
    if membership is None or membership.role not in CASE_ROLES:
        return Exchange.objects.none()
    return (
        Exchange.objects.filter(concern=concern)
        .filter(Q(from_authority=membership.authority) | Q(to_authority=membership.authority))
        .select_related("concern", "from_authority", "to_authority", "shared_by", "revoked_by")
        .prefetch_related("shared_items__item")
    )


def get_exchange_for_user_or_404(membership: Membership, concern_pk: int, exchange_pk: int) -> Exchange:
    concern = get_concern_for_user_or_404(membership, concern_pk)
    exchange = exchanges_visible_to(membership, concern).filter(pk=exchange_pk).first()
    if exchange is None:
        raise Http404
    return exchange
