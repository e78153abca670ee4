"""The meeting room's page state: the reader's room state with a form per dimension,
shared by the page view and the live consumer."""

from assessment import selectors
from assessment.forms import AgreedScoreForm, NoteForm, OwnScoreForm, score_choice
from infohus import policy
from infohus.models import Authority


def _room_forms(state, authorities):
    forms = {}
    for row in state.rows:
        number = row.dimension.number
        agreed = row.agreed
        forms[number] = {
            "agreed": AgreedScoreForm(
                prefix=f"d{number}",
                authorities=authorities,
                initial={
                    "dimension": number,
                    "version": agreed.version,
                    "score": score_choice(agreed.status, agreed.value) if agreed.status else None,
                    "justification": agreed.justification,
                    "contributors": list(agreed.contributors.all()),
                },
            ),
            "own": OwnScoreForm(
                prefix=f"o{number}",
                initial={
                    "dimension": number,
                    "score": score_choice(row.mine.status, row.mine.value) if row.mine else None,
                },
            ),
            "note": NoteForm(prefix=f"n{number}", initial={"dimension": number}),
        }
    return forms


def room_context(membership, item) -> dict:
    state = selectors.room_state(membership, item)
    authorities = Authority.objects.filter(pk__in=item.meeting.participants.values("authority")).order_by("name")
    forms = _room_forms(state, authorities)
    for row in state.rows:
        row.forms = forms[row.dimension.number]
    return {
        "item": item,
        "meeting": item.meeting,
        "state": state,
        "may": policy.actions_on(membership, item),
        "agenda": list(selectors.agenda_of(item.meeting)),
    }
