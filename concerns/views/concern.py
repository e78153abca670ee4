"""Thin views: parse input, call a selector or a service, render. Errors a user causes
(`UserError`) are turned into a message by `infohus.middleware.UserErrorMiddleware`.

Each view names the action it serves (`requires`: roles that may never take it get 404);
objects come through the checked getters of `concerns.views.access`; what a page offers
is what the policy allows on the case now (`may`)."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concerns import search, selectors, services
from concerns.errors import IncompleteConcern
from concerns.forms import (
    ConcernForm,
    ConcernSearchForm,
    MissingForm,
    PersonForm,
    PoliceCheckForm,
    ReasonForm,
    custody_formset,
)
from concerns.models import Concern, Person, State
from concerns.views import once
from concerns.views.access import get_concern_or_404
from infohus import policy
from infohus.access_log import record_access, record_list_read, record_reads
from infohus.decorators import requires
from infohus.middleware import show_user_error

# The session keys of the two pages' searches: a name or a CPR number is personal data, so
# the term is kept here and never put in a URL (or a server log); the URL holds only the
# sort, the page number and the list's filters, none of them personal.
LIST_SEARCH = "concern_search"
QUEUE_SEARCH = "police_queue_search"


@dataclass(frozen=True)
class Listing:
    url_name: str
    session_key: str
    columns: dict[str, search.Column]
    default_sort: str

    def sort(self, request) -> search.Sort:
        return search.parse_sort(request.GET.get("sort"), self.columns, self.default_sort)

    def url(self, sort: search.Sort, params: dict | None = None) -> str:
        """The page's URL with the filters and the sort (the first page of them)."""
        query = dict(params or {})
        if sort.param != self.default_sort:
            query["sort"] = sort.param
        return reverse(self.url_name) + (f"?{urlencode(query)}" if query else "")


CONCERN_LIST = Listing("concerns:list", LIST_SEARCH, search.LIST_COLUMNS, search.LIST_DEFAULT)
POLICE_QUEUE = Listing("concerns:police_queue", QUEUE_SEARCH, search.QUEUE_COLUMNS, search.QUEUE_DEFAULT)


def _search_form(request, listing: Listing, **kwargs) -> ConcernSearchForm:
    """A posted search, or the page's current one: the filters from the URL, the term from
    the session (never from the URL)."""
    if request.method == "POST":
        return ConcernSearchForm(request.POST, **kwargs)
    data = request.GET.copy()
    data["q"] = request.session.get(listing.session_key, "")
    return ConcernSearchForm(data, **kwargs)


def _searched(request, form: ConcernSearchForm, listing: Listing, sort: search.Sort):
    """Post/redirect/get: remember the term in the session and go back to the first page;
    None when the form has errors (the page shows them)."""
    if "clear" in request.POST:
        request.session.pop(listing.session_key, None)
        return redirect(listing.url(sort))
    if not form.is_valid():
        return None
    if form.cleaned_data["q"]:
        request.session[listing.session_key] = form.cleaned_data["q"]
    else:
        request.session.pop(listing.session_key, None)
    return redirect(listing.url(sort, form.url_params()))


def _shown_page(request, concerns, list_name: str):
    page = Paginator(concerns, search.PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    # Names on a list are a consultation too: one entry naming the rows shown.
    record_list_read(page.object_list, membership=request.membership, list_name=list_name)
    return page


def _render_listing(request, template: str, listing: Listing, form, page, sort):
    params = QueryDict(mutable=True)  # what the page's links carry besides sort and page
    params.update(form.url_params() if form.is_valid() else {})
    searching = bool(request.session.get(listing.session_key)) or bool(params) or request.method == "POST"
    context = {
        "form": form,
        "page": page,
        "sort": sort,
        "headers": search.headers(sort, listing.columns),
        "params": params,
        "action": listing.url(sort),
        "searching": searching,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1) if page else [],
    }
    return render(request, template, context)


@requires("concern.list")
def concern_list(request):
    sort = CONCERN_LIST.sort(request)
    form = _search_form(request, CONCERN_LIST)
    if request.method == "POST" and (done := _searched(request, form, CONCERN_LIST, sort)):
        return done
    page = None
    if form.is_valid():
        concerns = search.search_concerns(request.membership, term=form.term, sort=sort, **form.filters())
        page = _shown_page(request, concerns, "concerns")
    return _render_listing(request, "concerns/list.html", CONCERN_LIST, form, page, sort)


