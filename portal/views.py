"""The start page: what each role works with, as the policy lets it. And the pages anyone
may read without logging in: the accessibility statement, the privacy notice and the
answer to a refused form (CSRF)."""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assessment import selectors as meeting_selectors
from assessment.models import Meeting
from concerns import selectors
from concerns.models import State
from infohus import memberships as services
from infohus import policy
from infohus.access_log import record_list_read
from infohus.decorators import requires

WORKLIST_LENGTH = 10


def home(request):
    """The start page: what waits on the user, as far as their role may see it."""
    membership = request.membership
    context = {}
    if policy.role_may(membership, "concern.list"):
        visible = selectors.concerns_visible_to(membership)
        context["drafts"] = list(
            visible.filter(state=State.DRAFT, created_by=request.user).order_by("-created_at")[:WORKLIST_LENGTH]
        )
        context["recent"] = list(visible.exclude(state=State.DRAFT).order_by("-updated_at")[:WORKLIST_LENGTH])
        coordinator = policy.role_may(membership, "gathering.read")  # the caseworker has no worklist
        context["coordinator"] = coordinator
        if coordinator:
            context["waiting_for_police"] = list(selectors.waiting_for_police(membership)[:WORKLIST_LENGTH])
            context["police_may_decide"] = policy.role_may(membership, "police_check.queue")
            context["ready_for_meeting"] = list(selectors.ready_for_meeting(membership)[:WORKLIST_LENGTH])
            context["overdue_requests"] = list(selectors.overdue_requests(membership)[:WORKLIST_LENGTH])
            context["shared_with_me"] = list(
                selectors.shared_with_me_since(membership, membership.shared_seen_at)[:WORKLIST_LENGTH]
            )
        shown = [
            *context["drafts"],
            *context["recent"],
            *context.get("waiting_for_police", []),
            *context.get("ready_for_meeting", []),
            *(r.concern for r in context.get("overdue_requests", [])),
            *(e.concern for e in context.get("shared_with_me", [])),
        ]
        # Names on a list are a consultation too: one entry naming the cases shown.
        record_list_read({c.pk: c for c in shown}.values(), membership=membership, list_name="worklist")
    if policy.role_may(membership, "follow_up.record"):
        context["recommendations"] = list(meeting_selectors.recommendations_for(membership)[:WORKLIST_LENGTH])
        context["overdue_follow_ups"] = list(meeting_selectors.overdue_follow_ups(membership)[:WORKLIST_LENGTH])
    if policy.role_may(membership, "meeting.list"):
        context["meetings"] = list(
            meeting_selectors.meetings_visible_to(membership)
            .filter(state__in=[Meeting.State.SCHEDULED, Meeting.State.OPEN])
            .order_by("starts_at")[:5]
        )
    return render(request, "portal/home.html", context)


@require_POST
@requires("exchange.read")
def shared_seen(request):
    """ "Mark as seen": the start page lists only what is shared with the authority after now."""
    services.mark_shared_seen(request.membership)
    return redirect("home")


# The day the accessibility statement was last reviewed; update it with the statement.
ACCESSIBILITY_REVIEWED_ON = date(2026, 11, 25)


@login_not_required
def accessibility(request):
    """The accessibility statement (lov om tilgængelighed af offentlige organers websteder):
    in production it is published on Digitaliseringsstyrelsen's WAS-tool; this page shows
    the same content to the users where they work."""
    context = {"contact": settings.ACCESSIBILITY_CONTACT, "reviewed_on": ACCESSIBILITY_REVIEWED_ON}
    return render(request, "portal/accessibility.html", context)


@login_not_required
def privacy(request):
    """The privacy notice (GDPR art. 13 and 14). A logged-in user sees the two controllers
    of their own Infohus by name."""
    infohus = request.membership.infohus if getattr(request, "membership", None) else None
    return render(request, "portal/privacy.html", {"infohus": infohus, "dpo_contact": settings.PRIVACY_CONTACT})


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW. Django's own renders 403_csrf.html without the request, so the
    page would lose the user's header and menu. `reason` is for developers, not shown."""
    return render(request, "403_csrf.html", status=403)
