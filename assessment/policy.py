"""Who may do what in an analysis meeting: the meeting's part of the policy.

Read with `infohus/policy.py`. A meeting is in scope for the coordinators who arrange it
(same Infohus) and, for everything said and shared in it, for its invited participants:
only while it is open, only its agenda, and only after confirming confidentiality. An
external participant holds no grant on any case: what they see is what was shared with
the meeting.
"""

from django.utils.translation import gettext_lazy as _

from assessment.models import AgendaItem, Meeting, Participant, Recommendation
from concerns.models import State
from infohus.policy import (
    CASE_ROLES,
    CASEWORKER,
    COORDINATORS,
    MUNICIPAL_COORDINATOR,
    PARTICIPANT,
    Condition,
    Rule,
    needs_department,
    register,
)

MEETING, AGENDA_ITEM = "assessment.meeting", "assessment.agendaitem"
CONCERN, RECOMMENDATION = "concerns.concern", "assessment.recommendation"
VIEW, CHANGE = "concerns.view_concern", "concerns.change_concern"
FOLLOW_UP_ROLES = frozenset({MUNICIPAL_COORDINATOR, CASEWORKER})
ATTENDEES = COORDINATORS | {CASEWORKER, PARTICIPANT}


def meeting_of(obj) -> Meeting:
    return obj if isinstance(obj, Meeting) else obj.meeting


def participation(membership, meeting: Meeting) -> Participant | None:
    """The membership's invitation to the meeting, read once per request (None: not invited,
    or the meeting belongs to another Infohus than the one the user works in now)."""
    if meeting.infohus_id != membership.infohus_id:
        return None
    cache = membership.__dict__.setdefault("_participations", {})
    if meeting.pk not in cache:
        cache[meeting.pk] = (
            Participant.objects.filter(meeting=meeting, user_id=membership.user_id).select_related("authority").first()
        )
    return cache[meeting.pk]


def forget_participations(membership) -> None:
    membership.__dict__.pop("_participations", None)


same_infohus = Condition(
    lambda membership, obj: meeting_of(obj).infohus_id == membership.infohus_id, "a meeting of the user's Infohus"
)
invited = Condition(
    lambda membership, obj: participation(membership, meeting_of(obj)) is not None, "an invitation to the meeting"
)
confirmed = Condition(
    lambda membership, obj: participation(membership, meeting_of(obj)).confidentiality_confirmed_at is not None,
    "the user has confirmed the confidentiality statement",
    _("Confirm the confidentiality statement before you take part."),
)
meeting_open = Condition(
    lambda membership, obj: meeting_of(obj).state == Meeting.State.OPEN,
    "the meeting is open",
    _("The meeting is not open."),
)
meeting_not_closed = Condition(
    lambda membership, obj: meeting_of(obj).state != Meeting.State.CLOSED,
    "the meeting is not closed",
    _("The meeting is closed."),
)
analysis_open = Condition(
    lambda membership, item: item.outcome == AgendaItem.Outcome.PENDING and item.analysis.closed_at is None,
    "the concern's analysis is still open on this agenda",
    _("The analysis of this concern has been closed."),
)


def _case(obj):
    return obj if obj._meta.model_name == "concern" else obj.concern


def case_in(states, description, message) -> Condition:
    return Condition(lambda membership, obj: _case(obj).state in states, description, message)


ANALYSED_ONWARDS = frozenset({State.ANALYSED, State.RECOMMENDED, State.NOT_CURRENT, State.FOLLOW_UP, State.CLOSED})
analysed = case_in(ANALYSED_ONWARDS, "the concern has been analysed", _("The concern has not been analysed yet."))
writable = case_in(
    {State.ANALYSED, State.RECOMMENDED, State.FOLLOW_UP},
    "the concern is analysed, recommended or in follow-up",
    _("The holistic assessment can no longer be changed."),
)
approved = case_in(
    {State.RECOMMENDED, State.FOLLOW_UP, State.CLOSED, State.NOT_CURRENT},
    "both sides have approved the holistic assessment",
    _("The recommendation has not been approved by both sides yet."),
)
following_up = case_in(
    {State.RECOMMENDED, State.FOLLOW_UP},
    "the recommendation is approved and not yet closed",
    _("The follow-up can no longer be recorded: the concern is closed."),
)
to_own_department = Condition(
    lambda membership, recommendation: (
        recommendation.addressee == Recommendation.Addressee.MUNICIPALITY
        and (not needs_department(membership.role) or recommendation.department == membership.department)
    ),
    "addressed to the municipality (for a caseworker: to their own department)",
    _("The recommendation is not addressed to your department."),
)

