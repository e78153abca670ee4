"""Every pair of states × every role against the transition table and the policy, through
the one function that changes state."""

import pytest

from concerns import services
from concerns.errors import NotPermitted, TransitionNotAllowed
from concerns.models import Concern, State, TimelineEvent
from concerns.timeline import ACTIONS
from concerns.transitions import TRANSITIONS
from infohus import policy
from infohus.models import Role
from tests.cast import cleared_concern

ROLE_MEMBERS = {
    Role.MUNICIPAL_COORDINATOR: "municipal_coordinator",
    Role.POLICE_COORDINATOR: "police_coordinator",
    Role.CASEWORKER: "caseworker",
    Role.AUDITOR: "auditor",
    Role.ADMIN: "admin",
}


def attempt(concern, from_state, to_state, by):
    """Try one transition from `from_state`; return what happened, in words."""
    Concern.objects.filter(pk=concern.pk).update(state=from_state)  # set the scene only
    concern.refresh_from_db()
    policy.forget(by, concern)
    events_before = TimelineEvent.objects.filter(concern=concern).count()
    try:
        services.move_concern(concern, to_state, by=by, reason="test")
    except (NotPermitted, TransitionNotAllowed) as error:
        concern.refresh_from_db()
        unchanged = concern.state == from_state
        no_event = TimelineEvent.objects.filter(concern=concern).count() == events_before
        return f"refused:{type(error).__name__}" + ("" if unchanged and no_event else ":BUT-CHANGED")
    concern.refresh_from_db()
    event = TimelineEvent.objects.filter(concern=concern).latest("pk")
    recorded = (event.action, event.from_state, event.to_state, event.actor_id) == (
        TRANSITIONS[(from_state, to_state)].event,
        from_state,
        to_state,
        by.user_id,
    )
    return "moved" if concern.state == to_state and recorded else "moved:BUT-NOT-RECORDED"


@pytest.mark.django_db
@pytest.mark.parametrize("from_state", State.values)
def test_the_table_and_the_policy_decide_every_transition_for_every_role(cast, from_state):
    """A cleared concern: both coordinators hold the write grant; the caseworker, the
    auditor and the admin hold none, so they are refused before the table is read."""
    concern = cleared_concern(cast)
    differences = []
    for to_state in State.values:
        if to_state == from_state:
            continue
        for role, member in ROLE_MEMBERS.items():
            move = TRANSITIONS.get((from_state, to_state))
            if role not in policy.COORDINATORS:
                expected = "refused:NotPermitted"
            elif move is None:
                expected = "refused:TransitionNotAllowed"
            elif move.action == "concern.withdraw" and role != Role.MUNICIPAL_COORDINATOR:
                expected = "refused:NotPermitted"  # a mistake is withdrawn by the side that recorded it
            else:
                expected = "moved" if role in policy.roles_for(move.action) else "refused:NotPermitted"
            got = attempt(concern, from_state, to_state, cast.by_name(member))
            if got != expected:
                differences.append(f"{from_state} → {to_state} as {role}: expected {expected}, got {got}")
    assert differences == []


@pytest.mark.django_db
def test_a_coordinator_of_another_infohus_cannot_move_the_case(cast):
    concern = cleared_concern(cast)
    with pytest.raises(NotPermitted):
        services.move_concern(concern, State.GATHERING, by=cast.other_municipal_coordinator)
    concern.refresh_from_db()
    assert concern.state == State.CLEARED


def test_the_table_has_the_side_exits_and_step_d():
    assert (State.ANALYSED, State.GATHERING) in TRANSITIONS
    for exit_state in (State.TAKEN_OVER_BY_POLICE, State.NOT_EXTREMISM):
        assert policy.roles_for(TRANSITIONS[(State.WITH_POLICE, exit_state)].action) == {Role.POLICE_COORDINATOR}


def test_every_move_is_an_action_of_the_policy_and_an_event_of_the_timeline():
    for (frm, to), move in TRANSITIONS.items():
        assert move.action in policy.RULES, (frm, to)
        assert move.event in ACTIONS, (frm, to)
