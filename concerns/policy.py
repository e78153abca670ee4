"""Who may do what with a case, and what each event grants: the case's part of the policy.

Read with `infohus/policy.py` (the machinery, the roles and the sides). An action needs the
role, then the grant on the object (which puts it in scope: other Infohuse and the other
side's unshared material are never granted), then the conditions on who and when.
Printed with the rest as docs/who-may-what.md.
"""

from django.utils.translation import gettext_lazy as _

from concerns.models import Concern, ExchangeItem
from concerns.transitions import EDITABLE_STATES, GATHERING_ONWARDS, GATHERING_STATES, from_states
from infohus.policy import (
    ACTOR,
    ADDRESSED_CASEWORKERS,
    CASE_ROLES,
    CASEWORKER,
    COORDINATORS,
    MUNICIPAL_COORDINATOR,
    MUNICIPAL_SIDE,
    POLICE,
    POLICE_SIDE,
    RECIPIENT,
    Condition,
    Grant,
    Rule,
    register,
)

CONCERN, ITEM, EXCHANGE = "concerns.concern", "concerns.informationitem", "concerns.exchange"
VIEW, CHANGE = "concerns.view_concern", "concerns.change_concern"
VIEW_ITEM = "concerns.view_informationitem"
FOLLOW_UP_ROLES = frozenset({MUNICIPAL_COORDINATOR, CASEWORKER})


def case_of(obj) -> Concern:
    return obj if isinstance(obj, Concern) else obj.concern


def in_states(states, description: str, message) -> Condition:
    return Condition(lambda membership, obj: case_of(obj).state in states, description, message)


CANNOT_MOVE = _("The case cannot be moved that way from its current state.")


def movable(action: str, message=CANNOT_MOVE) -> Condition:
    """The case is in a state from which `action` moves it (the transition table)."""
    states = from_states(action)
    return in_states(states, "the case is " + " or ".join(sorted(states)), message)


recorded_by_own_side = Condition(
    lambda membership, concern: concern.owning_authority_id == membership.authority_id,
    "the user's authority recorded the concern",
    _("Only the authority that recorded the concern may edit it."),
)
recorded_by_own_side_withdraws = Condition(
    recorded_by_own_side.test,
    "the user's authority recorded the concern",
    _("Only the authority that recorded the concern may withdraw it."),
)
# The share form offers `items_visible_to(...).filter(owning_authority=...)`: the same condition as a query.
own_item = Condition(
    lambda membership, item: item.owning_authority_id == membership.authority_id,
    "the user's authority owns the item (received items are not shared on)",
    _("You can only share information your own authority owns."),
)
sender = Condition(
    lambda membership, exchange: exchange.from_authority_id == membership.authority_id,
    "the user's authority made the exchange",
    _("Only the authority that shared the information can revoke the sharing."),
)
not_revoked = Condition(
    lambda membership, exchange: exchange.revoked_at is None,
    "the exchange has not been revoked",
    _("The sharing has already been revoked."),
)
party_to_exchange = Condition(
    lambda membership, exchange: membership.authority_id in (exchange.from_authority_id, exchange.to_authority_id),
    "the user's authority made or received the exchange",
    _("Your authority is not a party to this sharing."),
)
sender_or_not_revoked = Condition(
    lambda membership, exchange: exchange.from_authority_id == membership.authority_id or exchange.revoked_at is None,
    "the user's authority made the exchange, or it has not been revoked",
    _("The sharing has been revoked: what was shared is no longer available to you."),
)

GATHERING_NOW = in_states(
    GATHERING_STATES,
    "the case is gathering or ready_for_meeting",
    _("Information can only be gathered while the case is in information gathering."),
)
GATHERING_STARTED = in_states(
    GATHERING_ONWARDS,
    "information gathering has started",
    _("Information gathering has not started for this case."),
)

