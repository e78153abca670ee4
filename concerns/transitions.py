"""The concern's states and who may move it between them: one table, read by the services.

Redskab 1 → police check → Redskab 2 → Redskab 3 → Redskab 4 → follow-up, with the side
exits of DESIGN.md. A pair that is not in the table is refused for every role.
"""

from concerns.models import State
from infohus.models import Role

COORDINATORS = frozenset({Role.MUNICIPAL_COORDINATOR, Role.POLICE_COORDINATOR})
POLICE = frozenset({Role.POLICE_COORDINATOR})
FOLLOW_UP = frozenset({Role.MUNICIPAL_COORDINATOR, Role.CASEWORKER})

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (State.DRAFT, State.RECEIVED): COORDINATORS,  # Redskab 1 completed
    (State.RECEIVED, State.WITH_POLICE): COORDINATORS,  # always sent to the police
    (State.WITH_POLICE, State.CLEARED): POLICE,
    (State.WITH_POLICE, State.TAKEN_OVER_BY_POLICE): POLICE,
    (State.WITH_POLICE, State.NOT_EXTREMISM): POLICE,
    (State.CLEARED, State.GATHERING): COORDINATORS,
    (State.GATHERING, State.READY_FOR_MEETING): COORDINATORS,
    (State.READY_FOR_MEETING, State.GATHERING): COORDINATORS,
    (State.READY_FOR_MEETING, State.ANALYSED): COORDINATORS,
    (State.ANALYSED, State.GATHERING): COORDINATORS,  # step D: more information needed
    (State.ANALYSED, State.RECOMMENDED): COORDINATORS,
    (State.ANALYSED, State.NOT_CURRENT): COORDINATORS,
    (State.RECOMMENDED, State.FOLLOW_UP): FOLLOW_UP,
    (State.FOLLOW_UP, State.CLOSED): FOLLOW_UP,
    (State.NOT_CURRENT, State.CLOSED): COORDINATORS,
    (State.DRAFT, State.WITHDRAWN): COORDINATORS,
    (State.RECEIVED, State.WITHDRAWN): COORDINATORS,
    (State.WITH_POLICE, State.WITHDRAWN): COORDINATORS,
}

# States in which the recording side may still edit what Redskab 1 describes.
EDITABLE_STATES = frozenset({State.DRAFT, State.RECEIVED})


def may_transition(from_state: str, to_state: str, role: str) -> bool:
    return role in TRANSITIONS.get((from_state, to_state), frozenset())


def targets_for(from_state: str, role: str) -> list[str]:
    return [to for (frm, to), roles in TRANSITIONS.items() if frm == from_state and role in roles]


# States from which Redskab 2's information and exchanges exist and can be read.
GATHERING_ONWARDS = frozenset(
    {State.GATHERING, State.READY_FOR_MEETING, State.ANALYSED, State.RECOMMENDED, State.FOLLOW_UP, State.CLOSED}
)

# Information may be gathered while gathering, and added late before the meeting.
GATHERING_STATES = frozenset({State.GATHERING, State.READY_FOR_MEETING})
