"""The checked path from ids in a URL (or a WebSocket route) to a meeting's objects.

Outside the membership's scope is 404, as for a case: an external participant who was
not invited, or a user of another Infohus, cannot tell that the meeting exists.
"""

from django.http import Http404

from assessment import selectors
from assessment.models import AgendaItem, Meeting, Participant
from infohus import policy
from infohus.models import Membership

HIDDEN = (policy.Refusal.ROLE, policy.Refusal.SCOPE)


def get_meeting_or_404(membership: Membership, pk: int, *, action: str | None = None) -> Meeting:
    meeting = selectors.visible_meeting(membership, pk)
    if meeting is None or (action and policy.decide(membership, action, meeting).refusal in HIDDEN):
        raise Http404
    return meeting


def get_agenda_item_or_404(
    membership: Membership, meeting_pk: int, item_pk: int, *, action: str | None = None
) -> AgendaItem:
    """An item of a meeting the membership sees; with `action`, one the action is in scope for
    (what may be done with it now is the service's to say)."""
    meeting = get_meeting_or_404(membership, meeting_pk)
    item = selectors.agenda_item(meeting, item_pk)
    if item is None or (action and policy.decide(membership, action, item).refusal in HIDDEN):
        raise Http404
    return item


def get_participant_or_404(membership: Membership, meeting_pk: int, participant_pk: int) -> Participant:
    meeting = get_meeting_or_404(membership, meeting_pk, action="meeting.manage")
    participant = selectors.participants_of(meeting).filter(pk=participant_pk).first()
    if participant is None:
        raise Http404
    return participant
