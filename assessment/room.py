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
                    "contributors": [a.pk for a in agreed.contributors.all()],
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


def contributing_authorities(item):
    return list(Authority.objects.filter(pk__in=item.meeting.participants.values("authority")).order_by("name"))


def room_context(membership, item, *, authorities=None, **reads) -> dict:
    """The room page's context; a live connection passes in what it already read (`reads`
    for `selectors.room_state`, and the authorities that may be named as contributors)."""
    state = selectors.room_state(membership, item, **reads)
    authorities = authorities if authorities is not None else contributing_authorities(item)
    forms = _room_forms(state, authorities)
    for row in state.rows:
        row.forms = forms[row.dimension.number]
    return {
        "item": item,
        "meeting": item.meeting,
        "state": state,
        "may": policy.actions_on(membership, item),
    }
