"""The meeting's pages. Thin: parse, call a service or a selector, render. Every page
also works without JavaScript: the live room's forms post here, and with JavaScript the
same forms go over the WebSocket instead (`assessment.consumers`)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from assessment import selectors, services
from assessment.access import get_agenda_item_or_404, get_meeting_or_404, get_participant_or_404
from assessment.forms import (
    AgendaAddForm,
    AgreedScoreForm,
    ConfidentialityForm,
    InviteExternalForm,
    InviteUserForm,
    MeetingForm,
    MinutesForm,
    NoteForm,
    OwnScoreForm,
    ShareWithMeetingForm,
    split_score,
)
from assessment.models import Meeting
from assessment.policy import participation
from assessment.room import contributing_authorities, room_context
from concerns import selectors as concern_selectors
from concerns.views import form_errors_as_messages
from infohus import policy
from infohus.access_log import record_reads
from infohus.decorators import requires
from infohus.models import Membership


@requires("meeting.list")
def meeting_list(request):
    membership = request.membership
    meetings = list(selectors.meetings_visible_to(membership).order_by("-starts_at")[:50])
    form = MeetingForm() if policy.role_may(membership, "meeting.schedule") else None
    return render(request, "assessment/meeting_list.html", {"meetings": meetings, "form": form})


@require_POST
@requires("meeting.schedule")
def meeting_schedule(request):
    form = MeetingForm(request.POST)
    if not form.is_valid():
        meetings = list(selectors.meetings_visible_to(request.membership).order_by("-starts_at")[:50])
        return render(request, "assessment/meeting_list.html", {"meetings": meetings, "form": form}, status=400)
    meeting = services.schedule_meeting(by=request.membership, **form.cleaned_data)
    messages.success(request, _("The meeting was scheduled. The coordinators of the Infohus are invited."))
    return redirect("assessment:detail", meeting.pk)


def _invitable(membership: Membership, meeting: Meeting):
    invited = meeting.participants.values("user")
    return (
        Membership.objects.filter(infohus=meeting.infohus, is_active=True, user__is_active=True)
        .filter(role__in=[role for role in policy.roles_for("meeting.list") if role in policy.CASE_ROLES])
        .exclude(user__in=invited)
        .select_related("user", "authority")
        .order_by("user__full_name")
    )


@requires("meeting.read_record")
def meeting_detail(request, pk):
    """Arranging the meeting, and its record: agenda, participants and attendance, what
    was shared with it and by whom, the minutes."""
    return _render_meeting(request, get_meeting_or_404(request.membership, pk, action="meeting.read_record"))


def _render_meeting(request, meeting, **bound_forms):
    """The meeting page; a form that failed comes back bound (`agenda_form=…`), with its
    input and errors."""
    membership = request.membership
    agenda = list(selectors.agenda_of(meeting))
    participants = list(selectors.participants_of(meeting))
    shares = list(selectors.all_shares_of(meeting))
    may = policy.actions_on(membership, meeting)
    read = [meeting, *participants, *(share.exchange for share in shares)]
    for item in agenda:
        if item.outcome != item.Outcome.PENDING:  # the record keeps what was agreed
            item.state = selectors.room_state(membership, item)
            read += [item.analysis, *(row.agreed for row in item.state.rows)]
    record_reads(read)
    context = {
        "meeting": meeting,
        "agenda": agenda,
        "participants": participants,
        "shares": shares,
        "may": may,
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
    }
    if "meeting.manage" in may:
        context.update(
            agenda_form=AgendaAddForm(concerns=selectors.concerns_ready_for(membership, meeting)),
            invite_user_form=InviteUserForm(memberships=_invitable(membership, meeting)),
            invite_external_form=InviteExternalForm(infohus=meeting.infohus),
        )
    context.update(bound_forms, failed=list(bound_forms.values()))
    return render(request, "assessment/meeting_detail.html", context)


@require_POST
@requires("meeting.manage")
def agenda_add(request, pk):
    membership = request.membership
    meeting = get_meeting_or_404(membership, pk, action="meeting.manage")
    form = AgendaAddForm(request.POST, concerns=selectors.concerns_ready_for(membership, meeting))
    if form.is_valid():
        services.add_to_agenda(meeting=meeting, concern=form.cleaned_data["concern"], by=membership)
        messages.success(request, _("The concern was put on the agenda."))
    else:
        return _render_meeting(request, meeting, agenda_form=form)
    return redirect("assessment:detail", meeting.pk)


@require_POST
@requires("meeting.manage")
def agenda_move(request, pk, item_pk):
    item = get_agenda_item_or_404(request.membership, pk, item_pk)
    services.move_agenda_item(item=item, by=request.membership, up=request.POST.get("direction") == "up")
    return redirect("assessment:detail", pk)


@require_POST
@requires("meeting.manage")
def agenda_remove(request, pk, item_pk):
    item = get_agenda_item_or_404(request.membership, pk, item_pk)
    services.remove_from_agenda(item=item, by=request.membership)
    messages.success(request, _("The concern was taken off the agenda."))
    return redirect("assessment:detail", pk)


@require_POST
@requires("meeting.manage")
def invite_user(request, pk):
    membership = request.membership
    meeting = get_meeting_or_404(membership, pk, action="meeting.manage")
    form = InviteUserForm(request.POST, memberships=_invitable(membership, meeting))
    if form.is_valid():
        invited = services.invite_user(meeting=meeting, by=membership, membership=form.cleaned_data["membership"])
        messages.success(request, _("%(name)s is invited.") % {"name": invited.user})
    else:
        return _render_meeting(request, meeting, invite_user_form=form)
    return redirect("assessment:detail", meeting.pk)


@require_POST
@requires("meeting.manage")
def invite_external(request, pk):
    membership = request.membership
    meeting = get_meeting_or_404(membership, pk, action="meeting.manage")
    form = InviteExternalForm(request.POST, infohus=meeting.infohus)
    if form.is_valid():
        invited = services.invite_external(meeting=meeting, by=membership, **form.cleaned_data)
        messages.success(
            request, _("%(name)s is invited and gets an e-mail with a link to log in.") % {"name": invited.user}
        )
    else:
        return _render_meeting(request, meeting, invite_external_form=form)
    return redirect("assessment:detail", meeting.pk)


@require_POST
@requires("meeting.manage")
def uninvite(request, pk, participant_pk):
    participant = get_participant_or_404(request.membership, pk, participant_pk)
    services.uninvite(participant=participant, by=request.membership)
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("assessment:detail", pk)


@requires("meeting.share")
def share(request, pk, item_pk):
    """Share a summary of the concern and one's own items with the meeting (§ 115)."""
    membership = request.membership
    item = get_agenda_item_or_404(membership, pk, item_pk, action="meeting.share")
    concern = item.analysis.concern
    own_items = concern_selectors.items_visible_to(membership, concern).filter(owning_authority=membership.authority)
    form = ShareWithMeetingForm(request.POST or None, own_items=own_items)
    if request.method == "POST" and form.is_valid():
        services.share_with_meeting(item=item, by=membership, **form.cleaned_data)
        messages.success(request, _("Shared with the meeting's participants under section 115."))
        return redirect("assessment:detail", pk)
    return render(request, "assessment/share.html", {"item": item, "concern": concern, "form": form})


