"""The one checked path from an id in a URL to an object: a getter per model.

Outside the user's scope is 404 (nothing reveals that the object exists). A user who may
see the object but holds no write grant, asking for it to act, is 403. Whether the action
is possible now (the case's state, who owns what) is for the service to explain in a
message, by the same policy.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from concerns import selectors
from concerns.models import Concern, Exchange, InformationItem, InformationRequest
from infohus import policy
from infohus.models import Membership


def found_or_404(obj):
    if obj is None:
        raise Http404
    return obj


def _checked(membership: Membership, obj, action: str | None):
    if action is not None:
        refusal = policy.decide(membership, action, obj).refusal
        if refusal in (policy.Refusal.ROLE, policy.Refusal.SCOPE):
            raise Http404
        if refusal is policy.Refusal.READ_ONLY:
            raise PermissionDenied
    return obj


def get_concern_or_404(membership: Membership, pk: int, *, action: str | None = None) -> Concern:
    """The concern, if the membership may see it; with `action`, also 403 for a reader
    without the write grant the action needs."""
    concern = found_or_404(selectors.visible_concern(membership, pk))
    policy.granted(membership, concern)  # remember the grants fetched with it, for what the page asks
    return _checked(membership, concern, action)


def get_item_or_404(membership: Membership, concern_pk: int, item_pk: int) -> InformationItem:
    concern = get_concern_or_404(membership, concern_pk)
    return found_or_404(selectors.items_visible_to(membership, concern).filter(pk=item_pk).first())


def get_request_or_404(
    membership: Membership, concern_pk: int, request_pk: int, *, action: str | None = None
) -> InformationRequest:
    concern = get_concern_or_404(membership, concern_pk, action=action)
    return found_or_404(selectors.requests_visible_to(membership, concern).filter(pk=request_pk).first())


def get_exchange_or_404(
    membership: Membership, concern_pk: int, exchange_pk: int, *, action: str | None = None
) -> Exchange:
    concern = get_concern_or_404(membership, concern_pk)
    exchange = found_or_404(selectors.exchanges_visible_to(membership, concern).filter(pk=exchange_pk).first())
    return _checked(membership, exchange, action)