RULES = {
    # Redskab 4 and the follow-up
    "recommendation.read": Rule(
        CASE_ROLES,
        "Read the holistic assessment and the recommendation (a caseworker: approved versions)",
        on=CONCERN,
        grant=VIEW,
        when=(analysed,),
    ),
    "recommendation.write": Rule(
        COORDINATORS,
        "Write the holistic assessment and recommendation (after an approval: a new version)",
        on=CONCERN,
        grant=CHANGE,
        when=(writable,),
    ),
    "recommendation.approve_version": Rule(
        COORDINATORS, "Approve a version for one's own side", on=CONCERN, grant=CHANGE, when=(writable,)
    ),
    "recommendation.pdf": Rule(
        CASE_ROLES, "Download the approved recommendation as PDF", on=CONCERN, grant=VIEW, when=(approved,)
    ),
    "follow_up.record": Rule(
        FOLLOW_UP_ROLES,
        "Acknowledge a recommendation and record its follow-up",
        on=RECOMMENDATION,
        grant=CHANGE,
        who=(to_own_department,),
        when=(following_up,),
    ),
    # The analysis meeting
    "meeting.list": Rule(ATTENDEES, "See the meetings one arranges or is invited to"),
    "meeting.schedule": Rule(COORDINATORS, "Schedule a meeting"),
    "meeting.manage": Rule(
        COORDINATORS,
        "Arrange a meeting: agenda, participants, sharing, opening and closing",
        on=MEETING,
        scope=same_infohus,
        when=(meeting_not_closed,),
    ),
    "meeting.share": Rule(
        COORDINATORS,
        "Share a summary of the concern and own items with the meeting's participants (§ 115)",
        on=AGENDA_ITEM,
        scope=same_infohus,
        when=(meeting_not_closed,),
    ),
    "meeting.read_record": Rule(
        COORDINATORS,
        "Read the meeting record: attendance, what came from whom, minutes; write the minutes",
        on=MEETING,
        scope=same_infohus,
    ),
    "meeting.enter": Rule(
        ATTENDEES, "Enter an open meeting and confirm confidentiality", on=MEETING, scope=invited, when=(meeting_open,)
    ),
    "meeting.attend": Rule(
        ATTENDEES,
        "Follow an agenda item live: what was shared with the meeting, the board, the scores",
        on=AGENDA_ITEM,
        scope=invited,
        who=(confirmed,),
        when=(meeting_open,),
    ),
    "meeting.score": Rule(
        COORDINATORS,
        "Record what the meeting agreed on a dimension",
        on=AGENDA_ITEM,
        scope=invited,
        who=(confirmed,),
        when=(meeting_open, analysis_open),
    ),
    "meeting.own_score": Rule(
        ATTENDEES,
        "Put in one's own score before the meeting agrees",
        on=AGENDA_ITEM,
        scope=invited,
        who=(confirmed,),
        when=(meeting_open, analysis_open),
    ),
    "meeting.note": Rule(
        ATTENDEES,
        "Keep a note for one's own authority",
        on=AGENDA_ITEM,
        scope=invited,
        who=(confirmed,),
        when=(meeting_open, analysis_open),
    ),
    "meeting.close_analysis": Rule(
        COORDINATORS,
        "Close the analysis of a concern in the meeting",
        on=AGENDA_ITEM,
        scope=invited,
        who=(confirmed,),
        when=(meeting_open, analysis_open),
    ),
}

register(RULES)