@require_POST
@requires("meeting.manage")
def meeting_open(request, pk):
    meeting = get_meeting_or_404(request.membership, pk, action="meeting.manage")
    services.open_meeting(meeting=meeting, by=request.membership)
    messages.success(request, _("The meeting is open. The participants can join now."))
    return redirect("assessment:detail", pk)


@require_POST
@requires("meeting.manage")
def meeting_close(request, pk):
    meeting = get_meeting_or_404(request.membership, pk, action="meeting.manage")
    carried = services.close_meeting(meeting=meeting, by=request.membership)
    messages.success(request, _("The meeting is closed. The external participants no longer have access."))
    if carried:
        messages.info(
            request,
            ngettext(
                "%(count)s unfinished concern carries over to the next meeting.",
                "%(count)s unfinished concerns carry over to the next meeting.",
                len(carried),
            )
            % {"count": len(carried)},
        )
    return redirect("assessment:detail", pk)


@require_POST
@requires("meeting.read_record")
def minutes(request, pk):
    meeting = get_meeting_or_404(request.membership, pk, action="meeting.read_record")
    form = MinutesForm(request.POST)
    if form.is_valid():
        services.write_minutes(meeting=meeting, by=request.membership, minutes=form.cleaned_data["minutes"])
        messages.success(request, _("The minutes were saved."))
    else:
        return _render_meeting(request, meeting, minutes_form=form)
    return redirect("assessment:detail", pk)


