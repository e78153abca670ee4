"""Redskab 2: requests to authorities, information items, and § 115 exchanges.

Every item is owned by the municipality or the police (separate data controllers). Only
the owner's role group is granted it; the other side is granted it only by an exchange
that records basis, purpose and necessity, and loses it again when the exchange is revoked.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from concerns.attachments import checked_content_type, sha256_of
from concerns.errors import ConcernError, NotPermitted, TransitionNotAllowed
from concerns.models import (
    Concern,
    Exchange,
    ExchangeItem,
    InformationItem,
    InformationRequest,
    State,
    TimelineEvent,
)
from concerns.selectors import may_change
from concerns.services.concern import _locked, _notify, _record, move_concern
from concerns.transitions import COORDINATORS, GATHERING_STATES
from infohus.memberships import role_group, side_roles
from infohus.models import Authority, Membership

# retsplejelovens § 115 has five subsections (stk.); the numbers (nr.) list the partners.
LEGAL_BASIS_SECTIONS = range(1, 6)


def _require_gathering(concern: Concern, by: Membership) -> None:
    if by.infohus_id != concern.infohus_id or by.role not in COORDINATORS or not may_change(by, concern):
        raise NotPermitted()
    if concern.state not in GATHERING_STATES:
        raise TransitionNotAllowed(_("Information can only be gathered while the case is in information gathering."))


def _grant_item(item: InformationItem, authority: Authority) -> None:
    for role in side_roles(item.concern.infohus, authority):
        assign_perm("concerns.view_informationitem", role_group(item.concern.infohus, role), item)


@transaction.atomic
def request_information(
    *, concern: Concern, by: Membership, source: str, asked_for: str, source_name: str = "", due_on=None
) -> InformationRequest:
    concern = _locked(concern)
    _require_gathering(concern, by)
    if not asked_for.strip():
        raise ConcernError(_("Say what the authority is asked for."))
    return InformationRequest.objects.create(
        concern=concern,
        requesting_authority=by.authority,
        source=source,
        source_name=source_name.strip(),
        asked_for=asked_for.strip(),
        due_on=due_on,
        requested_by=by.user,
    )


@transaction.atomic
def mark_request_received(*, request: InformationRequest, by: Membership) -> InformationRequest:
    _require_gathering(_locked(request.concern), by)
    if request.received_at is None:
        request.received_at = timezone.now()
        request.save(update_fields=["received_at"])
    return request


@transaction.atomic
def add_information_item(
    *,
    concern: Concern,
    by: Membership,
    source: str,
    text: str,
    information_date,
    source_name: str = "",
    attachment=None,
    request: InformationRequest | None = None,
) -> InformationItem:
    """Record what an authority contributed, owned by the recording coordinator's authority."""
    concern = _locked(concern)
    _require_gathering(concern, by)
    if not text.strip():
        raise ConcernError(_("Write what the information is."))
    if request is not None and request.concern_id != concern.pk:
        raise NotPermitted()
    item = InformationItem(
        concern=concern,
        owning_authority=by.authority,
        source=source,
        source_name=source_name.strip(),
        text=text.strip(),
        information_date=information_date,
        request=request,
        recorded_by=by.user,
    )
    if attachment:
        item.attachment_type = checked_content_type(attachment)
        item.attachment_name = attachment.name[-255:]
        item.attachment_size = attachment.size
        item.attachment = attachment
    item.save()
    _grant_item(item, by.authority)
    if request is not None and request.received_at is None and request.requesting_authority_id == by.authority_id:
        # Marked only when the asking side itself records the answer: an unshared police
        # item must not tell the municipality that the police hold an answer.
        request.received_at = timezone.now()
        request.save(update_fields=["received_at"])
    return item


