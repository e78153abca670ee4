"""Redskab 4 pages: the holistic assessment and recommendation (versions, approvals, what
changed), the PDF, the caseworker's follow-up, closing, and the police's withdrawal."""

import difflib

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import pdf, selectors, services
from assessment.forms import (
    AcknowledgeForm,
    AssessmentForm,
    CloseForm,
    FollowUpForm,
    RecommendationFormSet,
    TakeOverForm,
)
from assessment.models import AssessmentVersion, FollowUp, Recommendation
from concerns.views.access import get_concern_or_404
from infohus import policy
from infohus.access_log import record_access, record_download, record_reads
from infohus.decorators import requires
from infohus.errors import UserError


def _version_or_404(membership, concern, version_pk) -> AssessmentVersion:
    version = next(
        (v for v in selectors.versions_visible_to(membership, selectors.assessment_of(concern)) if v.pk == version_pk),
        None,
    )
    if version is None:
        raise Http404
    return version


def _recommendation_or_404(membership, concern, recommendation_pk) -> Recommendation:
    version = selectors.approved_version(selectors.assessment_of(concern))
    recommendation = (
        next((r for r in version.recommendations.all() if r.pk == recommendation_pk), None) if version else None
    )
    if recommendation is None:
        raise Http404
    return recommendation


def changes(older: AssessmentVersion | None, newer: AssessmentVersion) -> list[dict]:
    """What changed between two versions, field by field, as lines removed and added."""
    if older is None:
        return []
    fields = [
        (_("Main problems"), "problems"),
        (_("Resources"), "resources"),
        (_("Overall conclusion"), "conclusion"),
        (_("Why the concern is not current"), "not_current_reason"),
    ]
    out = []
    for label, name in fields:
        before, after = getattr(older, name).splitlines(), getattr(newer, name).splitlines()
        if before == after:
            continue
        lines = [
            {"kind": line[0], "text": line[1:]}
            for line in difflib.ndiff(before, after)
            if line[:1] in "+-" and line[1:].strip()
        ]
        out.append({"label": label, "lines": lines})

    def summary(version):
        return [f"{r.to}: {r.details}" for r in version.recommendations.all()]

    if summary(older) != summary(newer) or older.outcome != newer.outcome:
        lines = [
            {"kind": line[0], "text": line[2:]}
            for line in difflib.ndiff(summary(older), summary(newer))
            if line[:1] in "+-"
        ]
        if older.outcome != newer.outcome:
            lines.insert(0, {"kind": "-", "text": older.get_outcome_display()})
            lines.insert(1, {"kind": "+", "text": newer.get_outcome_display()})
        out.append({"label": _("Recommendation"), "lines": lines})
    return out


@requires("recommendation.read")
def recommendation(request, pk):
    return _render_recommendation(request, get_concern_or_404(request.membership, pk, action="recommendation.read"))


def _render_recommendation(request, concern, *, failed=None):
    """The recommendation page; `failed` is a follow-up or closing form that comes back
    bound, with its input and errors."""
    membership = request.membership
    decision = policy.decide(membership, "recommendation.read", concern)
    if not decision:
        messages.error(request, decision.message)
        return redirect("concerns:detail", concern.pk)
    analysis = selectors.latest_closed_analysis(concern)
    versions = selectors.versions_visible_to(membership, selectors.assessment_of(concern))
    current = versions[0] if versions else None
    approved = selectors.approved_version(selectors.assessment_of(concern))
    state = selectors.board_of_analysis(membership, analysis) if analysis else None
    may = policy.actions_on(membership, concern)
    own_side_approved = current is not None and (
        (membership.authority_id == concern.infohus.municipality_id and current.municipal_approved_at)
        or (membership.authority_id == concern.infohus.police_district_id and current.police_approved_at)
    )
    follow_ups = []
    if approved and concern.state in ("recommended", "follow_up", "closed"):
        for item in approved.recommendations.all():
            if item.addressee != Recommendation.Addressee.MUNICIPALITY:
                continue
            item.may_record = policy.may(membership, "follow_up.record", item)
            item.record = getattr(item, "follow_up", None)
            if failed is not None and failed.prefix in (f"f{item.pk}", f"a{item.pk}"):
                item.form = failed
                follow_ups.append(item)
            elif item.may_record or item.record:
                item.form = (
                    FollowUpForm(
                        prefix=f"f{item.pk}",
                        initial={
                            "intervention": item.record.intervention,
                            "started_on": item.record.started_on,
                            "ended_on": item.record.ended_on,
                            "next_follow_up_on": item.record.next_follow_up_on,
                            "review_6_on": item.record.review_6_on,
                            "review_12_on": item.record.review_12_on,
                        },
                    )
                    if item.record
                    else AcknowledgeForm(prefix=f"a{item.pk}", initial={"next_follow_up_on": item.follow_up_on})
                )
                follow_ups.append(item)
    record_reads(
        [concern, *versions, *(r for v in versions for r in v.recommendations.all())]
        + ([*(row.agreed for row in state.rows)] if state else [])
    )
    return render(
        request,
        "assessment/recommendation.html",
        {
            "concern": concern,
            "analysis": analysis,
            "state": state,
            "item": state.item if state else None,
            "versions": versions,
            "current": current,
            "approved": approved,
            "changes": changes(versions[1] if len(versions) > 1 else None, current) if current else [],
            "may": may,
            "may_approve": "recommendation.approve_version" in may and current and not own_side_approved,
            "follow_ups": follow_ups,
            "close_form": failed if isinstance(failed, CloseForm) else CloseForm(),
            "failed": failed,
        },
    )


