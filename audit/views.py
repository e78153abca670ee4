"""The data-protection officer's pages: search and export the log, list the § 115
exchanges. Log searches go by POST, so a CPR number or a name never stands in a URL or a
server log; the exchange list takes only a case number and dates, which are no one's
personal data."""

import csv
from collections.abc import AsyncIterator, Iterator
from itertools import islice

from asgiref.sync import sync_to_async
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import pdf
from audit import access_request, selectors, services, statistics
from audit import entries as log_entries
from audit.forms import AccessRequestForm, AuditSearchForm, ExchangeSearchForm, StatisticsForm
from infohus.access_log import record_reads
from infohus.decorators import requires

RESULT_LIMIT = 500
COUNT_LIMIT = 10_000
EXCHANGES_PER_PAGE = 50


@requires("audit.read_log")
def audit_log(request):
    membership = request.membership
    form = AuditSearchForm(request.POST or None, membership=membership)
    groups, total = None, 0
    if request.method == "POST" and form.is_valid():
        criteria = form.criteria()
        entries = selectors.search_log(membership, criteria)
        # Counted up to COUNT_LIMIT: counting every entry of a wide search in a national log
        # takes seconds, and "more than 10,000" tells the officer to narrow it as well.
        total = entries.order_by()[: COUNT_LIMIT + 1].count()
        groups = log_entries.grouped(log_entries.describe(entries[:RESULT_LIMIT], viewer=membership))
        services.record_audit_query(membership, criteria.as_log(), total)
    return render(
        request,
        "audit/log.html",
        {"form": form, "groups": groups, "total": total, "limit": RESULT_LIMIT, "count_limit": COUNT_LIMIT},
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
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        _streamed(_log_csv_lines(entries, membership)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="infohus-log-{stamp}.csv"'
    return response


class _Line:
    """A file-like object for csv.writer that hands back the line it was given."""

    def write(self, value: str) -> str:
        return value


def _log_csv_lines(entries, membership) -> Iterator[str]:
    """The export, 2,000 entries at a time from a server-side cursor: its memory does not
    grow with the log. One line per entry, for machine use; the page's grouping of reads
    is not applied."""
    writer = csv.writer(_Line(), delimiter=";")
    yield "\ufeff"  # so Excel reads the Danish letters right
    yield writer.writerow(
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
    for row in log_entries.describe_in_batches(entries.iterator(chunk_size=2000), viewer=membership):
        yield writer.writerow(
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


async def _streamed(lines: Iterator[str], batch: int = 500) -> AsyncIterator[str]:
    """Serve a synchronous generator to the ASGI server piece by piece: Django reads a
    synchronous iterator of a StreamingHttpResponse into a list first under ASGI, which
    is the memory this export must not use. Each piece is made on the request's own
    thread (thread-sensitive), where its database cursor lives; the language of the
    request is kept for the headers and descriptions."""
    language = translation.get_language()

    def next_piece():
        with translation.override(language):
            return "".join(islice(lines, batch))

    while piece := await sync_to_async(next_piece)():
        yield piece


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


@requires("audit.access_request")
def audit_access_request(request):
    """A data subject's access request (GDPR art. 15): the CPR number is posted, and the
    answer comes back as a PDF or a CSV file; nothing about the person stays on a page."""
    membership = request.membership
    form = AccessRequestForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "audit/access_request.html", {"form": form}, status=status)
    as_pdf = request.POST.get("format") != "csv"
    answer = access_request.gather(membership, form.cleaned_data["cpr"])
    services.record_audit_query(
        membership,
        {"access_request": form.cleaned_data["cpr"].digits, "format": "pdf" if as_pdf else "csv"},
        len(answer.cases),
        exported=True,
    )
    record_reads(answer.objects_read())  # the officer read this content to answer
    stamp = timezone.localtime(answer.made_at).strftime("%Y%m%d-%H%M")
    if as_pdf:
        body = pdf.render("audit/pdf/access_request.html", {"answer": answer})
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="indsigt-{stamp}.pdf"'
    else:
        response = HttpResponse(access_request.as_csv(answer), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="indsigt-{stamp}.csv"'
    return response


def _statistics_for(request):
    """The year asked for (by GET: a year is no one's personal data), this year by default."""
    years = statistics.years_of(request.membership.infohus)
    form = StatisticsForm(request.GET or None, years=years)
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else years[0]
    return form, statistics.yearly(request.membership.infohus, year)


@requires("statistics.read")
def statistics_page(request):
    form, numbers = _statistics_for(request)
    return render(request, "audit/statistics.html", {"form": form, "statistics": numbers})


@requires("statistics.read")
def statistics_csv(request):
    _form, numbers = _statistics_for(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="infohus-statistik-{numbers.year}.csv"'
    response.write("\ufeff")  # so Excel reads the Danish letters right
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Infohus"), _("Year"), _("Table"), _("Category"), _("Count")])
    writer.writerows(statistics.csv_rows(numbers))
    return response
