"""Redskab 4 and after: the holistic assessment and recommendation in versions approved by
both sides, the caseworker's follow-up, closing, and the police's withdrawal of a concern
from the Infohus. One function per thing a user does; each asks the policy."""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from assessment import live, selectors
from assessment.models import (
    AgendaItem,
    Assessment,
    AssessmentVersion,
    FollowUp,
    FollowUpNote,
    Meeting,
    PoliceWithdrawal,
    Recommendation,
)
from concerns import timeline
from concerns.models import Concern, State
from concerns.notifications import notify_side
from concerns.services import move_concern
from infohus import policy
from infohus.errors import NotPermitted, TransitionNotAllowed, UserError
from infohus.models import Membership, User

RECOMMENDATION_FIELDS = (
    "addressee",
    "department",
    "addressee_name",
    "areas",
    "interventions",
    "details",
    "follow_up_on",
)


def _locked(concern: Concern, by: Membership) -> Concern:
    policy.forget(by, concern)
    return Concern.objects.select_for_update().select_related("infohus").get(pk=concern.pk)


def _clean(obj, *, exclude=()) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        messages = [
            f"{capfirst(obj._meta.get_field(name).verbose_name)}: {message}" if name != NON_FIELD_ERRORS else message
            for name, field_messages in error.message_dict.items()
            for message in field_messages
        ]
        raise UserError(messages[0], details=messages[1:]) from None


def _fresh(recommendation: Recommendation) -> Recommendation:
    """Re-read, so the policy decides on the case's state now, not when the page was read."""
    return Recommendation.objects.select_related("version__assessment__concern").get(pk=recommendation.pk)


def _validate_recommendations(outcome: str, recommendations: list[dict]) -> None:
    if outcome == AssessmentVersion.Outcome.RECOMMEND and not recommendations:
        raise UserError(_("Add at least one recommendation, or find the concern not current."))
    for recommendation in recommendations:
        municipality = recommendation.get("addressee") == Recommendation.Addressee.MUNICIPALITY
        if municipality and not recommendation.get("department"):
            raise UserError(_("Name the municipal department a recommendation to the municipality is addressed to."))
        if not municipality and recommendation.get("department"):
            raise UserError(_("Only a recommendation to the municipality names a department."))
        if not recommendation.get("details", "").strip():
            raise UserError(_("Say what is recommended."))


@transaction.atomic
def write_assessment(
    *,
    concern: Concern,
    by: Membership,
    problems: str,
    resources: str,
    conclusion: str,
    outcome: str,
    not_current_reason: str = "",
    recommendations: list[dict] = (),
) -> AssessmentVersion:
    """Write the holistic assessment of the concern's latest analysis. A version nobody has
    approved yet is changed in place; once either side has approved, a new version is made
    (earlier versions stay readable)."""
    concern = _locked(concern, by)
    policy.require(by, "recommendation.write", concern)
    analysis = selectors.latest_closed_analysis(concern)
    if analysis is None:
        raise TransitionNotAllowed(_("The concern has no closed analysis to assess."))
    if outcome not in AssessmentVersion.Outcome.values:
        raise UserError(_("Choose recommendations or “not current”."))
    if outcome == AssessmentVersion.Outcome.NOT_CURRENT:
        if not not_current_reason.strip():
            raise UserError(_("Give the reason the concern is not current."))
        recommendations = []
    recommendations = [dict(r) for r in recommendations]
    _validate_recommendations(outcome, recommendations)
    assessment, _created = Assessment.objects.get_or_create(analysis=analysis, defaults={"concern": concern})
    latest = assessment.versions.select_for_update().order_by("-number").first()
    if latest is not None and not latest.is_frozen:
        version = latest
    else:
        version = AssessmentVersion(assessment=assessment, number=(latest.number + 1) if latest else 1)
    version.problems, version.resources, version.conclusion = problems.strip(), resources.strip(), conclusion.strip()
    version.outcome = outcome
    version.not_current_reason = not_current_reason.strip() if outcome == AssessmentVersion.Outcome.NOT_CURRENT else ""
    version.written_by, version.written_at = by.user, timezone.now()
    _clean(version, exclude=["assessment", "written_by", "municipal_approved_by", "police_approved_by"])
    version.save()
    version.recommendations.all().delete()
    for data in recommendations:
        recommendation = Recommendation(version=version, **{f: data.get(f) for f in RECOMMENDATION_FIELDS})
        recommendation.areas, recommendation.interventions = (
            list(data.get("areas") or []),
            list(data.get("interventions") or []),
        )
        recommendation.department = data.get("department") or ""
        recommendation.addressee_name = (data.get("addressee_name") or "").strip()
        _clean(recommendation, exclude=["version"])
        recommendation.save()
    timeline.record(concern, "assessment.written", by=by, version=version.number)
    return version


