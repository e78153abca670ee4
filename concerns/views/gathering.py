"""Redskab 2 pages: requests, information items, § 115 exchanges. Thin: parse, call, render."""

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from concerns import selectors, services
from concerns.attachments import name_for_type
from concerns.forms import ExchangeRevokeForm, InformationItemForm, InformationRequestForm, ShareForm
from concerns.models import InformationRequest
from concerns.views import once
from concerns.views.access import get_concern_or_404, get_exchange_or_404, get_item_or_404, get_request_or_404
from infohus import policy
from infohus.access_log import record_access, record_reads
from infohus.decorators import requires


def _shares_by_item(membership, exchanges) -> dict[int, list]:
    """Per own item, the exchanges (active or revoked) that shared it, for the 'shared with' marks."""
    shares: dict[int, list] = {}
    for exchange in exchanges:
        if exchange.from_authority_id != membership.authority_id:
            continue
        for shared in exchange.shared_items.all():
            shares.setdefault(shared.item_id, []).append(exchange)
    return shares


def _render_gathering(request, concern, *, request_form=None, item_form=None, share_form=None):
    """The gathering page; a form that failed comes back bound, with its input and errors."""
    membership = request.membership
    items = list(selectors.items_visible_to(membership, concern))
    requests = list(selectors.requests_visible_to(membership, concern))
    exchanges = list(selectors.exchanges_visible_to(membership, concern))
    record_reads([concern, *items, *requests, *exchanges])  # every row shown is a consultation
    shares = _shares_by_item(membership, exchanges)
    for item in items:
        item.shares = shares.get(item.pk, [])
    may = policy.actions_on(membership, concern)
    may_share = "exchange.share" in may and any(policy.may(membership, "item.share", item) for item in items)
    recipients = selectors.share_recipients(membership, concern) if may_share else ()
    recipient_ids = {concern.infohus.municipality_id, concern.infohus.police_district_id} - {membership.authority_id}
    has_shareable = any(
        item.owning_authority_id == membership.authority_id
        and not any(e.is_active and e.to_authority_id in recipient_ids for e in item.shares)
        for item in items
    )
    return render(
        request,
        "concerns/gathering.html",
        {
            "concern": concern,
            "requests": requests,
            "items": items,
            "exchanges": exchanges,
            "may": may,
            "may_share": may_share,
            "has_shareable": has_shareable,
            "has_open_requests": any(r.is_open for r in requests),
            "request_form": request_form or InformationRequestForm(prefix="request"),
            "item_form": item_form or InformationItemForm(prefix="item", concern=concern),
            "share_form": share_form
            or ShareForm(
                own_items=selectors.shareable_items(membership, concern), recipients=recipients, prefix="share"
            ),
        },
    )


@requires("gathering.read")
def gathering(request, pk):
    concern = get_concern_or_404(request.membership, pk)
    decision = policy.decide(request.membership, "gathering.read", concern)
    if not decision:
        messages.error(request, decision.message)
        return redirect("concerns:detail", concern.pk)
    return _render_gathering(request, concern)


@require_POST
@requires("request.make")
def request_add(request, pk):
    concern = get_concern_or_404(request.membership, pk, action="request.make")
    form = InformationRequestForm(request.POST, prefix="request")
    if not form.is_valid():
        return _render_gathering(request, concern, request_form=form)
    with transaction.atomic():
        if (first := once.already_sent(request)) is not None:
            return first
        services.request_information(concern=concern, by=request.membership, **form.cleaned_data)
        once.sent(request, reverse("concerns:gathering", args=[concern.pk]))
    messages.success(request, _("The request was added to the overview."))
    return redirect("concerns:gathering", concern.pk)


@require_POST
@requires("request.mark_answered")
def request_received(request, pk, request_pk):
    info_request = get_request_or_404(request.membership, pk, request_pk, action="request.mark_answered")
    services.mark_request_received(request=info_request, by=request.membership)
    messages.success(request, _("The request is marked as answered."))
    return redirect("concerns:gathering", pk)


@require_POST
@requires("item.record")
def item_add(request, pk):
    concern = get_concern_or_404(request.membership, pk, action="item.record")
    form = InformationItemForm(request.POST, request.FILES, prefix="item", concern=concern)
    if not form.is_valid():
        return _render_gathering(request, concern, item_form=form)
    data = form.cleaned_data
    with transaction.atomic():
        if (first := once.already_sent(request)) is not None:
            return first
        services.add_information_item(
            concern=concern,
            by=request.membership,
            source=data["source"],
            source_name=data["source_name"],
            text=data["text"],
            information_date=data["information_date"],
            attachment=data.get("attachment"),
            request=data.get("request"),
        )
        once.sent(request, reverse("concerns:gathering", args=[concern.pk]))
    messages.success(
        request,
        _("The information was recorded. Only %(owner)s can see it until it is shared.")
        % {"owner": request.membership.authority},
    )
    return redirect("concerns:gathering", concern.pk)


@requires("item.read")
def item_detail(request, pk, item_pk):
    item = get_item_or_404(request.membership, pk, item_pk)
    record_access(item)
    return render(
        request,
        "concerns/item_detail.html",
        {"concern": item.concern, "item": item, "exchanges": item.exchanges.select_related("to_authority")},
    )


