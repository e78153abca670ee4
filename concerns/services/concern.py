"""Every change to a concern: one function per action a user takes.

Each checks the acting membership, validates the transition against the table in
`concerns.transitions`, writes in one transaction and records the timeline. Changes to
audited models go through `save()` so django-auditlog records them (never `update()`).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, get_perms

from concerns.errors import ConcernError, IncompleteConcern, NotPermitted, TransitionNotAllowed
from concerns.models import (
    CaseNumberSequence,
    Concern,
    CustodyHolder,
    Person,
    PoliceCheck,
    State,
    TimelineEvent,
)
from concerns.selectors import may_change, may_edit
from concerns.transitions import COORDINATORS, EDITABLE_STATES, TRANSITIONS, may_transition
from infohus.memberships import role_group
from infohus.models import Infohus, Membership, Role

CONCERN_FIELDS = Concern.INTAKE_FIELDS
PERSON_FIELDS = Person.INTAKE_FIELDS
CUSTODY_FIELDS = CustodyHolder.INTAKE_FIELDS


def _grant(concern: Concern, role: str, *, change: bool) -> None:
    group = role_group(concern.infohus, role)
    assign_perm("concerns.view_concern", group, concern)
    if change:
        assign_perm("concerns.change_concern", group, concern)


def may_view(concern: Concern, role: str) -> bool:
    return "view_concern" in get_perms(role_group(concern.infohus, role), concern)


def _require_coordinator_of(concern_infohus: Infohus, by: Membership) -> None:
    if by.infohus_id != concern_infohus.pk or by.role not in COORDINATORS:
        raise NotPermitted()


def _record(concern: Concern, by: Membership, kind: str, **fields) -> TimelineEvent:
    return TimelineEvent.objects.create(concern=concern, actor=by.user, actor_role=by.role, kind=kind, **fields)


def move_concern(concern: Concern, to_state: str, *, by: Membership, reason: str = "") -> None:
    """The one place a state changes: checks the table and the role, writes the timeline.

    The action functions below call it; a caller must hold the concern's row lock.
    """
    if by.infohus_id != concern.infohus_id or not may_change(by, concern):
        raise NotPermitted()
    if not may_transition(concern.state, to_state, by.role):
        if (concern.state, to_state) in TRANSITIONS:
            raise NotPermitted(
                _("Your role may not move a case from “%(from)s” to “%(to)s”.")
                % {"from": State(concern.state).label, "to": State(to_state).label}
            )
        raise TransitionNotAllowed(
            _("A case cannot go from “%(from)s” to “%(to)s”.")
            % {"from": State(concern.state).label, "to": State(to_state).label}
        )
    from_state = concern.state
    concern.state = to_state
    concern.updated_at = timezone.now()
    concern.save(update_fields=["state", "updated_at"])
    _record(concern, by, TimelineEvent.Kind.TRANSITION, from_state=from_state, to_state=to_state, reason=reason)


def _locked(concern: Concern) -> Concern:
    """Re-read the concern under a row lock, so two decisions cannot race."""
    return Concern.objects.select_for_update().select_related("infohus").get(pk=concern.pk)


def _next_case_number(infohus: Infohus, year: int) -> str:
    sequence, _created = CaseNumberSequence.objects.select_for_update().get_or_create(infohus=infohus, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"IH-{year}-{sequence.last:04d}"


def _notify(infohus: Infohus, role: str, subject: str, concern: Concern) -> None:
    """E-mail the role's members that a case needs them: case number and link, no personal data."""
    recipients = list(role_group(infohus, role).user_set.filter(is_active=True).values_list("email", flat=True))
    if not recipients:
        return
    path = settings.SITE_URL + reverse("concerns:detail", args=[concern.pk])
    body = _("Case %(number)s in %(infohus)s needs your attention: %(path)s") % {
        "number": concern.case_number,
        "infohus": infohus.name,
        "path": path,
    }
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True))


def _set_custody_holders(person: Person, holders: list[dict]) -> bool:
    existing = [{f: getattr(h, f) for f in CUSTODY_FIELDS} for h in person.custody_holders.all()]
    wanted = [{f: h.get(f, "") for f in CUSTODY_FIELDS} for h in holders if h.get("full_name")]
    if existing == wanted:
        return False
    for holder in person.custody_holders.all():
        holder.delete()
    for holder in wanted:
        CustodyHolder.objects.create(person=person, **holder)
    return True


@transaction.atomic
def create_concern(*, by: Membership, concern_data: dict, person_data: dict, custody_holders=()) -> Concern:
    """Record a new concern as a draft (Redskab 1), owned by the recording authority."""
    _require_coordinator_of(by.infohus, by)
    received_at = concern_data.get("received_at") or timezone.now()
    concern = Concern(
        infohus=by.infohus,
        case_number=_next_case_number(by.infohus, timezone.localtime(timezone.now()).year),
        owning_authority=by.authority,
        created_by=by.user,
        **{**{f: v for f, v in concern_data.items() if f in CONCERN_FIELDS}, "received_at": received_at},
    )
    concern.save()
    person = Person.objects.create(concern=concern, **{f: v for f, v in person_data.items() if f in PERSON_FIELDS})
    _set_custody_holders(person, list(custody_holders))
    _grant(concern, by.role, change=True)
    _record(concern, by, TimelineEvent.Kind.CREATED, to_state=State.DRAFT)
    return concern