@transaction.atomic
def approve_version(*, concern: Concern, by: Membership, version: AssessmentVersion) -> AssessmentVersion:
    """One side approves the current version. When both have, the text is frozen and the
    case moves on: recommended (the addressed departments' caseworkers get the concern), or
    not current and closed."""
    concern = _locked(concern, by)
    policy.require(by, "recommendation.approve_version", concern)
    version = AssessmentVersion.objects.select_for_update().select_related("assessment").get(pk=version.pk)
    if version.assessment.concern_id != concern.pk:
        raise NotPermitted()
    latest = version.assessment.versions.order_by("-number").first()
    if version.pk != latest.pk:
        raise TransitionNotAllowed(_("Only the newest version can be approved."))
    infohus = concern.infohus
    now = timezone.now()
    if by.authority_id == infohus.municipality_id and version.municipal_approved_at is None:
        version.municipal_approved_by, version.municipal_approved_at = by.user, now
    elif by.authority_id == infohus.police_district_id and version.police_approved_at is None:
        version.police_approved_by, version.police_approved_at = by.user, now
    else:
        raise TransitionNotAllowed(_("Your side has already approved this version."))
    version.save(
        update_fields=["municipal_approved_by", "municipal_approved_at", "police_approved_by", "police_approved_at"]
    )
    timeline.record(concern, "assessment.approved", by=by, version=version.number)
    if not version.is_approved:
        return version
    if version.outcome == AssessmentVersion.Outcome.NOT_CURRENT:
        move_concern(concern, State.NOT_CURRENT, by=by, reason=version.not_current_reason)
        move_concern(concern, State.CLOSED, by=by, reason=version.not_current_reason)
        return version
    departments = sorted(
        {r.department for r in version.recommendations.all() if r.addressee == Recommendation.Addressee.MUNICIPALITY}
    )
    if concern.state == State.ANALYSED:
        move_concern(concern, State.RECOMMENDED, by=by, departments=departments)
    else:  # a later version: the departments it adds get the concern too
        policy.apply_grants("recommendation.approved", concern, by=by, departments=departments)
    _notify_caseworkers(concern, departments)
    return version


def _notify_caseworkers(concern: Concern, departments: list[str]) -> None:
    """The addressed departments' caseworkers hear of it: case number and link only."""
    names = [policy.role_group_name(concern.infohus_id, policy.CASEWORKER, d) for d in departments]
    recipients = list(
        User.objects.filter(is_active=True, groups__name__in=names).values_list("email", flat=True).distinct()
    )
    if not recipients:
        return
    link = settings.SITE_URL + reverse("assessment:recommendation", args=[concern.pk])
    body = _("The Infohus has given a recommendation to your department in case %(number)s: %(link)s") % {
        "number": concern.case_number,
        "link": link,
    }
    subject = _("A recommendation from the Infohus")
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True))


@transaction.atomic
def acknowledge(*, recommendation: Recommendation, by: Membership, next_follow_up_on=None) -> FollowUp:
    """The department acknowledges receipt: the follow-up starts (the concern moves to
    follow-up with the first one)."""
    concern = _locked(recommendation.concern, by)
    recommendation = _fresh(recommendation)
    policy.require(by, "follow_up.record", recommendation)
    follow_up, created = FollowUp.objects.get_or_create(
        recommendation=recommendation,
        defaults={
            "concern": concern,
            "department": recommendation.department,
            "acknowledged_by": by.user,
            "next_follow_up_on": next_follow_up_on or recommendation.follow_up_on,
        },
    )
    if not created:
        raise UserError(_("The recommendation has already been acknowledged."))
    if concern.state == State.RECOMMENDED:
        move_concern(concern, State.FOLLOW_UP, by=by)
    return follow_up


