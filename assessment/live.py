"""Announcing that an agenda item changed, to everyone connected to it.

The message says only *that* something changed (and which dimension, a number): each
connection then re-reads the state through its own reader's selector, so no message can
carry what a particular participant may not see. Sent after the transaction commits.
"""

from uuid import uuid4

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def group_of(agenda_item_id: int) -> str:
    return f"agenda-item-{agenda_item_id}"


def announce(
    agenda_item_id: int, *, dimension: int | None = None, what: str = "changed", authority: int | None = None
) -> None:
    """Tell the item's connections to re-read, once the current transaction has committed.

    `authority` narrows a note's signal: only that authority's connections re-read notes.
    The event id lets the connections of one worker share the read of the meeting's data.
    """
    event = {
        "type": "item.changed",
        "event": uuid4().hex,
        "dimension": dimension,
        "what": what,
        "authority": authority,
    }

    def send():
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(group_of(agenda_item_id), event)

    transaction.on_commit(send)
