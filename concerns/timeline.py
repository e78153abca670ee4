"""The case's history, as a public API: every service that changes case data records what
happened under a stable dotted name that reads as a sentence.

The names are part of the product: the case page shows them, the data-protection officer
and later apps (the meeting, Redskab 4) read them. Add new names; never rename one. The
grants of `concerns/policy.py` are keyed by the same names.
"""

from django.utils.translation import gettext as _

from concerns.models import Concern, Source, State, TimelineEvent
from infohus.models import Authority, Membership

ACTIONS = frozenset(
    {
        "concern.created",  # recorded as a draft (Redskab 1)
        "concern.edited",
        "concern.completed",  # Redskab 1 is done
        "concern.submitted",  # sent to the police check
        "concern.withdrawn",
        "concern.not_current",
        "concern.closed",
        "police_check.cleared",
        "police_check.taken_over",
        "police_check.not_extremism",
        "gathering.started",
        "gathering.finished",
        "gathering.reopened",
        "request.made",
        "request.answered",
        "item.recorded",
        "exchange.shared",
        "exchange.revoked",
        "analysis.closed",
        "analysis.sent_back",
        "recommendation.approved",
        "follow_up.started",
        "follow_up.recorded",
        "concern.taken_over",  # withdrawn from the Infohus by the police after the check
        "assessment.written",
        "assessment.approved",  # by one side; both: recommendation.approved or concern.not_current
    }
)


def record(
    concern: Concern,
    action: str,
    *,
    by: Membership,
    visible_to: Authority | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    changed_fields: list[str] | None = None,
    **details,
) -> TimelineEvent:
    """Write one line of the case's history, in the caller's transaction.

    `visible_to` keeps a line for one authority's eyes: that the police recorded an item
    must not tell the municipality that the police hold information.
    """
    if action not in ACTIONS:
        raise ValueError(f"Unknown timeline action {action!r}: add it to concerns.timeline.ACTIONS")
    return TimelineEvent.objects.create(
        concern=concern,
        actor=by.user,
        actor_role=by.role,
        action=action,
        visible_to=visible_to,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        changed_fields=changed_fields or [],
        details=details,
    )


def _source(event: TimelineEvent) -> str:
    source = event.details.get("source", "")
    label = Source(source).label if source in Source.values else source
    name = event.details.get("source_name", "")
    return f"{label} ({name})" if name else str(label)


def describe(event: TimelineEvent) -> str:
    """The line as the reader's language says it, after the actor's name."""
    if event.from_state and event.to_state:
        return _("moved the case from “%(frm)s” to “%(to)s”") % {
            "frm": State(event.from_state).label,
            "to": State(event.to_state).label,
        }
    if event.action == "concern.created":
        return _("recorded the concern as a draft")
    if event.action == "concern.edited":
        return f"{_('edited')} {', '.join(event.changed_labels())}"
    if event.action == "exchange.shared":
        return _("Information shared (§ 115)").lower()
    if event.action == "exchange.revoked":
        return _("Sharing revoked").lower()
    if event.action == "request.made":
        return _("asked %(source)s for information") % {"source": _source(event)}
    if event.action == "request.answered":
        return _("marked the request to %(source)s as answered") % {"source": _source(event)}
    if event.action == "item.recorded":
        return _("recorded information from %(source)s") % {"source": _source(event)}
    if event.action == "assessment.written":
        return _("wrote version %(number)s of the holistic assessment") % {"number": event.details.get("version")}
    if event.action == "assessment.approved":
        return _("approved version %(number)s of the holistic assessment") % {"number": event.details.get("version")}
    if event.action == "follow_up.recorded":
        return _("recorded the follow-up")
    return event.action