RULES = {
    # Redskab 1 and the police check
    "concern.list": Rule(CASE_ROLES, "See the list of the concerns one's role was granted"),
    "concern.record": Rule(COORDINATORS, "Record a new concern (Redskab 1)"),
    "concern.read": Rule(CASE_ROLES, "Read a case page", on=CONCERN, grant=VIEW),
    "concern.edit": Rule(
        COORDINATORS,
        "Edit Redskab 1",
        on=CONCERN,
        grant=CHANGE,
        who=(recorded_by_own_side,),
        when=(
            in_states(
                EDITABLE_STATES,
                "the case is draft or received",
                _("The concern can no longer be edited: it has been sent on."),
            ),
        ),
    ),
    "concern.submit": Rule(
        COORDINATORS,
        "Send the concern to the police check",
        on=CONCERN,
        grant=CHANGE,
        when=(movable("concern.submit"),),
    ),
    # A mistake or a duplicate: the recording side's own act. The police end a municipal
    # concern only by the police check or by `police.take_over`, each recorded and told.
    "concern.withdraw": Rule(
        COORDINATORS,
        "Withdraw the concern as recorded by mistake or twice",
        on=CONCERN,
        grant=CHANGE,
        who=(recorded_by_own_side_withdraws,),
        when=(movable("concern.withdraw"),),
    ),
    "police_check.queue": Rule(POLICE, "See the queue of concerns waiting for the police check"),
    "police_check.decide": Rule(
        POLICE,
        "Clear the concern, take it over, or find it not extremism",
        on=CONCERN,
        grant=CHANGE,
        when=(movable("police_check.decide", _("The police check of this concern has already been decided.")),),
    ),
    # Redskab 2: information gathering and § 115 exchanges
    "gathering.start": Rule(
        COORDINATORS, "Start information gathering", on=CONCERN, grant=CHANGE, when=(movable("gathering.start"),)
    ),
    "gathering.read": Rule(COORDINATORS, "Read the gathering page", on=CONCERN, grant=VIEW, when=(GATHERING_STARTED,)),
    "gathering.finish": Rule(
        COORDINATORS,
        "Finish gathering: ready for the meeting",
        on=CONCERN,
        grant=CHANGE,
        when=(movable("gathering.finish"),),
    ),
    "gathering.reopen": Rule(
        COORDINATORS,
        "Reopen gathering before the meeting",
        on=CONCERN,
        grant=CHANGE,
        when=(movable("gathering.reopen"),),
    ),
    "request.make": Rule(
        COORDINATORS, "Ask an authority for information", on=CONCERN, grant=CHANGE, when=(GATHERING_NOW,)
    ),
    "request.mark_answered": Rule(
        COORDINATORS, "Mark a request as answered", on=CONCERN, grant=CHANGE, when=(GATHERING_NOW,)
    ),
    "item.record": Rule(
        COORDINATORS, "Record information, owned by one's authority", on=CONCERN, grant=CHANGE, when=(GATHERING_NOW,)
    ),
    "item.read": Rule(COORDINATORS, "Read an item and download its attachment", on=ITEM, grant=VIEW_ITEM),
    "exchange.share": Rule(COORDINATORS, "Share items under § 115", on=CONCERN, grant=CHANGE, when=(GATHERING_NOW,)),
    "item.share": Rule(COORDINATORS, "Choose an item to share", on=ITEM, grant=VIEW_ITEM, who=(own_item,)),
    "exchange.read": Rule(
        COORDINATORS,
        "See the exchanges one's authority made or received",
        on=CONCERN,
        grant=VIEW,
        when=(GATHERING_STARTED,),
    ),
    "exchange.read_snapshot": Rule(
        CASE_ROLES,
        "Read what an exchange disclosed",
        on=EXCHANGE,
        grant=VIEW,
        who=(party_to_exchange, sender_or_not_revoked),
    ),
    "exchange.revoke": Rule(
        COORDINATORS, "Revoke an exchange", on=EXCHANGE, grant=CHANGE, who=(sender,), when=(not_revoked,)
    ),
    # Moves of the later steps; their pages come with the meeting and Redskab 4.
    "analysis.close": Rule(
        COORDINATORS, "Close the analysis", on=CONCERN, grant=CHANGE, when=(movable("analysis.close"),)
    ),
    "analysis.send_back": Rule(
        COORDINATORS, "Send back to gathering (step D)", on=CONCERN, grant=CHANGE, when=(movable("analysis.send_back"),)
    ),
    "recommendation.approve": Rule(
        COORDINATORS, "Approve the recommendation", on=CONCERN, grant=CHANGE, when=(movable("recommendation.approve"),)
    ),
    "recommendation.not_current": Rule(
        COORDINATORS,
        "Find the concern not current",
        on=CONCERN,
        grant=CHANGE,
        when=(movable("recommendation.not_current"),),
    ),
    "police.take_over": Rule(
        POLICE,
        "Withdraw the concern from the Infohus as a security matter (until the recommendation is approved)",
        on=CONCERN,
        grant=CHANGE,
        when=(movable("police.take_over", _("The concern can no longer be withdrawn from the Infohus.")),),
    ),
    "follow_up.start": Rule(
        FOLLOW_UP_ROLES, "Start the follow-up", on=CONCERN, grant=CHANGE, when=(movable("follow_up.start"),)
    ),
    "follow_up.close": Rule(
        FOLLOW_UP_ROLES,
        "Close the case after the follow-up",
        on=CONCERN,
        grant=CHANGE,
        when=(movable("follow_up.close"),),
    ),
    "concern.close": Rule(
        COORDINATORS, "Close a concern found not current", on=CONCERN, grant=CHANGE, when=(movable("concern.close"),)
    ),
}


def social_duty_recorded(concern, authority) -> bool:
    check = getattr(concern, "police_check", None)
    return bool(check and check.social_duty_needed)


def still_shared_with(item, authority) -> bool:
    return ExchangeItem.objects.filter(
        item=item, exchange__to_authority=authority, exchange__revoked_at__isnull=True
    ).exists()


GRANTS = {
    "concern.created": Grant((VIEW, CHANGE), to=ACTOR),
    "concern.submitted": Grant((VIEW, CHANGE), to=POLICE_SIDE),  # every concern goes to the police check
    "police_check.cleared": Grant((VIEW, CHANGE), to=MUNICIPAL_SIDE),  # the Infohus handles it
    "police_check.taken_over": Grant(
        (VIEW,),
        to=MUNICIPAL_SIDE,
        when=Condition(social_duty_recorded, "a remaining social preventive duty is recorded"),
    ),
    "item.recorded": Grant((VIEW_ITEM,), to=ACTOR),
    "exchange.shared": Grant((VIEW_ITEM,), to=RECIPIENT),  # retsplejelovens § 115
    # The Infohus stops handling it: the municipality keeps what it read, but acts no more.
    "concern.taken_over": Grant((CHANGE,), to=MUNICIPAL_SIDE, revoke=True),
    # Redskab 4 approved by both sides: the addressed departments' caseworkers follow up.
    "recommendation.approved": Grant((VIEW, CHANGE), to=ADDRESSED_CASEWORKERS),
    "exchange.revoked": Grant(
        (VIEW_ITEM,),
        to=RECIPIENT,
        revoke=True,
        unless=Condition(still_shared_with, "another active exchange to the recipient covers the item"),
    ),
}

register(RULES, GRANTS)
