"""Redskab 2 pages: requests, information items, § 115 exchanges. Thin: parse, call, render."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concerns import selectors, services
from concerns.forms import ExchangeRevokeForm, InformationItemForm, InformationRequestForm, ShareForm
from concerns.models import InformationRequest, State
from concerns.views import form_errors_as_messages
from infohus.access_log import record_access, record_reads
from infohus.decorators import role_required
from infohus.models import COORDINATOR_ROLES


@role_required(COORDINATOR_ROLES)
def gathering(request, pk):
    membership = request.membership
    concern = selectors.get_concern_for_user_or_404(membership, pk)
    items = list(selectors.items_visible_to(membership, concern))
    requests = list(selectors.requests_of(concern))
    exchanges = list(selectors.exchanges_visible_to(membership, concern))
    record_reads([concern, *items, *requests, *exchanges])  # every row shown is a consultation
    own_items = selectors.items_visible_to(membership, concern).filter(owning_authority=membership.authority)
    may_work = selectors.may_gather(membership, concern)
    return render(
        request,
        "concerns/gathering.html",
        {
            "concern": concern,
            "requests": requests,
            "items": items,
            "exchanges": exchanges,
            "may_work": may_work,
            "may_finish": may_work and concern.state == State.GATHERING,
            "request_form": InformationRequestForm(prefix="request"),
            "item_form": InformationItemForm(prefix="item", concern=concern),
            "share_form": ShareForm(
                own_items=own_items, recipients=selectors.share_recipients(membership, concern), prefix="share"
            ),
        },
    )


@require_POST
@role_required(COORDINATOR_ROLES)
def request_add(request, pk):
    concern = selectors.get_concern_for_user_or_404(request.membership, pk, write=True)
    form = InformationRequestForm(request.POST, prefix="request")
    if form.is_valid():
        services.request_information(concern=concern, by=request.membership, **form.cleaned_data)
        messages.success(request, _("The request was added to the overview."))
    else:
        form_errors_as_messages(request, form)
    return redirect("concerns:gathering", concern.pk)


@require_POST
@role_required(COORDINATOR_ROLES)
def request_received(request, pk, request_pk):
    concern = selectors.get_concern_for_user_or_404(request.membership, pk, write=True)
    info_request = selectors.requests_of(concern).filter(pk=request_pk).first()
    if info_request is None:
        raise Http404
    services.mark_request_received(request=info_request, by=request.membership)
    messages.success(request, _("The request is marked as answered."))
    return redirect("concerns:gathering", concern.pk)


@require_POST
@role_required(COORDINATOR_ROLES)
def item_add(request, pk):
    concern = selectors.get_concern_for_user_or_404(request.membership, pk, write=True)
    form = InformationItemForm(request.POST, request.FILES, prefix="item", concern=concern)
    if form.is_valid():
        data = form.cleaned_data
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
        messages.success(
            request,
            _("The information was recorded. Only %(owner)s can see it until it is shared.")
            % {"owner": request.membership.authority},
        )
    else:
        form_errors_as_messages(request, form)
    return redirect("concerns:gathering", concern.pk)


@role_required(COORDINATOR_ROLES)
def item_detail(request, pk, item_pk):
    item = selectors.get_item_for_user_or_404(request.membership, pk, item_pk)
    record_access(item)
    return render(
        request,
        "concerns/item_detail.html",
        {"concern": item.concern, "item": item, "exchanges": item.exchanges.select_related("to_authority")},
    )


@role_required(COORDINATOR_ROLES)
def item_attachment(request, pk, item_pk):
    item = selectors.get_item_for_user_or_404(request.membership, pk, item_pk)
    if not item.attachment:
        raise Http404
    record_access(item)
    response = FileResponse(
        item.attachment.open("rb"),
        as_attachment=True,
        filename=item.attachment_name or "bilag",
        content_type=item.attachment_type or "application/octet-stream",
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(COORDINATOR_ROLES)
def share(request, pk):
    membership = request.membership
    concern = selectors.get_concern_for_user_or_404(membership, pk, write=True)
    own_items = selectors.items_visible_to(membership, concern).filter(owning_authority=membership.authority)
    form = ShareForm(
        request.POST, own_items=own_items, recipients=selectors.share_recipients(membership, concern), prefix="share"
    )
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("concerns:gathering", concern.pk)
    exchange = services.share_information(concern=concern, by=membership, **form.cleaned_data)
    messages.success(
        request,
        _("The information was shared with %(to)s under %(basis)s.")
        % {"to": exchange.to_authority, "basis": exchange.legal_basis},
    )
    return redirect("concerns:gathering", concern.pk)


@role_required(COORDINATOR_ROLES)
def exchanges(request, pk):
    membership = request.membership
    concern = selectors.get_concern_for_user_or_404(membership, pk)
    shown = list(selectors.exchanges_visible_to(membership, concern))
    read = []
    for exchange in shown:
        exchange.snapshot_readable = selectors.may_read_snapshot(membership, exchange)
        exchange.revocable = selectors.may_revoke(membership, exchange)
        read.append(exchange)
        if exchange.snapshot_readable:
            read += [shared.item for shared in exchange.shared_items.all()]
    record_reads(read)
    return render(
        request,
        "concerns/exchanges.html",
        {"concern": concern, "exchanges": shown, "revoke_form": ExchangeRevokeForm()},
    )


@require_POST
@role_required(COORDINATOR_ROLES)
def exchange_revoke(request, pk, exchange_pk):
    exchange = selectors.get_exchange_for_user_or_404(request.membership, pk, exchange_pk)
    form = ExchangeRevokeForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("concerns:exchanges", pk)
    services.revoke_exchange(exchange=exchange, by=request.membership, reason=form.cleaned_data["reason"])
    messages.success(request, _("The sharing was revoked. The record of what was shared stays."))
    return redirect("concerns:exchanges", pk)


@require_POST
@role_required(COORDINATOR_ROLES)
def finish_gathering(request, pk):
    concern = selectors.get_concern_for_user_or_404(request.membership, pk, write=True)
    still_open: list[InformationRequest] = services.finish_gathering(concern=concern, by=request.membership)
    messages.success(request, _("Information gathering is done: the case is ready for the analysis meeting."))
    if still_open:
        messages.warning(
            request,
            _("%(count)s request(s) have not been answered: %(names)s")
            % {
                "count": len(still_open),
                "names": ", ".join(r.source_name or r.get_source_display() for r in still_open),
            },
        )
    return redirect("concerns:detail", concern.pk)
