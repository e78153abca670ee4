"""Thin views: parse input, call a selector or a service, render. Errors a user causes
(`UserError`) are turned into a message by `infohus.middleware.UserErrorMiddleware`.

Each view names the action it serves (`requires`: roles that may never take it get 404);
objects come through the checked getters of `concerns.views.access`; what a page offers
is what the policy allows on the case now (`may`)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concerns import selectors, services
from concerns.errors import IncompleteConcern
from concerns.forms import (
    ConcernFilterForm,
    ConcernForm,
    MissingForm,
    PersonForm,
    PoliceCheckForm,
    ReasonForm,
    custody_formset,
)
from concerns.models import Concern, Person, State
from concerns.views import form_errors_as_messages
from concerns.views.access import get_concern_or_404
from infohus import policy
from infohus.access_log import record_access, record_reads
from infohus.decorators import requires
from infohus.middleware import show_user_error


@requires("concern.list")
def concern_list(request):
    form = ConcernFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    concerns = selectors.filtered_concerns(request.membership, **filters)
    page = Paginator(concerns, 25).get_page(request.GET.get("page"))
    record_reads(page.object_list)  # names on a list are a consultation too
    return render(request, "concerns/list.html", {"form": form, "page": page})


@requires("police_check.queue")
def police_queue(request):
    concerns = list(selectors.police_queue(request.membership))
    record_reads(concerns)
    return render(request, "concerns/police_queue.html", {"concerns": concerns})


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
    return (
        ConcernForm(data, instance=concern or Concern(), prefix="concern"),
        PersonForm(data, instance=person, prefix="person", initial=person_initial),
        custody_formset(data, person if concern else None),
    )


def _save_intake(request, concern: Concern | None):
    concern_form, person_form, custody = _intake_forms(request, concern)
    if not all([concern_form.is_valid(), person_form.is_valid(), custody.is_valid()]):
        messages.error(request, _("The concern was not saved. Correct the fields marked below."))
        return None, (concern_form, person_form, custody)
    holders = [f.cleaned_data for f in custody.forms if f.cleaned_data.get("full_name")]
    with transaction.atomic():
        if concern is None:
            concern = services.create_concern(
                by=request.membership,
                concern_data=concern_form.cleaned_data,
                person_data=person_form.cleaned_data,
                custody_holders=holders,
            )
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
        try:
            services.submit_concern(concern=concern, by=request.membership)
        except IncompleteConcern as error:
            # The draft is saved; stay on it (not on a blank form) and say what is missing.
            show_user_error(request, error)
            return redirect("concerns:edit", concern.pk), None
        messages.success(request, _("The concern was sent to the police coordinator for the police check."))
        return redirect("concerns:detail", concern.pk), None
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
    membership = request.membership
    concern = get_concern_or_404(membership, pk)
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
            "withdraw_form": ReasonForm(),
            "send_back_form": MissingForm(),
        },
    )


@require_POST
@requires("concern.submit")
def concern_submit(request, pk):
    concern = get_concern_or_404(request.membership, pk, action="concern.submit")
    services.submit_concern(concern=concern, by=request.membership)
    messages.success(request, _("The concern was sent to the police coordinator for the police check."))
    return redirect("concerns:detail", concern.pk)


@requires("police_check.decide")
def police_decision(request, pk):
    concern = get_concern_or_404(request.membership, pk, action="police_check.decide")
    decision = policy.decide(request.membership, "police_check.decide", concern)
    if not decision:
        messages.error(request, decision.message)
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
    form = ReasonForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("concerns:detail", concern.pk)
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
        form_errors_as_messages(request, form)
        return redirect("concerns:detail", concern.pk)
    services.send_back_to_gathering(concern=concern, by=request.membership, missing=form.cleaned_data["missing"])
    messages.success(request, _("The concern is back in information gathering and waits for a later meeting."))
    return redirect("concerns:detail", concern.pk)