@requires("police_check.queue")
def police_queue(request):
    sort = POLICE_QUEUE.sort(request)
    form = _search_form(request, POLICE_QUEUE, with_filters=False)
    if request.method == "POST" and (done := _searched(request, form, POLICE_QUEUE, sort)):
        return done
    page = None
    if form.is_valid():
        page = _shown_page(
            request, search.search_police_queue(request.membership, term=form.term, sort=sort), "police_queue"
        )
        today = timezone.localdate()
        for concern in page.object_list:
            concern.days_waiting = search.days_waiting(concern, today)
    return _render_listing(request, "concerns/police_queue.html", POLICE_QUEUE, form, page, sort)


def _intake_forms(request, concern: Concern | None = None):
    data = request.POST if request.method == "POST" else None
    person = concern.person if concern else Person()
    person_initial = {}
    if concern is None and data is None and request.GET.get("fra", "").isdigit():
        # A new concern about the person of an earlier one the user may see (by id only:
        # no personal data in the URL); the earlier-concern hint then shows it.
        earlier = get_concern_or_404(request.membership, int(request.GET["fra"]))
        person_initial = {f: getattr(earlier.person, f) for f in Person.INTAKE_FIELDS}
        person_initial["cpr"] = earlier.person.formatted_cpr
    forms = {
        "concern": ConcernForm(data, instance=concern or Concern(), prefix="concern"),
        "person": PersonForm(data, instance=person, prefix="person", initial=person_initial),
    }
    for key in services.SUBMISSION_FIELDS:  # marked: needed before it can go to the police
        form, name = key.split(".")
        forms[form].fields[name].submission_required = True
    return forms["concern"], forms["person"], custody_formset(data, person if concern else None)


def _refuse_incomplete(concern_form, person_form) -> bool:
    """Put what sending to the police still lacks at the fields; True when something does."""
    forms = {"concern": concern_form, "person": person_form}
    gaps = services.submission_gaps(concern_form.instance, person_form.instance)
    for key, sentence in gaps:
        form, name = key.split(".")
        forms[form].add_error(name, sentence)
    return bool(gaps)


def _save_intake(request, concern: Concern | None):
    concern_form, person_form, custody = _intake_forms(request, concern)
    forms = (concern_form, person_form, custody)
    if not all([concern_form.is_valid(), person_form.is_valid(), custody.is_valid()]):
        return None, forms
    submitting = "submit" in request.POST and (concern is None or concern.state == State.DRAFT)
    if submitting and _refuse_incomplete(concern_form, person_form):
        return None, forms  # nothing saved: the fields say what is missing
    holders = [f.cleaned_data for f in custody.forms if f.cleaned_data.get("full_name")]
    with transaction.atomic():
        if concern is None:
            if (first := once.already_sent(request)) is not None:
                return first, None  # sent twice: the concern the first sending recorded
            concern = services.create_concern(
                by=request.membership,
                concern_data=concern_form.cleaned_data,
                person_data=person_form.cleaned_data,
                custody_holders=holders,
            )
            once.sent(request, reverse("concerns:edit", args=[concern.pk]))
        else:
            concern = services.update_concern(
                concern=concern,
                by=request.membership,
                concern_data=concern_form.cleaned_data,
                person_data=person_form.cleaned_data,
                custody_holders=holders,
            )
    messages.success(request, _("The concern %(number)s was saved.") % {"number": concern.case_number})
    if "submit" in request.POST:
        return redirect("concerns:submit", concern.pk), None  # asks before it goes to the police
    return redirect("concerns:edit", concern.pk), None


def _render_intake(request, forms, concern=None):
    concern_form, person_form, custody = forms
    earlier = Concern.objects.none()
    if concern is not None:
        record_access(concern)
        person = concern.person
        earlier = selectors.earlier_concerns(
            request.membership,
            cpr=person.cpr,
            full_name=person.full_name,
            birth_date=person.birth_date,
            exclude_pk=concern.pk,
        )
    return render(
        request,
        "concerns/intake.html",
        {
            "concern": concern,
            "concern_form": concern_form,
            "person_form": person_form,
            "custody": custody,
            "earlier": earlier,
            "missing": services.missing_for_submission(concern) if concern else [],
        },
    )


@requires("concern.record")
def concern_create(request):
    if request.method == "POST":
        response, forms = _save_intake(request, None)
        if response:
            return response
    else:
        forms = _intake_forms(request)
    return _render_intake(request, forms)


@requires("concern.edit")
def concern_edit(request, pk):
    concern = get_concern_or_404(request.membership, pk, action="concern.edit")
    decision = policy.decide(request.membership, "concern.edit", concern)
    if not decision:
        messages.error(request, decision.message)
        return redirect("concerns:detail", concern.pk)
    if request.method == "POST":
        response, forms = _save_intake(request, concern)
        if response:
            return response
    else:
        forms = _intake_forms(request, concern)
    return _render_intake(request, forms, concern)


