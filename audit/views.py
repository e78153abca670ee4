"""The data-protection officer's pages: search and export the log, see a case's § 115
exchanges. Log searches go by POST, so a CPR number or a name never stands in a URL or a
server log; the exchange overview takes only a case number, which is not personal data."""

import csv

from auditlog.models import LogEntry
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit import selectors, services
from audit.forms import AuditSearchForm
from infohus.decorators import requires

RESULT_LIMIT = 500


ACTION_LABELS = {
    LogEntry.Action.CREATE: gettext_lazy("Created"),
    LogEntry.Action.UPDATE: gettext_lazy("Changed"),
    LogEntry.Action.DELETE: gettext_lazy("Deleted"),
    LogEntry.Action.ACCESS: gettext_lazy("Read"),
}


def _rows(entries):
    for entry in entries:
        data = entry.additional_data or {}
        model = entry.content_type.model_class()
        yield {
            "timestamp": entry.timestamp,
            "actor": entry.actor.full_name if entry.actor else _("(system)"),
            "actor_email": entry.actor.email if entry.actor else "",
            "action": str(ACTION_LABELS.get(entry.action, entry.get_action_display())),
            "object_type": model._meta.verbose_name if model else entry.content_type.model,
            # The id, never object_repr: that can hold a person's name.
            "object": f"#{entry.object_pk}",
            "case_number": data.get("case_number", ""),
            "fields": ", ".join(selectors.changed_fields(entry)),
            "remote_addr": entry.remote_addr or "",
        }


@requires("audit.read_log")
def audit_log(request):
    membership = request.membership
    form = AuditSearchForm(request.POST or None, membership=membership)
    rows, total = None, 0
    if request.method == "POST" and form.is_valid():
        criteria = form.criteria()
        entries = selectors.search_log(membership, criteria)
        total = entries.count()
        rows = list(_rows(entries[:RESULT_LIMIT]))
        services.record_audit_query(membership, criteria.as_log(), total)
    return render(
        request,
        "audit/log.html",
        {"form": form, "rows": rows, "total": total, "limit": RESULT_LIMIT},
    )


@require_POST
@requires("audit.read_log")
def audit_log_export(request):
    membership = request.membership
    form = AuditSearchForm(request.POST, membership=membership)
    if not form.is_valid():
        return render(request, "audit/log.html", {"form": form, "rows": None}, status=400)
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
            _("Object"),
            _("Case"),
            _("Fields"),
            _("IP address"),
        ]
    )
    for row in _rows(entries.iterator()):
        writer.writerow(
            [
                timezone.localtime(row["timestamp"]).isoformat(timespec="seconds"),
                row["actor"],
                row["actor_email"],
                row["action"],
                row["object_type"],
                row["object"],
                row["case_number"],
                row["fields"],
                row["remote_addr"],
            ]
        )
    return response


@requires("audit.read_log")
def audit_exchanges(request):
    case_number = request.GET.get("sag", "").strip()
    exchanges = None
    if case_number:
        exchanges = list(selectors.exchanges_of_case(request.membership, case_number))
        services.record_audit_query(request.membership, {"exchanges_for_case": case_number}, len(exchanges))
    return render(request, "audit/exchanges.html", {"case_number": case_number, "exchanges": exchanges})