@transaction.atomic
def record_follow_up(
    *,
    follow_up: FollowUp,
    by: Membership,
    intervention: str,
    started_on=None,
    ended_on=None,
    next_follow_up_on,
    review_6_on=None,
    review_12_on=None,
    note: str = "",
) -> FollowUp:
    """The intervention (what, when), a status note, the next follow-up date, and the
    reviews 6 and 12 months after it ends (suggested when the end is first recorded)."""
    concern = _locked(follow_up.concern, by)
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    policy.require(by, "follow_up.record", _fresh(follow_up.recommendation))
    if started_on and ended_on and ended_on < started_on:
        raise UserError(_("The intervention cannot end before it starts."))
    first_end = ended_on and not follow_up.ended_on
    follow_up.intervention = intervention.strip()
    follow_up.started_on, follow_up.ended_on, follow_up.next_follow_up_on = started_on, ended_on, next_follow_up_on
    if first_end and not (review_6_on or review_12_on):
        review_6_on, review_12_on = follow_up.default_reviews()
    follow_up.review_6_on, follow_up.review_12_on = review_6_on, review_12_on
    _clean(follow_up, exclude=["recommendation", "concern", "acknowledged_by"])
    follow_up.save()
    if note.strip():
        follow_up_note = FollowUpNote(follow_up=follow_up, text=note.strip(), written_by=by.user)
        _clean(follow_up_note, exclude=["follow_up", "written_by"])
        follow_up_note.save()
    timeline.record(concern, "follow_up.recorded", by=by)
    return follow_up


@transaction.atomic
def close_concern(*, concern: Concern, by: Membership, reason: str) -> Concern:
    """The follow-up is finished: the concern closes with a reason."""
    concern = _locked(concern, by)
    if not reason.strip():
        raise UserError(_("Give the reason the concern is closed."))
    move_concern(concern, State.CLOSED, by=by, reason=reason.strip())
    return concern


@transaction.atomic
def withdraw_from_infohus(
    *, concern: Concern, by: Membership, reason: str, social_duty_needed: bool | None, social_duty_description: str = ""
) -> PoliceWithdrawal:
    """The police withdraw the concern from the Infohus at any stage until the
    recommendation is approved: a security matter. The municipality's remaining social
    preventive duty is recorded as at the police check, the municipal coordinators are
    told (without the police's reason), waiting agenda items are taken off, and what was
    shared stays as it was."""
    concern = _locked(concern, by)
    policy.require(by, "police.take_over", concern)
    if not reason.strip():
        raise UserError(_("Give a reason for the decision."))
    if social_duty_needed is None:
        raise UserError(_("State whether the municipality still has a social preventive duty."))
    if social_duty_needed and not social_duty_description.strip():
        raise UserError(_("Describe the social preventive work the municipality must still do."))
    withdrawal = PoliceWithdrawal.objects.create(
        concern=concern,
        from_state=concern.state,
        reason=reason.strip(),
        social_duty_needed=social_duty_needed,
        social_duty_description=social_duty_description.strip() if social_duty_needed else "",
        decided_by=by.user,
    )
    # The police's reason is theirs: the shared timeline line says only what happened.
    move_concern(concern, State.TAKEN_OVER_BY_POLICE, by=by)
    waiting = AgendaItem.objects.select_for_update().filter(
        analysis__concern=concern,
        outcome=AgendaItem.Outcome.PENDING,
        meeting__state__in=[Meeting.State.SCHEDULED, Meeting.State.OPEN],
    )
    for item in waiting:
        item.outcome = AgendaItem.Outcome.REMOVED
        item.save(update_fields=["outcome"])
        live.announce(item.pk, what="closed")
    notify_side(concern, concern.infohus.municipality, _("The police have withdrawn a concern from the Infohus"))
    return withdrawal
