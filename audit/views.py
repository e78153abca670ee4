"""The data-protection officer's pages: search and export the log, list the § 115
exchanges. Log searches go by POST, so a CPR number or a name never stands in a URL or a
server log; the exchange list takes only a case number and dates, which are no one's
personal data."""

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit import entries as log_entries
from audit import selectors, services
from audit.forms import AuditSearchForm, ExchangeSearchForm
from infohus.decorators import requires

RESULT_LIMIT = 500
EXCHANGES_PER_PAGE = 50


@requires("audit.read_log")
def audit_log(request):
    membership = request.membership
    form = AuditSearchForm(request.POST or None, membership=membership)
    groups, total = None, 0
    if request.method == "POST" and form.is_valid():
        criteria = form.criteria()
        entries = selectors.search_log(membership, criteria)
        total = entries.count()
        groups = log_entries.grouped(log_entries.describe(entries[:RESULT_LIMIT]))
        services.record_audit_query(membership, criteria.as_log(), total)
    return render(
        request,
        "audit/log.html",
        {"form": form, "groups": groups, "total": total, "limit": RESULT_LIMIT},
    )


@require_POST
@requires("audit.read_log")
def audit_log_export(request):
    membership = request.membership
    form = AuditSearchForm(request.POST, membership=membership)
    if not form.is_valid():
        return render(request, "audit/log.html", {"form": form, "groups": None}, status=400)
    criteria = form.criteria()
    entries = selectors.search_log(membership, criteria)
    services.record_audit_query(membership, criteria.as_log(), entries.count(), exported=True)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="infohus-log-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")  # so Excel reads the Danish letters right
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Time"),
            _("User"),
            _("E-mail"),
            _("Action"),
            _("Type"),
            _("Object ID"),
            _("Case"),
            _("Fields"),
            _("Description"),
            _("IP address"),
        ]
    )
    # One line per entry, for machine use; the page's grouping of reads is not applied.
    for row in log_entries.describe_in_batches(entries.iterator(chunk_size=2000)):
        writer.writerow(
            [
                timezone.localtime(row.timestamp).isoformat(timespec="seconds"),
                row.actor,
                row.actor_email,
                row.action_label,
                row.object_type,
                row.object_id,
                row.case_number,
                ", ".join(row.fields),
                row.description,
                row.remote_addr,
            ]
        )
    return response


@requires("audit.read_log")
def audit_exchanges(request):
    membership = request.membership
    form = ExchangeSearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        criteria = form.criteria()
        exchanges = selectors.search_exchanges(membership, **criteria)
        page = Paginator(exchanges, EXCHANGES_PER_PAGE).get_page(request.GET.get("page"))
        services.record_audit_query(
            membership,
            {
                "exchanges_for_case": criteria["case_number"],
                "exchanges_from": criteria["date_from"].isoformat() if criteria["date_from"] else None,
                "exchanges_to": criteria["date_to"].isoformat() if criteria["date_to"] else None,
                "page": page.number,
            },
            page.paginator.count,
        )
    return render(request, "audit/exchanges.html", {"form": form, "page": page})