@transaction.atomic
def share_information(
    *,
    concern: Concern,
    by: Membership,
    items: list[InformationItem],
    to_authority: Authority,
    legal_basis_section: int,
    purpose: str,
    necessity: str,
    legal_basis_number: int | None = None,
) -> Exchange:
    """Disclose items to the other side of the Infohus under retsplejelovens § 115.

    The law allows it only when necessary for the crime-preventive cooperation, so the
    purpose and the necessity are required, and only the owner may disclose its own items.
    """
    concern = _locked(concern)
    _require_gathering(concern, by)
    infohus = concern.infohus
    parties = {infohus.municipality_id, infohus.police_district_id}
    if to_authority.pk not in parties:
        raise ConcernError(_("The recipient is not a party to this Infohus. Information can only be shared within it."))
    if to_authority.pk == by.authority_id:
        raise ConcernError(_("Choose the other party of the Infohus as recipient."))
    if legal_basis_section not in LEGAL_BASIS_SECTIONS:
        raise ConcernError(_("State which subsection (stk.) of section 115 the sharing rests on."))
    if not purpose.strip():
        raise ConcernError(_("State the purpose of sharing the information."))
    if not necessity.strip():
        raise ConcernError(_("State why sharing is necessary for the crime-preventive cooperation."))
    items = list(items)
    if not items:
        raise ConcernError(_("Choose at least one piece of information to share."))
    if any(item.concern_id != concern.pk or item.owning_authority_id != by.authority_id for item in items):
        raise NotPermitted(_("You can only share information your own authority owns."))

    exchange = Exchange.objects.create(
        concern=concern,
        from_authority=by.authority,
        to_authority=to_authority,
        legal_basis_section=legal_basis_section,
        legal_basis_number=legal_basis_number,
        purpose=purpose.strip(),
        necessity=necessity.strip(),
        shared_by=by.user,
    )
    for item in items:
        ExchangeItem.objects.create(
            exchange=exchange,
            item=item,
            snapshot_text=item.text,
            snapshot_information_date=item.information_date,
            snapshot_source=item.source,
            snapshot_attachment_name=item.attachment_name,
            snapshot_attachment_sha256=sha256_of(item.attachment) if item.attachment else "",
        )
        _grant_item(item, to_authority)
    _record(
        concern,
        by,
        TimelineEvent.Kind.SHARED,
        reason=_("%(count)s piece(s) of information shared with %(to)s under %(basis)s.")
        % {"count": len(items), "to": to_authority, "basis": exchange.legal_basis},
    )
    for role in side_roles(infohus, to_authority):
        _notify(infohus, role, _("Information has been shared with you"), concern)
    return exchange


@transaction.atomic
def revoke_exchange(*, exchange: Exchange, by: Membership, reason: str) -> Exchange:
    """Stop the recipient's access from now on. The record of the past disclosure stays."""
    # The case lock serialises revocations and shares of the same items, so two revocations
    # cannot each see the other exchange as still active and both keep the grant.
    concern = _locked(exchange.concern)
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if by.infohus_id != concern.infohus_id or not may_change(by, concern):
        raise NotPermitted()
    if by.authority_id != exchange.from_authority_id or by.role not in COORDINATORS:
        raise NotPermitted(_("Only the authority that shared the information can revoke the sharing."))
    if exchange.revoked_at is not None:
        raise TransitionNotAllowed(_("The sharing has already been revoked."))
    if not reason.strip():
        raise ConcernError(_("Give a reason for revoking the sharing."))
    exchange.revoked_at = timezone.now()
    exchange.revoked_by = by.user
    exchange.revoke_reason = reason.strip()
    exchange.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    infohus = concern.infohus
    for shared in exchange.shared_items.select_related("item"):
        still_shared = ExchangeItem.objects.filter(
            item=shared.item, exchange__to_authority=exchange.to_authority, exchange__revoked_at__isnull=True
        ).exists()
        if not still_shared:
            for role in side_roles(infohus, exchange.to_authority):
                remove_perm("concerns.view_informationitem", role_group(infohus, role), shared.item)
    _record(
        concern,
        by,
        TimelineEvent.Kind.REVOKED,
        reason=_("Sharing with %(to)s revoked: %(reason)s") % {"to": exchange.to_authority, "reason": reason.strip()},
    )
    return exchange


@transaction.atomic
def finish_gathering(*, concern: Concern, by: Membership) -> list[InformationRequest]:
    """Mark information gathering done. Open requests do not block; they are returned so
    the coordinator is warned about them."""
    concern = _locked(concern)
    move_concern(concern, State.READY_FOR_MEETING, by=by)
    return list(concern.requests.filter(received_at__isnull=True))