@requires("concern.read")
def concern_detail(request, pk):
    return _render_detail(request, get_concern_or_404(request.membership, pk))


def _render_detail(request, concern, *, withdraw_form=None, send_back_form=None):
    """The case page; a reason form that failed comes back bound, with its input and errors."""
    membership = request.membership
    person = concern.person
    may = policy.actions_on(membership, concern)
    exchanges = list(selectors.exchanges_visible_to(membership, concern)) if "exchange.read" in may else []
    record_reads([concern, *exchanges])
    return render(
        request,
        "concerns/detail.html",
        {
            "concern": concern,
            "person": person,
            "custody_holders": person.custody_holders.all(),
            "police_check": getattr(concern, "police_check", None),
            "timeline": selectors.timeline_of(membership, concern),
            "earlier": selectors.earlier_concerns(
                membership,
                cpr=person.cpr,
                full_name=person.full_name,
                birth_date=person.birth_date,
                exclude_pk=concern.pk,
            ),
            "may": may,
            "exchanges": exchanges,
            "missing": services.missing_for_submission(concern) if concern.state == State.DRAFT else [],
            "withdraw_form": withdraw_form or ReasonForm(),
            "send_back_form": send_back_form or MissingForm(),
        },
    )


@requires("concern.submit")
def concern_submit(request, pk):
    """Send the concern to the police check, after saying what that means and to whom."""
    concern = get_concern_or_404(request.membership, pk, action="concern.submit")
    decision = policy.decide(request.membership, "concern.submit", concern)
    if not decision:
        messages.error(request, decision.message)
        return redirect("concerns:detail", concern.pk)
    if request.method == "POST" and request.POST.get("confirmed") == "yes":
        services.submit_concern(concern=concern, by=request.membership)
        messages.success(request, _("The concern was sent to the police coordinator for the police check."))
        return redirect("concerns:detail", concern.pk)
    missing = services.missing_for_submission(concern) if concern.state == State.DRAFT else []
    if missing:
        show_user_error(request, IncompleteConcern(details=missing))
        return redirect("concerns:edit", concern.pk)
    record_access(concern)
    return render(request, "concerns/confirm_submit.html", {"concern": concern, "person": concern.person})


@requires("police_check.decide")
def police_decision(request, pk):
    concern = get_concern_or_404(request.membership, pk, action="police_check.decide")
    decision = policy.decide(request.membership, "police_check.decide", concern)
    if not decision:
        decided = ""
        if decision.refusal is policy.Refusal.NOT_NOW:  # decided meanwhile by another police coordinator
            decided = services.already_decided(concern, not_saved=request.method == "POST")
        messages.error(request, decided or decision.message)
        return redirect("concerns:detail", concern.pk)
    form = PoliceCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.decide_police_check(concern=concern, by=request.membership, **form.cleaned_data)
        messages.success(request, _("The decision was recorded."))
        return redirect("concerns:police_queue")
    record_access(concern)
    return render(
        request,
        "concerns/police_decision.html",
        {"concern": concern, "person": concern.person, "form": form},
    )


@require_POST
@requires("concern.withdraw")
def concern_withdraw(request, pk):
    concern = get_concern_or_404(request.membership, pk, action="concern.withdraw")
    if policy.decide(request.membership, "concern.withdraw", concern).refusal is policy.Refusal.WHO:
        raise PermissionDenied  # the other side's concern: never theirs to withdraw, in any state
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, concern, withdraw_form=form)
    services.withdraw_concern(concern=concern, by=request.membership, reason=form.cleaned_data["reason"])
    messages.success(request, _("The concern was withdrawn."))
    return redirect("concerns:detail", concern.pk)


@require_POST
@requires("gathering.start")
def concern_start_gathering(request, pk):
    concern = get_concern_or_404(request.membership, pk, action="gathering.start")
    services.start_gathering(concern=concern, by=request.membership)
    messages.success(request, _("Information gathering has started."))
    return redirect("concerns:detail", concern.pk)


@require_POST
@requires("analysis.send_back")
def concern_send_back(request, pk):
    """Step D: the analysis showed that more information is needed."""
    concern = get_concern_or_404(request.membership, pk, action="analysis.send_back")
    form = MissingForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, concern, send_back_form=form)
    services.send_back_to_gathering(concern=concern, by=request.membership, missing=form.cleaned_data["missing"])
    messages.success(request, _("The concern is back in information gathering and waits for a later meeting."))
    return redirect("concerns:detail", concern.pk)