@requires("meeting.enter")
def enter(request, pk):
    """The door of an open meeting: the confidentiality statement, then the agenda."""
    membership = request.membership
    meeting = get_meeting_or_404(membership, pk, action="meeting.enter")
    decision = policy.decide(membership, "meeting.enter", meeting)
    if not decision:
        messages.error(request, decision.message)
        return redirect("assessment:list")
    me = participation(membership, meeting)
    form = ConfidentialityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        me = services.confirm_confidentiality(meeting=meeting, by=membership)
    agenda = list(selectors.agenda_of(meeting))
    return render(request, "assessment/enter.html", {"meeting": meeting, "me": me, "form": form, "agenda": agenda})


@requires("meeting.attend")
def room(request, pk, item_pk):
    """One concern of an open meeting: what was shared, the board, the nine dimensions."""
    membership = request.membership
    item = get_agenda_item_or_404(membership, pk, item_pk, action="meeting.attend")
    decision = policy.decide(membership, "meeting.attend", item)
    if not decision:
        messages.error(request, decision.message)
        return redirect("assessment:enter", pk)
    context = {**room_context(membership, item), "agenda": list(selectors.agenda_of(item.meeting))}
    record_reads(context["state"].audited)
    return render(request, "assessment/room.html", context)


def _back_to_room(pk, item_pk, number=None):
    url = reverse("assessment:room", args=[pk, item_pk])
    return redirect(f"{url}#dimension-{number}" if number else url)


@require_POST
@requires("meeting.score")
def score(request, pk, item_pk):
    item = get_agenda_item_or_404(request.membership, pk, item_pk, action="meeting.score")
    number = request.POST.get("dimension")
    form = AgreedScoreForm(request.POST, prefix=f"d{number}", authorities=contributing_authorities(item))
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return _back_to_room(pk, item_pk, number)
    status, value = split_score(form.cleaned_data["score"])
    services.record_agreed_score(
        item=item,
        by=request.membership,
        dimension=form.cleaned_data["dimension"],
        status=status,
        value=value,
        justification=form.cleaned_data["justification"],
        contributors=form.cleaned_data["contributors"],
        version=form.cleaned_data["version"],
    )
    messages.success(request, _("The agreed score was saved."))
    return _back_to_room(pk, item_pk, number)


@require_POST
@requires("meeting.own_score")
def own_score(request, pk, item_pk):
    item = get_agenda_item_or_404(request.membership, pk, item_pk, action="meeting.own_score")
    number = request.POST.get("dimension")
    form = OwnScoreForm(request.POST, prefix=f"o{number}")
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return _back_to_room(pk, item_pk, number)
    status, value = split_score(form.cleaned_data["score"])
    services.record_own_score(
        item=item, by=request.membership, dimension=form.cleaned_data["dimension"], status=status, value=value
    )
    messages.success(request, _("Your own score was saved."))
    return _back_to_room(pk, item_pk, number)


@require_POST
@requires("meeting.note")
def note(request, pk, item_pk):
    item = get_agenda_item_or_404(request.membership, pk, item_pk, action="meeting.note")
    number = request.POST.get("dimension")
    form = NoteForm(request.POST, prefix=f"n{number}")
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return _back_to_room(pk, item_pk, number)
    services.add_note(
        item=item, by=request.membership, dimension=form.cleaned_data["dimension"], text=form.cleaned_data["text"]
    )
    messages.success(request, _("The note was saved. Only your authority sees it."))
    return _back_to_room(pk, item_pk, number)


@require_POST
@requires("meeting.close_analysis")
def close_analysis(request, pk, item_pk):
    item = get_agenda_item_or_404(request.membership, pk, item_pk, action="meeting.close_analysis")
    services.close_analysis(item=item, by=request.membership)
    messages.success(request, _("The analysis is closed: the concern is analysed."))
    return _back_to_room(pk, item_pk)


class InvitationView(auth_views.PasswordResetConfirmView):
    """An invited participant chooses a password with the one-time link from the e-mail."""

    template_name = "assessment/invitation.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set. Log in with your e-mail address."))
        return response


invitation = login_not_required(InvitationView.as_view())
