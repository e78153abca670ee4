"""Announcing that an agenda item changed, to everyone connected to it.

The message says only *that* something changed (and which dimension, a number): each
connection then re-reads the state through its own reader's selector, so no message can
carry what a particular participant may not see. Sent after the transaction commits.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def group_of(agenda_item_id: int) -> str:
    return f"agenda-item-{agenda_item_id}"


def announce(agenda_item_id: int, *, dimension: int | None = None, what: str = "changed") -> None:
    """Tell the item's connections to re-read, once the current transaction has committed."""

    def send():
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(
                group_of(agenda_item_id), {"type": "item.changed", "dimension": dimension, "what": what}
            )

    transaction.on_commit(send)
