"""Every change to a concern: one function per action a user takes.

Each asks the policy (`concerns/policy.py`) whether the acting membership may, validates
the move against the transition table, writes in one transaction, records the timeline
and gives the grants the event brings. Changes to audited models go through `save()` so
django-auditlog records them (never `update()`).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concerns import timeline
from concerns.errors import IncompleteConcern, NotPermitted, TransitionNotAllowed, UserError
from concerns.models import (
    CaseNumberSequence,
    Concern,
    CustodyHolder,
    Person,
    PoliceCheck,
    State,
    TimelineEvent,
)
from concerns.notifications import notify_side
from concerns.text import LONG_TEXT_MAX, SHORT_TEXT_MAX, check_length
from concerns.transitions import TRANSITIONS
from infohus import policy
from infohus.models import Infohus, Membership

CONCERN_FIELDS = Concern.INTAKE_FIELDS
PERSON_FIELDS = Person.INTAKE_FIELDS
CUSTODY_FIELDS = CustodyHolder.INTAKE_FIELDS


def move_concern(concern: Concern, to_state: str, *, by: Membership, reason: str = "", departments=()) -> TimelineEvent:
    """The one place a state changes: the transition table names the action and the event,
    the policy says who may take the action, the timeline records the event, and the event
    brings the grants the policy gives for it.

    The action functions below call it; a caller must hold the concern's row lock.
    `departments`: for an approved recommendation, the municipal departments it addresses.
    """
    move = TRANSITIONS.get((concern.state, to_state))
    labels = {"from": State(concern.state).label, "to": State(to_state).label}
    may_read = policy.may(by, "concern.read", concern)
    if move is None:
        if not may_read:
            raise NotPermitted()
        if concern.state == to_state:  # a lost race: another user made the same move first
            raise TransitionNotAllowed(
                _("The case is already “%(to)s”: someone else moved it meanwhile. Nothing was changed.") % labels
            )
        raise TransitionNotAllowed(_("A case cannot go from “%(from)s” to “%(to)s”.") % labels)
    if may_read and policy.decide(by, move.action, concern).refusal is policy.Refusal.ROLE:
        raise NotPermitted(_("Your role may not move a case from “%(from)s” to “%(to)s”.") % labels)
    policy.require(by, move.action, concern)
    from_state = concern.state
    concern.state = to_state
    concern.updated_at = timezone.now()
    concern.save(update_fields=["state", "updated_at"])
    event = timeline.record(concern, move.event, by=by, from_state=from_state, to_state=to_state, reason=reason)
    policy.apply_grants(move.event, concern, by=by, departments=departments)
    return event


def _locked(concern: Concern, by: Membership) -> Concern:
    """Re-read the concern under a row lock, so two decisions cannot race, and decide on
    its grants afresh."""
    policy.forget(by, concern)
    return Concern.objects.select_for_update().select_related("infohus").get(pk=concern.pk)


def _next_case_number(infohus: Infohus, year: int) -> str:
    sequence, _created = CaseNumberSequence.objects.select_for_update().get_or_create(infohus=infohus, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"IH-{year}-{sequence.last:04d}"


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
    policy.require(by, "concern.record")
    check_length(LONG_TEXT_MAX, description=concern_data.get("description", ""))
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
    policy.apply_grants("concern.created", concern, by=by)
    timeline.record(concern, "concern.created", by=by, to_state=State.DRAFT)
    return concern


@transaction.atomic
def update_concern(*, concern: Concern, by: Membership, concern_data: dict, person_data: dict, custody_holders=()):
    """Edit what Redskab 1 records, while the case is still a draft or just received."""
    concern = _locked(concern, by)
    policy.require(by, "concern.edit", concern)
    check_length(LONG_TEXT_MAX, description=concern_data.get("description", ""))
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
        timeline.record(concern, "concern.edited", by=by, changed_fields=changed)
    return concern


def submission_gaps(concern: Concern, person: Person) -> list[tuple[str, str]]:
    """What Redskab 1 still lacks before it can go to the police: (form field, sentence)."""
    gaps = []
    if not concern.received_via:
        gaps.append(("concern.received_via", _("How the concern came in.")))
    if not concern.reporter_anonymous and not concern.reporter_name:
        gaps.append(("concern.reporter_name", _("The reporter's name, or that the reporter is anonymous.")))
    if concern.reporter_informed is None:
        gaps.append(("concern.reporter_informed", _("Whether the reporter was told how the concern will be handled.")))
    if not person.full_name:
        gaps.append(("person.full_name", _("The name of the person concerned.")))
    if not person.cpr and not person.birth_date:
        gaps.append(("person.cpr", _("The CPR number or date of birth of the person concerned.")))
    if not concern.description.strip():
        gaps.append(("concern.description", _("A description of what was observed.")))
    if not concern.observation:
        gaps.append(("concern.observation", _("Whether the observation is first- or second-hand.")))
    if not concern.extremism_kind:
        gaps.append(("concern.extremism_kind", _("The kind of extremism (or other/unclear).")))
    return gaps


# The intake fields that must be filled in before a concern can be sent to the police.
SUBMISSION_FIELDS = frozenset(
    {
        "concern.received_via",
        "concern.reporter_name",
        "concern.reporter_informed",
        "concern.description",
        "concern.observation",
        "concern.extremism_kind",
        "person.full_name",
        "person.cpr",
    }
)


def missing_for_submission(concern: Concern) -> list[str]:
    """What Redskab 1 still lacks, as sentences the coordinator can act on."""
    return [sentence for _field, sentence in submission_gaps(concern, concern.person)]


@transaction.atomic
def submit_concern(*, concern: Concern, by: Membership) -> Concern:
    """Finish Redskab 1 and send the concern to the police check: it always goes there first."""
    concern = _locked(concern, by)
    policy.require(by, "concern.submit", concern)  # before saying what is missing
    if concern.state == State.DRAFT:
        missing = missing_for_submission(concern)
        if missing:
            raise IncompleteConcern(details=missing)
        move_concern(concern, State.RECEIVED, by=by)
    move_concern(concern, State.WITH_POLICE, by=by)
    concern.submitted_at = timezone.now()
    concern.save(update_fields=["submitted_at"])
    notify_side(concern, concern.infohus.police_district, _("A concern awaits the police check"))
    return concern


OUTCOME_STATES = {
    PoliceCheck.Outcome.CLEARED: State.CLEARED,
    PoliceCheck.Outcome.TAKEN_OVER: State.TAKEN_OVER_BY_POLICE,
    PoliceCheck.Outcome.NOT_EXTREMISM: State.NOT_EXTREMISM,
}


def already_decided(concern: Concern, *, not_saved: bool = False) -> str:
    """Who decided the police check and how, said plainly; "" while it is undecided.
    `not_saved`: the reader's own decision arrived second and was not saved. For a caller
    that may act on the concern (the police coordinators of its Infohus)."""
    check = PoliceCheck.objects.filter(concern=concern).select_related("decided_by").first()
    if check is None:
        return ""
    said = {"name": check.decided_by.full_name, "outcome": check.get_outcome_display()}
    if not_saved:
        return _("The concern has already been decided by %(name)s (%(outcome)s) – your decision was not saved.") % said
    return _("The concern has already been decided by %(name)s (%(outcome)s).") % said


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
    concern = _locked(concern, by)
    if policy.decide(by, "police_check.decide", concern).refusal is policy.Refusal.NOT_NOW:
        decided = already_decided(concern, not_saved=True)
        if decided:  # a lost race with another police coordinator: say who, and that nothing was saved
            raise TransitionNotAllowed(decided)
    policy.require(by, "police_check.decide", concern)
    if outcome not in OUTCOME_STATES:
        raise UserError(_("Choose one of the decisions."))
    if not reason.strip():
        raise UserError(_("Give a reason for the decision."))
    check_length(SHORT_TEXT_MAX, reason=reason, social_duty_description=social_duty_description)
    if outcome == PoliceCheck.Outcome.TAKEN_OVER:
        if social_duty_needed is None:
            raise UserError(_("State whether the municipality still has a social preventive duty."))
        if social_duty_needed and not social_duty_description.strip():
            raise UserError(_("Describe the social preventive work the municipality must still do."))
    else:
        social_duty_needed, social_duty_description = None, ""
    # The decision is recorded first: what the move grants depends on it (a remaining social
    # preventive duty lets the municipality read a case the police take over).
    check = PoliceCheck.objects.create(
        concern=concern,
        outcome=outcome,
        reason=reason.strip(),
        social_duty_needed=social_duty_needed,
        social_duty_description=social_duty_description.strip(),
        decided_by=by.user,
    )
    move_concern(concern, OUTCOME_STATES[outcome], by=by, reason=reason.strip())
    notify_side(concern, concern.infohus.municipality, _("The police have decided on a concern"))
    return check


@transaction.atomic
def withdraw_concern(*, concern: Concern, by: Membership, reason: str) -> Concern:
    concern = _locked(concern, by)
    policy.require(by, "concern.withdraw", concern)
    if not reason.strip():
        raise UserError(_("Give a reason for withdrawing the concern."))
    check_length(SHORT_TEXT_MAX, reason=reason)
    move_concern(concern, State.WITHDRAWN, by=by, reason=reason.strip())
    return concern


@transaction.atomic
def start_gathering(*, concern: Concern, by: Membership) -> Concern:
    """Begin Redskab 2 on a concern the police have cleared."""
    concern = _locked(concern, by)
    move_concern(concern, State.GATHERING, by=by)
    return concern


@transaction.atomic
def send_back_to_gathering(*, concern: Concern, by: Membership, missing: str) -> Concern:
    """Step D: the analysis showed that more information is needed. The note of what is
    missing goes on the timeline, and the case waits for a later meeting."""
    concern = _locked(concern, by)
    if not missing.strip():
        raise UserError(_("Say what information is missing."))
    check_length(SHORT_TEXT_MAX, missing=missing)
    move_concern(concern, State.GATHERING, by=by, reason=missing.strip())
    return concern
