"""Every change to case data: one function per action a user takes (see each module)."""

from concerns.services.concern import (
    SUBMISSION_FIELDS,
    already_decided,
    create_concern,
    decide_police_check,
    missing_for_submission,
    move_concern,
    send_back_to_gathering,
    start_gathering,
    submission_gaps,
    submit_concern,
    update_concern,
    withdraw_concern,
)
from concerns.services.gathering import (
    add_information_item,
    disclose_to_participants,
    finish_gathering,
    mark_request_received,
    request_information,
    revoke_exchange,
    share_information,
)

__all__ = [
    "already_decided",
    "SUBMISSION_FIELDS",
    "add_information_item",
    "create_concern",
    "decide_police_check",
    "disclose_to_participants",
    "finish_gathering",
    "mark_request_received",
    "missing_for_submission",
    "move_concern",
    "request_information",
    "revoke_exchange",
    "send_back_to_gathering",
    "share_information",
    "start_gathering",
    "submission_gaps",
    "submit_concern",
    "update_concern",
    "withdraw_concern",
]