@requires("recommendation.write")
def write(request, pk):
    """Write (or rewrite) the holistic assessment, pre-filled from the analysis."""
    membership = request.membership
    concern = get_concern_or_404(membership, pk, action="recommendation.write")
    decision = policy.decide(membership, "recommendation.write", concern)
    if not decision:
        messages.error(request, decision.message)
        return redirect("concerns:detail", concern.pk)
    analysis = selectors.latest_closed_analysis(concern)
    versions = selectors.versions_visible_to(membership, selectors.assessment_of(concern))
    current = versions[0] if versions else None
    if request.method == "POST":
        form = AssessmentForm(request.POST)
        formset = RecommendationFormSet(request.POST, prefix="rec")
        if form.is_valid() and formset.is_valid():
            recommendations = [
                f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                version = services.write_assessment(
                    concern=concern, by=membership, **form.cleaned_data, recommendations=recommendations
                )
            except UserError as error:  # keep what was typed, and say what is wrong
                form.add_error(None, str(error.message))
            else:
                messages.success(
                    request, _("Version %(number)s is saved. Both sides must approve it.") % {"number": version.number}
                )
                return redirect("assessment:recommendation", concern.pk)
        messages.error(request, _("The assessment was not saved. Correct the fields marked below."))
    elif current:
        form = AssessmentForm(
            initial={
                "problems": current.problems,
                "resources": current.resources,
                "conclusion": current.conclusion,
                "outcome": current.outcome,
                "not_current_reason": current.not_current_reason,
            }
        )
        formset = RecommendationFormSet(
            prefix="rec",
            initial=[
                {
                    "addressee": r.addressee,
                    "department": r.department,
                    "addressee_name": r.addressee_name,
                    "areas": r.areas,
                    "interventions": r.interventions,
                    "details": r.details,
                    "follow_up_on": r.follow_up_on,
                }
                for r in current.recommendations.all()
            ],
        )
    else:
        state = selectors.board_of_analysis(membership, analysis) if analysis else None
        form = AssessmentForm(initial={**selectors.prefill(state), "outcome": "recommend"})
        formset = RecommendationFormSet(prefix="rec")
    return render(
        request,
        "assessment/recommendation_form.html",
        {"concern": concern, "form": form, "formset": formset, "current": current},
    )


@require_POST
@requires("recommendation.approve_version")
def approve(request, pk, version_pk):
    membership = request.membership
    concern = get_concern_or_404(membership, pk, action="recommendation.approve_version")
    version = _version_or_404(membership, concern, version_pk)
    version = services.approve_version(concern=concern, by=membership, version=version)
    if version.is_approved:
        messages.success(request, _("Both sides have approved version %(number)s.") % {"number": version.number})
    else:
        messages.success(request, _("Your side has approved. The other side must approve too."))
    return redirect("assessment:recommendation", concern.pk)


def pdf_context(membership, concern) -> dict:
    """Everything the PDF shows, read through the selectors for the downloading user only."""
    assessment = selectors.assessment_of(concern)
    version = selectors.approved_version(assessment)
    if version is None:
        raise Http404
    analysis = assessment.analysis
    state = selectors.board_of_analysis(membership, analysis)
    meetings = selectors.meetings_of(analysis)
    for meeting in meetings:
        by_authority = {}
        for participant in meeting.participants.all():
            if participant.joined_at:
                by_authority.setdefault(str(participant.authority), []).append(participant.user.full_name)
        meeting.by_authority = sorted(by_authority.items())
    exchanges = list(selectors.exchanges_for(membership, concern))
    for exchange in exchanges:
        exchange.readable = policy.may(membership, "exchange.read_snapshot", exchange)
    return {
        "concern": concern,
        "person": concern.person,
        "version": version,
        "analysis": analysis,
        "state": state,
        "item": state.item,
        "meetings": meetings,
        "exchanges": exchanges,
        "printed_at": timezone.now(),
        "printed_by": membership.user.full_name,
    }


@requires("recommendation.pdf")
def recommendation_pdf(request, pk):
    """The approved recommendation as PDF/A: only what the downloading user may see."""
    membership = request.membership
    concern = get_concern_or_404(membership, pk, action="recommendation.pdf")
    decision = policy.decide(membership, "recommendation.pdf", concern)
    if not decision:
        messages.error(request, decision.message)
        return redirect("concerns:detail", concern.pk)
    context = pdf_context(membership, concern)
    body = pdf.render("assessment/pdf/recommendation.html", context)
    record_download(context["version"], kind="recommendation_pdf")  # a copy leaves the application
    record_reads([concern, *(e for e in context["exchanges"] if e.readable)])
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="anbefaling-{concern.case_number}.pdf"'
    return response


@require_POST
@requires("follow_up.record")
def acknowledge(request, pk, recommendation_pk):
    membership = request.membership
    concern = get_concern_or_404(membership, pk)
    item = _recommendation_or_404(membership, concern, recommendation_pk)
    form = AcknowledgeForm(request.POST, prefix=f"a{item.pk}")
    if not form.is_valid():
        return _render_recommendation(request, concern, failed=form)
    services.acknowledge(recommendation=item, by=membership, next_follow_up_on=form.cleaned_data["next_follow_up_on"])
    messages.success(request, _("The recommendation is acknowledged: the follow-up has started."))
    return redirect("assessment:recommendation", concern.pk)


@require_POST
@requires("follow_up.record")
def follow_up(request, pk, recommendation_pk):
    membership = request.membership
    concern = get_concern_or_404(membership, pk)
    item = _recommendation_or_404(membership, concern, recommendation_pk)
    record = FollowUp.objects.filter(recommendation=item).first()
    if record is None:
        raise Http404
    form = FollowUpForm(request.POST, prefix=f"f{item.pk}")
    if not form.is_valid():
        return _render_recommendation(request, concern, failed=form)
    services.record_follow_up(follow_up=record, by=membership, **form.cleaned_data)
    messages.success(request, _("The follow-up is saved."))
    return redirect("assessment:recommendation", concern.pk)


@require_POST
@requires("follow_up.close")
def close(request, pk):
    membership = request.membership
    concern = get_concern_or_404(membership, pk, action="follow_up.close")
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _render_recommendation(request, concern, failed=form)
    services.close_concern(concern=concern, by=membership, reason=form.cleaned_data["reason"])
    messages.success(request, _("The concern is closed."))
    return redirect("concerns:detail", concern.pk)


@requires("police.take_over")
def take_over(request, pk):
    """The police withdraw the concern from the Infohus: a security matter."""
    membership = request.membership
    concern = get_concern_or_404(membership, pk, action="police.take_over")
    decision = policy.decide(membership, "police.take_over", concern)
    if not decision:
        messages.error(request, decision.message)
        return redirect("concerns:detail", concern.pk)
    form = TakeOverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.withdraw_from_infohus(concern=concern, by=membership, **form.cleaned_data)
        messages.success(request, _("The concern is withdrawn from the Infohus. The municipality has been told."))
        return redirect("concerns:detail", concern.pk)
    record_access(concern)
    return render(request, "assessment/take_over.html", {"concern": concern, "person": concern.person, "form": form})
