"""The concern's states, and which action moves it from which state to which: one table.

Redskab 1 → police check → Redskab 2 → Redskab 3 → Redskab 4 → follow-up, with the side
exits of DESIGN.md. A pair that is not in the table is refused for everyone. Who may take
each action is the policy's to say (`concerns/policy.py`); the event is the name the
timeline records the move under (and the policy's grants follow).
"""

from typing import NamedTuple

from concerns.models import State


class Move(NamedTuple):
    action: str  # what a user does to make the move: the policy says which roles may
    event: str  # what the timeline records


TRANSITIONS: dict[tuple[str, str], Move] = {
    (State.DRAFT, State.RECEIVED): Move("concern.submit", "concern.completed"),  # Redskab 1 done
    (State.RECEIVED, State.WITH_POLICE): Move("concern.submit", "concern.submitted"),  # always to the police
    (State.WITH_POLICE, State.CLEARED): Move("police_check.decide", "police_check.cleared"),
    (State.WITH_POLICE, State.TAKEN_OVER_BY_POLICE): Move("police_check.decide", "police_check.taken_over"),
    (State.WITH_POLICE, State.NOT_EXTREMISM): Move("police_check.decide", "police_check.not_extremism"),
    (State.CLEARED, State.GATHERING): Move("gathering.start", "gathering.started"),
    (State.GATHERING, State.READY_FOR_MEETING): Move("gathering.finish", "gathering.finished"),
    (State.READY_FOR_MEETING, State.GATHERING): Move("gathering.reopen", "gathering.reopened"),
    (State.READY_FOR_MEETING, State.ANALYSED): Move("analysis.close", "analysis.closed"),
    (State.ANALYSED, State.GATHERING): Move("analysis.send_back", "analysis.sent_back"),  # step D
    (State.ANALYSED, State.RECOMMENDED): Move("recommendation.approve", "recommendation.approved"),
    (State.ANALYSED, State.NOT_CURRENT): Move("recommendation.not_current", "concern.not_current"),
    (State.RECOMMENDED, State.FOLLOW_UP): Move("follow_up.start", "follow_up.started"),
    (State.FOLLOW_UP, State.CLOSED): Move("follow_up.close", "concern.closed"),
    (State.NOT_CURRENT, State.CLOSED): Move("concern.close", "concern.closed"),
    # The police withdraw a concern from the Infohus: it became a security matter.
    (State.CLEARED, State.TAKEN_OVER_BY_POLICE): Move("police.take_over", "concern.taken_over"),
    (State.GATHERING, State.TAKEN_OVER_BY_POLICE): Move("police.take_over", "concern.taken_over"),
    (State.READY_FOR_MEETING, State.TAKEN_OVER_BY_POLICE): Move("police.take_over", "concern.taken_over"),
    (State.ANALYSED, State.TAKEN_OVER_BY_POLICE): Move("police.take_over", "concern.taken_over"),
    (State.DRAFT, State.WITHDRAWN): Move("concern.withdraw", "concern.withdrawn"),
    (State.RECEIVED, State.WITHDRAWN): Move("concern.withdraw", "concern.withdrawn"),
    (State.WITH_POLICE, State.WITHDRAWN): Move("concern.withdraw", "concern.withdrawn"),
}


def from_states(action: str) -> frozenset[str]:
    """The states from which `action` moves a case."""
    return frozenset(frm for (frm, _to), move in TRANSITIONS.items() if move.action == action)


# States in which the recording side may still edit what Redskab 1 describes.
EDITABLE_STATES = frozenset({State.DRAFT, State.RECEIVED})

# States from which Redskab 2's information and exchanges exist and can be read.
GATHERING_ONWARDS = frozenset(
    {State.GATHERING, State.READY_FOR_MEETING, State.ANALYSED, State.RECOMMENDED, State.FOLLOW_UP, State.CLOSED}
)

# Information may be gathered while gathering, and added late before the meeting.
GATHERING_STATES = frozenset({State.GATHERING, State.READY_FOR_MEETING})
