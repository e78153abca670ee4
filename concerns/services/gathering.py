"""Redskab 2: requests to authorities, information items, and § 115 exchanges.

Every item is owned by the municipality or the police (separate data controllers). Only
the owner's role group is granted it; the other side is granted it only by an exchange
that records basis, purpose and necessity, and loses it again when the exchange is revoked
(the policy's GRANTS, `concerns/policy.py`).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concerns import timeline
from concerns.attachments import checked_content_type, name_for_type, removed_if_this_fails, sha256_of
from concerns.errors import NotPermitted, UserError
from concerns.models import (
    Concern,
    Exchange,
    ExchangeItem,
    InformationItem,
    InformationRequest,
    State,
)
from concerns.notifications import notify_side
from concerns.services.concern import _locked, move_concern
from concerns.text import LONG_TEXT_MAX, SHORT_TEXT_MAX, check_length
from infohus import policy
from infohus.models import Authority, Membership

# retsplejelovens § 115 has five subsections (stk.); the numbers (nr.) list the partners.
LEGAL_BASIS_SECTIONS = range(1, 6)


def _answered(request: InformationRequest, by: Membership) -> None:
    request.received_at = timezone.now()
    request.save(update_fields=["received_at"])
    timeline.record(request.concern, "request.answered", by=by, source=request.source, source_name=request.source_name)


@transaction.atomic
def request_information(
    *, concern: Concern, by: Membership, source: str, asked_for: str, source_name: str = "", due_on=None
) -> InformationRequest:
    concern = _locked(concern, by)
    policy.require(by, "request.make", concern)
    if not asked_for.strip():
        raise UserError(_("Say what the authority is asked for."))
    check_length(SHORT_TEXT_MAX, asked_for=asked_for)
    request = InformationRequest.objects.create(
        concern=concern,
        requesting_authority=by.authority,
        source=source,
        source_name=source_name.strip(),
        asked_for=asked_for.strip(),
        due_on=due_on,
        requested_by=by.user,
    )
    # The overview is the coordinators' joint plan: both sides see the line.
    timeline.record(concern, "request.made", by=by, source=source, source_name=request.source_name)
    return request


@transaction.atomic
def mark_request_received(*, request: InformationRequest, by: Membership) -> InformationRequest:
    concern = _locked(request.concern, by)
    policy.require(by, "request.mark_answered", concern)
    request = InformationRequest.objects.select_for_update().get(pk=request.pk, concern=concern)
    if request.received_at is None:
        _answered(request, by)
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
    concern = _locked(concern, by)
    policy.require(by, "item.record", concern)
    if not text.strip():
        raise UserError(_("Write what the information is."))
    check_length(LONG_TEXT_MAX, text=text)
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
        # Stored and served under an extension that matches the content, never the one given.
        attachment.name = name_for_type(attachment.name, item.attachment_type)
        item.attachment_name = attachment.name
        item.attachment_size = attachment.size
        item.attachment = attachment
    # The file is written when the row is saved, outside the database's transaction.
    with removed_if_this_fails(item.attachment):
        item.save()
        policy.apply_grants("item.recorded", item, by=by)
        # Only the owner sees that it recorded something until it shares it.
        timeline.record(
            concern, "item.recorded", by=by, visible_to=by.authority, source=item.source, source_name=item.source_name
        )
        if request is not None and request.received_at is None and request.requesting_authority_id == by.authority_id:
            # Marked only when the asking side itself records the answer: an unshared police
            # item must not tell the municipality that the police hold an answer.
            _answered(request, by)
    return item


def _disclose(
    concern: Concern,
    *,
    by: Membership,
    items: list[InformationItem],
    to_authority: Authority | None,
    legal_basis_section: int,
    purpose: str,
    necessity: str,
    legal_basis_number: int | None,
    summary: str = "",
) -> Exchange:
    """Record one § 115 disclosure with a snapshot of each item. The law allows it only
    when necessary for the crime-preventive cooperation, so the basis, the purpose and the
    necessity are required, and only the owner may disclose its own items."""
    if legal_basis_section not in LEGAL_BASIS_SECTIONS:
        raise UserError(_("State which subsection (stk.) of section 115 the sharing rests on."))
    if not purpose.strip():
        raise UserError(_("State the purpose of sharing the information."))
    if not necessity.strip():
        raise UserError(_("State why sharing is necessary for the crime-preventive cooperation."))
    items = list(items)
    if not items and not summary.strip():
        raise UserError(_("Choose at least one piece of information to share."))
    if any(item.concern_id != concern.pk for item in items):
        raise NotPermitted(_("You can only share information your own authority owns."))
    for item in items:
        policy.require(by, "item.share", item)
    exchange = Exchange.objects.create(
        concern=concern,
        from_authority=by.authority,
        to_authority=to_authority,
        legal_basis_section=legal_basis_section,
        legal_basis_number=legal_basis_number,
        purpose=purpose.strip(),
        necessity=necessity.strip(),
        summary=summary.strip(),
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
        if to_authority is not None:
            policy.apply_grants("exchange.shared", item, by=by, recipient=to_authority)
    timeline.record(
        concern,
        "exchange.shared",
        by=by,
        reason=ngettext(
            "%(count)s piece of information shared with %(to)s under %(basis)s.",
            "%(count)s pieces of information shared with %(to)s under %(basis)s.",
            len(items),
        )
        % {"count": len(items), "to": exchange.recipient, "basis": exchange.legal_basis},
        exchange=exchange.pk,
    )
    return exchange


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
    """Disclose items to the other side of the Infohus under retsplejelovens § 115."""
    concern = _locked(concern, by)
    policy.require(by, "exchange.share", concern)
    check_length(SHORT_TEXT_MAX, purpose=purpose, necessity=necessity)
    infohus = concern.infohus
    parties = {infohus.municipality_id, infohus.police_district_id}
    if to_authority.pk not in parties:
        raise UserError(_("The recipient is not a party to this Infohus. Information can only be shared within it."))
    if to_authority.pk == by.authority_id:
        raise UserError(_("Choose the other party of the Infohus as recipient."))
    already = ExchangeItem.objects.filter(
        item__in=items, exchange__to_authority=to_authority, exchange__revoked_at__isnull=True
    )
    if already.exists():
        raise UserError(
            _("Some of the chosen information has already been shared with %(to)s. Nothing was shared.")
            % {"to": to_authority}
        )
    exchange = _disclose(
        concern,
        by=by,
        items=items,
        to_authority=to_authority,
        legal_basis_section=legal_basis_section,
        purpose=purpose,
        necessity=necessity,
        legal_basis_number=legal_basis_number,
    )
    notify_side(concern, to_authority, _("Information has been shared with you"))
    return exchange


def disclose_to_participants(
    *,
    concern: Concern,
    by: Membership,
    items: list[InformationItem],
    summary: str,
    legal_basis_section: int,
    purpose: str,
    necessity: str,
    legal_basis_number: int | None = None,
) -> Exchange:
    """Disclose a summary of the concern and own items to the participants of a meeting
    (the meeting app records which): a § 115 exchange with no recipient authority, which
    grants nothing on the case. The caller holds the transaction."""
    concern = _locked(concern, by)
    policy.require(by, "exchange.share", concern)
    return _disclose(
        concern,
        by=by,
        items=items,
        to_authority=None,
        legal_basis_section=legal_basis_section,
        purpose=purpose,
        necessity=necessity,
        legal_basis_number=legal_basis_number,
        summary=summary,
    )


@transaction.atomic
def revoke_exchange(*, exchange: Exchange, by: Membership, reason: str) -> Exchange:
    """Stop the recipient's access from now on. The record of the past disclosure stays."""
    # The case lock serialises revocations and shares of the same items, so two revocations
    # cannot each see the other exchange as still active and both keep the grant.
    concern = _locked(exchange.concern, by)
    exchange = Exchange.objects.select_for_update().select_related("concern").get(pk=exchange.pk)
    policy.require(by, "exchange.revoke", exchange)
    if not reason.strip():
        raise UserError(_("Give a reason for revoking the sharing."))
    check_length(SHORT_TEXT_MAX, reason=reason)
    exchange.revoked_at = timezone.now()
    exchange.revoked_by = by.user
    exchange.revoke_reason = reason.strip()
    exchange.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    for shared in exchange.shared_items.select_related("item"):
        if exchange.to_authority_id is None:
            break  # shared with a meeting's participants: no grant to take back
        # Kept while another active exchange to the same recipient covers the item.
        policy.apply_grants("exchange.revoked", shared.item, by=by, recipient=exchange.to_authority)
    timeline.record(
        concern,
        "exchange.revoked",
        by=by,
        reason=_("Sharing with %(to)s revoked: %(reason)s") % {"to": exchange.recipient, "reason": reason.strip()},
        exchange=exchange.pk,
    )
    return exchange


@transaction.atomic
def finish_gathering(*, concern: Concern, by: Membership) -> list[InformationRequest]:
    """Mark information gathering done. Open requests do not block; they are returned so
    the coordinator is warned about them."""
    concern = _locked(concern, by)
    move_concern(concern, State.READY_FOR_MEETING, by=by)
    return list(concern.requests.filter(received_at__isnull=True))