@transaction.atomic
def update_concern(*, concern: Concern, by: Membership, concern_data: dict, person_data: dict, custody_holders=()):
    """Edit what Redskab 1 records, while the case is still a draft or just received."""
    concern = _locked(concern)
    _require_coordinator_of(concern.infohus, by)
    if concern.state not in EDITABLE_STATES:
        raise TransitionNotAllowed(_("The concern can no longer be edited: it has been sent on."))
    if not may_edit(by, concern):
        raise NotPermitted(_("Only the authority that recorded the concern may edit it."))
    changed = []
    for field in CONCERN_FIELDS:
        if field in concern_data and getattr(concern, field) != concern_data[field]:
            setattr(concern, field, concern_data[field])
            changed.append(field)
    person = concern.person
    person_changed = []
    for field in PERSON_FIELDS:
        if field in person_data and getattr(person, field) != person_data[field]:
            setattr(person, field, person_data[field])
            person_changed.append(field)
    if person_changed:
        person.save(update_fields=person_changed)
        changed += [f"person.{f}" for f in person_changed]
    if _set_custody_holders(person, list(custody_holders)):
        changed.append("custody_holders")
    if changed:
        concern.updated_at = timezone.now()
        concern.save(update_fields=[f for f in changed if f in CONCERN_FIELDS] + ["updated_at"])
        _record(concern, by, TimelineEvent.Kind.EDITED, changed_fields=changed)
    return concern


def missing_for_submission(concern: Concern) -> list[str]:
    """What Redskab 1 still lacks, as sentences the coordinator can act on."""
    person = concern.person
    missing = []
    if not concern.received_via:
        missing.append(_("How the concern came in."))
    if not concern.reporter_anonymous and not concern.reporter_name:
        missing.append(_("The reporter's name, or that the reporter is anonymous."))
    if concern.reporter_informed is None:
        missing.append(_("Whether the reporter was told how the concern will be handled."))
    if not person.full_name:
        missing.append(_("The name of the person concerned."))
    if not person.cpr and not person.birth_date:
        missing.append(_("The CPR number or date of birth of the person concerned."))
    if not concern.description.strip():
        missing.append(_("A description of what was observed."))
    if not concern.observation:
        missing.append(_("Whether the observation is first- or second-hand."))
    if not concern.extremism_kind:
        missing.append(_("The kind of extremism (or other/unclear)."))
    return missing


@transaction.atomic
def submit_concern(*, concern: Concern, by: Membership) -> Concern:
    """Finish Redskab 1 and send the concern to the police check: it always goes there first."""
    concern = _locked(concern)
    _require_coordinator_of(concern.infohus, by)
    if concern.state == State.DRAFT:
        missing = missing_for_submission(concern)
        if missing:
            raise IncompleteConcern(details=missing)
        move_concern(concern, State.RECEIVED, by=by)
    move_concern(concern, State.WITH_POLICE, by=by)
    concern.submitted_at = timezone.now()
    concern.save(update_fields=["submitted_at"])
    _grant(concern, Role.POLICE_COORDINATOR, change=True)
    _notify(concern.infohus, Role.POLICE_COORDINATOR, _("A concern awaits the police check"), concern)
    return concern


OUTCOME_STATES = {
    PoliceCheck.Outcome.CLEARED: State.CLEARED,
    PoliceCheck.Outcome.TAKEN_OVER: State.TAKEN_OVER_BY_POLICE,
    PoliceCheck.Outcome.NOT_EXTREMISM: State.NOT_EXTREMISM,
}


@transaction.atomic
def decide_police_check(
    *,
    concern: Concern,
    by: Membership,
    outcome: str,
    reason: str,
    social_duty_needed: bool | None = None,
    social_duty_description: str = "",
) -> PoliceCheck:
    """The police coordinator's decision: cleared, taken over as a security matter, or not extremism."""
    concern = _locked(concern)
    if outcome not in OUTCOME_STATES:
        raise ConcernError(_("Choose one of the decisions."))
    if not reason.strip():
        raise ConcernError(_("Give a reason for the decision."))
    if outcome == PoliceCheck.Outcome.TAKEN_OVER:
        if social_duty_needed is None:
            raise ConcernError(_("State whether the municipality still has a social preventive duty."))
        if social_duty_needed and not social_duty_description.strip():
            raise ConcernError(_("Describe the social preventive work the municipality must still do."))
    else:
        social_duty_needed, social_duty_description = None, ""
    move_concern(concern, OUTCOME_STATES[outcome], by=by, reason=reason.strip())
    check = PoliceCheck.objects.create(
        concern=concern,
        outcome=outcome,
        reason=reason.strip(),
        social_duty_needed=social_duty_needed,
        social_duty_description=social_duty_description.strip(),
        decided_by=by.user,
    )
    if outcome == PoliceCheck.Outcome.CLEARED:
        # The Infohus handles the case: the municipal coordinators work on it from here.
        _grant(concern, Role.MUNICIPAL_COORDINATOR, change=True)
    elif outcome == PoliceCheck.Outcome.TAKEN_OVER and social_duty_needed:
        # The municipality must know of its remaining social preventive duty.
        _grant(concern, Role.MUNICIPAL_COORDINATOR, change=False)
    if may_view(concern, Role.MUNICIPAL_COORDINATOR):
        # Only a municipality that may see the case hears of it: a notice about a police-only
        # case would reveal that it exists.
        _notify(concern.infohus, Role.MUNICIPAL_COORDINATOR, _("The police have decided on a concern"), concern)
    return check


@transaction.atomic
def withdraw_concern(*, concern: Concern, by: Membership, reason: str) -> Concern:
    concern = _locked(concern)
    if not reason.strip():
        raise ConcernError(_("Give a reason for withdrawing the concern."))
    move_concern(concern, State.WITHDRAWN, by=by, reason=reason.strip())
    return concern


@transaction.atomic
def start_gathering(*, concern: Concern, by: Membership) -> Concern:
    """Begin Redskab 2 on a concern the police have cleared."""
    concern = _locked(concern)
    move_concern(concern, State.GATHERING, by=by)
    return concern
