"""Every pair of states × every role against the transition table, through the one
function that changes state."""

import pytest

from concerns import services
from concerns.errors import NotPermitted, TransitionNotAllowed
from concerns.models import Concern, State, TimelineEvent
from concerns.services.concern import _grant as grant
from concerns.transitions import TRANSITIONS
from infohus.models import Role
from tests.cast import cleared_concern

ROLE_MEMBERS = {
    Role.MUNICIPAL_COORDINATOR: "municipal_coordinator",
    Role.POLICE_COORDINATOR: "police_coordinator",
    Role.CASEWORKER: "caseworker",
    Role.AUDITOR: "auditor",
    Role.ADMIN: "admin",
}


@pytest.fixture
def concern_with_every_grant(cast):
    """A cleared concern both coordinators may change; the caseworker gets a grant too, as
    a recommendation addressed to the municipality will give them."""
    concern = cleared_concern(cast)
    grant(concern, Role.CASEWORKER, change=True)
    return concern


def attempt(concern, from_state, to_state, by):
    """Try one transition from `from_state`; return what happened, in words."""
    Concern.objects.filter(pk=concern.pk).update(state=from_state)  # set the scene only
    concern.refresh_from_db()
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
    recorded = (event.from_state, event.to_state, event.actor_id) == (from_state, to_state, by.user_id)
    return "moved" if concern.state == to_state and recorded else "moved:BUT-NOT-RECORDED"


@pytest.mark.parametrize("from_state", State.values)
def test_the_table_decides_every_transition_for_every_role(cast, concern_with_every_grant, from_state):
    differences = []
    for to_state in State.values:
        if to_state == from_state:
            continue
        for role, member in ROLE_MEMBERS.items():
            roles = TRANSITIONS.get((from_state, to_state))
            if roles is None:
                expected = (
                    "refused:NotPermitted" if role in {Role.AUDITOR, Role.ADMIN} else "refused:TransitionNotAllowed"
                )
            else:
                expected = "moved" if role in roles else "refused:NotPermitted"
            got = attempt(concern_with_every_grant, from_state, to_state, cast.by_name(member))
            if got != expected:
                differences.append(f"{from_state} → {to_state} as {role}: expected {expected}, got {got}")
    assert differences == []


def test_a_coordinator_of_another_infohus_cannot_move_the_case(cast):
    concern = cleared_concern(cast)
    with pytest.raises(NotPermitted):
        services.move_concern(concern, State.GATHERING, by=cast.other_municipal_coordinator)
    concern.refresh_from_db()
    assert concern.state == State.CLEARED


def test_the_table_has_the_side_exits_and_step_d():
    assert (State.ANALYSED, State.GATHERING) in TRANSITIONS
    for exit_state in (State.TAKEN_OVER_BY_POLICE, State.NOT_EXTREMISM):
        assert TRANSITIONS[(State.WITH_POLICE, exit_state)] == {Role.POLICE_COORDINATOR}
