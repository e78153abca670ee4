"""The start page: what each role works with, as the policy lets it."""

from django.shortcuts import render

from assessment import selectors as meeting_selectors
from assessment.models import Meeting
from concerns import selectors
from concerns.models import State
from infohus import policy
from infohus.access_log import record_reads


def home(request):
    membership = request.membership
    context = {}
    if policy.role_may(membership, "concern.list"):
        visible = selectors.concerns_visible_to(membership)
        context["drafts"] = list(
            visible.filter(state=State.DRAFT, created_by=request.user).order_by("-created_at")[:10]
        )
        context["recent"] = list(visible.exclude(state=State.DRAFT).order_by("-updated_at")[:10])
        if policy.role_may(membership, "police_check.queue"):
            context["queue"] = list(selectors.police_queue(membership)[:10])
        record_reads({c.pk: c for key in ("drafts", "recent", "queue") for c in context.get(key, [])}.values())
    if policy.role_may(membership, "follow_up.record"):
        context["recommendations"] = meeting_selectors.recommendations_for(membership)
        context["overdue_follow_ups"] = list(meeting_selectors.overdue_follow_ups(membership)[:10])
    if policy.role_may(membership, "meeting.list"):
        context["meetings"] = list(
            meeting_selectors.meetings_visible_to(membership)
            .filter(state__in=[Meeting.State.SCHEDULED, Meeting.State.OPEN])
            .order_by("starts_at")[:5]
        )
    return render(request, "portal/home.html", context)