@requires("item.read")
def item_attachment(request, pk, item_pk):
    item = get_item_or_404(request.membership, pk, item_pk)
    if not item.attachment:
        raise Http404
    record_access(item)
    content_type = item.attachment_type or "application/octet-stream"
    response = FileResponse(
        item.attachment.open("rb"),
        as_attachment=True,  # never shown inline: a download, under a name that matches its content
        filename=name_for_type(item.attachment_name, content_type),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@requires("exchange.share")
def share(request, pk):
    """Share under § 115: a valid form is shown back for confirmation before anything is shared."""
    membership = request.membership
    concern = get_concern_or_404(membership, pk, action="exchange.share")
    decision = policy.decide(membership, "exchange.share", concern)
    if not decision:
        messages.error(request, decision.message)
        return redirect("concerns:detail", concern.pk)
    if (first := once.sent_before(request)) is not None:
        return first  # "Ja" pressed again: the items are shared already and would not validate
    form = ShareForm(
        request.POST,
        own_items=selectors.shareable_items(membership, concern),
        recipients=selectors.share_recipients(membership, concern),
        prefix="share",
    )
    if not form.is_valid() or "edit" in request.POST:
        return _render_gathering(request, concern, share_form=form)
    if request.POST.get("confirmed") != "yes":
        record_reads([concern, *form.cleaned_data["items"]])
        return render(request, "concerns/confirm_share.html", {"concern": concern, "form": form})
    with transaction.atomic():  # retsplejelovens § 115: one exchange, one record, however often "Ja" is pressed
        if (first := once.already_sent(request)) is not None:
            return first
        exchange = services.share_information(concern=concern, by=membership, **form.cleaned_data)
        once.sent(request, reverse("concerns:exchanges", args=[concern.pk]))
    messages.success(
        request,
        _("The information was shared with %(to)s under %(basis)s.")
        % {"to": exchange.to_authority, "basis": exchange.legal_basis},
    )
    return redirect("concerns:gathering", concern.pk)


@requires("exchange.read")
def exchanges(request, pk):
    concern = get_concern_or_404(request.membership, pk)
    decision = policy.decide(request.membership, "exchange.read", concern)
    if not decision:
        messages.error(request, decision.message)
        return redirect("concerns:detail", concern.pk)
    return _render_exchanges(request, concern)


def _revoke_prefix(exchange_pk: int) -> str:
    return f"revoke{exchange_pk}"  # one form per exchange on the page, each with its own ids


def _render_exchanges(request, concern, *, failed=None):
    """The exchanges page; `failed` is a bound revoke form that comes back with its errors."""
    membership = request.membership
    shown = list(selectors.exchanges_visible_to(membership, concern))
    read = []
    for exchange in shown:
        exchange.snapshot_readable = policy.may(membership, "exchange.read_snapshot", exchange)
        exchange.revocable = policy.may(membership, "exchange.revoke", exchange)
        if failed is not None and failed.prefix == _revoke_prefix(exchange.pk):
            exchange.revoke_form = failed
        else:
            exchange.revoke_form = ExchangeRevokeForm(prefix=_revoke_prefix(exchange.pk))
        read.append(exchange)
        if exchange.snapshot_readable:
            read += [shared.item for shared in exchange.shared_items.all()]
    record_reads(read)
    return render(request, "concerns/exchanges.html", {"concern": concern, "exchanges": shown, "failed": failed})


@require_POST
@requires("exchange.revoke")
def exchange_revoke(request, pk, exchange_pk):
    exchange = get_exchange_or_404(request.membership, pk, exchange_pk, action="exchange.revoke")
    form = ExchangeRevokeForm(request.POST, prefix=_revoke_prefix(exchange.pk))
    if not form.is_valid():
        return _render_exchanges(request, exchange.concern, failed=form)
    services.revoke_exchange(exchange=exchange, by=request.membership, reason=form.cleaned_data["reason"])
    messages.success(request, _("The sharing was revoked. The record of what was shared stays."))
    return redirect("concerns:exchanges", pk)


@require_POST
@requires("gathering.finish")
def finish_gathering(request, pk):
    """Close the gathering; the page first says what that means and which requests are unanswered."""
    concern = get_concern_or_404(request.membership, pk, action="gathering.finish")
    decision = policy.decide(request.membership, "gathering.finish", concern)
    if not decision:
        messages.error(request, decision.message)
        return redirect("concerns:detail", concern.pk)
    if request.POST.get("confirmed") != "yes":
        open_requests = [r for r in selectors.requests_visible_to(request.membership, concern) if r.is_open]
        record_reads([concern, *open_requests])
        return render(request, "concerns/confirm_finish.html", {"concern": concern, "open_requests": open_requests})
    still_open: list[InformationRequest] = services.finish_gathering(concern=concern, by=request.membership)
    messages.success(request, _("Information gathering is done: the case is ready for the analysis meeting."))
    if still_open:
        count = len(still_open)
        messages.warning(
            request,
            ngettext(
                "%(count)s request has not been answered: %(names)s",
                "%(count)s requests have not been answered: %(names)s",
                count,
            )
            % {"count": count, "names": ", ".join(r.source_name or r.get_source_display() for r in still_open)},
        )
    return redirect("concerns:detail", concern.pk)
