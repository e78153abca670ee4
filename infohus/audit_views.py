"""The data-protection officer's pages: search and export the log, see a case's § 115
exchanges. Log searches go by POST, so a CPR number or a name never stands in a URL or a
server log; the exchange overview takes only a case number, which is not personal data."""

import csv

from auditlog.models import LogEntry
from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from infohus import audit_search
from infohus.decorators import role_required
from infohus.forms import DesignSystemMixin
from infohus.models import Authority, Role, User

RESULT_LIMIT = 500
AUDITOR = {Role.AUDITOR}


class AuditSearchForm(DesignSystemMixin, forms.Form):
    person = forms.CharField(
        label=gettext_lazy("Person (CPR number or name)"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    case_number = forms.CharField(label=gettext_lazy("Case number"), required=False)
    user = forms.ModelChoiceField(label=gettext_lazy("User"), queryset=User.objects.none(), required=False)
    authority = forms.ModelChoiceField(
        label=gettext_lazy("Authority"), queryset=Authority.objects.none(), required=False
    )
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("create", gettext_lazy("Created")),
            ("update", gettext_lazy("Changed")),
            ("delete", gettext_lazy("Deleted")),
            ("access", gettext_lazy("Read")),
            ("exchange", gettext_lazy("Section 115 exchange")),
        ],
    )
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        infohus = membership.infohus
        self.fields["user"].queryset = (
            User.objects.filter(memberships__infohus=infohus).distinct().order_by("full_name")
        )
        self.fields["authority"].queryset = Authority.objects.filter(
            pk__in=[infohus.municipality_id, infohus.police_district_id]
        )

    def criteria(self) -> audit_search.Criteria:
        data = self.cleaned_data
        return audit_search.Criteria(
            person=data["person"],
            case_number=data["case_number"],
            user=data["user"],
            authority_id=data["authority"].pk if data["authority"] else None,
            action=data["action"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )


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
            "fields": ", ".join(audit_search.changed_fields(entry)),
            "remote_addr": entry.remote_addr or "",
        }


@role_required(AUDITOR)
def audit_log(request):
    membership = request.membership
    form = AuditSearchForm(request.POST or None, membership=membership)
    rows, total = None, 0
    if request.method == "POST" and form.is_valid():
        criteria = form.criteria()
        entries = audit_search.search_log(membership, criteria)
        total = entries.count()
        rows = list(_rows(entries[:RESULT_LIMIT]))
        audit_search.record_audit_query(membership, criteria.as_log(), total)
    return render(
        request,
        "infohus/audit_log.html",
        {"form": form, "rows": rows, "total": total, "limit": RESULT_LIMIT},
    )


@require_POST
@role_required(AUDITOR)
def audit_log_export(request):
    membership = request.membership
    form = AuditSearchForm(request.POST, membership=membership)
    if not form.is_valid():
        return render(request, "infohus/audit_log.html", {"form": form, "rows": None}, status=400)
    criteria = form.criteria()
    entries = audit_search.search_log(membership, criteria)
    audit_search.record_audit_query(membership, criteria.as_log(), entries.count(), exported=True)
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


@role_required(AUDITOR)
def audit_exchanges(request):
    case_number = request.GET.get("sag", "").strip()
    exchanges = None
    if case_number:
        exchanges = list(audit_search.exchanges_of_case(request.membership, case_number))
        audit_search.record_audit_query(request.membership, {"exchanges_for_case": case_number}, len(exchanges))
    return render(request, "infohus/audit_exchanges.html", {"case_number": case_number, "exchanges": exchanges})
