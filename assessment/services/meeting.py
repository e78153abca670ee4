"""Every change in a meeting: one function per thing a user does.

Each asks the policy (`assessment/policy.py`), writes in one transaction, and announces
the change to the item's live connections after commit (`assessment.live`). Changes to
audited models go through `save()`, so django-auditlog records them with the actor.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from assessment import live
from assessment.models import (
    AgendaItem,
    Analysis,
    AuthorityNote,
    Dimension,
    DimensionScore,
    Meeting,
    MeetingShare,
    OwnScore,
    Participant,
    Presence,
)
from assessment.policy import forget_participations, participation
from assessment.selectors import current_catalogue
from concerns import services as concern_services
from concerns.models import Concern, InformationItem, State
from infohus import policy
from infohus.errors import NotPermitted, TransitionNotAllowed, UserError
from infohus.memberships import grant_membership
from infohus.models import Authority, Membership, User


class StaleScore(UserError):
    default_message = _("Someone changed this score while you were editing it. The current value is shown.")


def _clean(obj, *, exclude) -> None:
    """Model validation (markup in free text, the 0–4 range) as an error the user reads."""
    try:
        # Fields only (markup in free text, the 0–4 range): the database enforces the
        # constraints, and checking them here would cost a query each.
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        raise UserError(error.messages[0], details=error.messages[1:]) from None


def _locked_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("infohus").get(pk=meeting.pk)


def _locked_item(item: AgendaItem) -> AgendaItem:
    return (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__infohus", "analysis__concern")
        .get(pk=item.pk)
    )


# --- Arranging the meeting -----------------------------------------------------------


@transaction.atomic
def schedule_meeting(*, by: Membership, starts_at, location: str = "", video_link: str = "") -> Meeting:
    """Schedule a meeting; the Infohus's coordinators are invited from the start."""
    policy.require(by, "meeting.schedule")
    if not location.strip() and not video_link.strip():
        raise UserError(_("Give a place or a video link for the meeting."))
    meeting = Meeting.objects.create(
        infohus=by.infohus,
        starts_at=starts_at,
        location=location.strip(),
        video_link=video_link.strip(),
        created_by=by.user,
    )
    coordinators = (
        Membership.objects.filter(
            infohus=by.infohus, is_active=True, user__is_active=True, role__in=policy.COORDINATORS
        )
        .select_related("user", "authority")
        .order_by("pk")
    )
    for membership in coordinators:
        Participant.objects.get_or_create(
            meeting=meeting,
            user=membership.user,
            defaults={"authority": membership.authority, "invited_by": by.user},
        )
    return meeting


@transaction.atomic
def add_to_agenda(*, meeting: Meeting, concern: Concern, by: Membership) -> AgendaItem:
    """Put a concern that is ready for a meeting on the agenda. An analysis left open at an
    earlier meeting continues, with its scores."""
    meeting = _locked_meeting(meeting)
    policy.require(by, "meeting.manage", meeting)
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    policy.forget(by, concern)
    policy.require(by, "concern.read", concern)
    if concern.state != State.READY_FOR_MEETING:
        raise TransitionNotAllowed(_("Only a concern that is ready for a meeting can be put on the agenda."))
    if AgendaItem.objects.filter(
        analysis__concern=concern,
        outcome=AgendaItem.Outcome.PENDING,
        meeting__state__in=[Meeting.State.SCHEDULED, Meeting.State.OPEN],
    ).exists():
        raise UserError(_("The concern is already on the agenda of a meeting."))
    analysis = Analysis.objects.filter(concern=concern, closed_at__isnull=True).first()
    if analysis is None:
        analysis = Analysis.objects.create(concern=concern, catalogue=current_catalogue())
        for dimension in analysis.catalogue.dimensions.all():
            DimensionScore.objects.create(analysis=analysis, dimension=dimension)
    position = (meeting.agenda.aggregate(last=Max("position"))["last"] or 0) + 1
    item, _created = AgendaItem.objects.update_or_create(
        meeting=meeting, analysis=analysis, defaults={"position": position, "outcome": AgendaItem.Outcome.PENDING}
    )
    return item


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, by: Membership, up: bool) -> None:
    item = _locked_item(item)
    policy.require(by, "meeting.manage", item.meeting)
    agenda = list(
        AgendaItem.objects.filter(meeting=item.meeting)
        .exclude(outcome=AgendaItem.Outcome.REMOVED)
        .order_by("position", "pk")
    )
    index = next(i for i, other in enumerate(agenda) if other.pk == item.pk)
    swap = index - 1 if up else index + 1
    if 0 <= swap < len(agenda):
        agenda[index], agenda[swap] = agenda[swap], agenda[index]
    for position, other in enumerate(agenda, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


@transaction.atomic
def remove_from_agenda(*, item: AgendaItem, by: Membership) -> None:
    item = _locked_item(item)
    policy.require(by, "meeting.manage", item.meeting)
    if item.outcome != AgendaItem.Outcome.PENDING:
        raise TransitionNotAllowed(_("Only an item still on the agenda can be taken off it."))
    item.outcome = AgendaItem.Outcome.REMOVED
    item.save(update_fields=["outcome"])
    live.announce(item.pk, what="agenda")


def _invitation_mail(participant: Participant, *, with_password_link: bool) -> None:
    """The invitation names the date and a link: never the agenda or a person."""
    meeting = participant.meeting
    when = timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y %H:%M")
    lines = [
        _("You are invited to an analysis meeting in %(infohus)s on %(when)s.")
        % {"infohus": meeting.infohus.name, "when": when}
    ]
    user = participant.user
    if with_password_link:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        link = settings.SITE_URL + reverse("assessment:invitation", args=[uid, token])
        lines.append(_("Choose your password here (the link works once): %(link)s") % {"link": link})
    else:
        lines.append(_("Log in at %(link)s") % {"link": settings.SITE_URL + reverse("login")})
    lines.append(_("What is said and shown at the meeting is confidential."))
    body = "\n\n".join(lines)
    subject = _("Invitation to an Infohus analysis meeting")
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)
    )


@transaction.atomic
def invite_user(*, meeting: Meeting, by: Membership, membership: Membership) -> Participant:
    """Invite a user of the Infohus (a coordinator, a caseworker) for their authority."""
    meeting = _locked_meeting(meeting)
    policy.require(by, "meeting.manage", meeting)
    if (
        membership.infohus_id != meeting.infohus_id
        or not policy.role_may(membership, "meeting.list")
        or policy.speaks_for_any_authority(membership.role)
    ):
        raise NotPermitted(_("Only users of this Infohus who take part in meetings can be invited."))
    participant, created = Participant.objects.get_or_create(
        meeting=meeting, user=membership.user, defaults={"authority": membership.authority, "invited_by": by.user}
    )
    if not created:
        raise UserError(_("%(name)s is already invited.") % {"name": membership.user})
    _invitation_mail(participant, with_password_link=False)
    return participant


@transaction.atomic
def invite_external(
    *, meeting: Meeting, by: Membership, email: str, full_name: str, authority: Authority, title: str = ""
) -> Participant:
    """Invite someone from outside the Infohus (psychiatry, Kriminalforsorgen, a school).

    They get a login limited to the meetings they are invited to: no role in any case, and
    an e-mail with a one-time link to choose a password.
    """
    meeting = _locked_meeting(meeting)
    policy.require(by, "meeting.manage", meeting)
    if authority.kind in (Authority.Kind.MUNICIPALITY, Authority.Kind.POLICE_DISTRICT):
        # The two parties' people are users of an Infohus: as "external" they would read the
        # notes each side keeps for its own authority.
        raise UserError(_("An external participant comes from an authority outside the municipality and the police."))
    email = User.objects.normalize_email(email).lower().strip()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and policy.acts_for_a_party(user):
        raise UserError(
            _("%(email)s has a role in an Infohus: invite them from the list of users of this Infohus.")
            % {"email": email}
        )
    new_user = user is None
    if new_user:
        user = User.objects.create_user(email, None, full_name=full_name.strip(), title=title.strip())
    external = Membership.objects.filter(user=user, infohus=meeting.infohus, role=policy.PARTICIPANT).first()
    if external is None:
        grant_membership(user=user, infohus=meeting.infohus, role=policy.PARTICIPANT, authority=authority)
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                meeting=meeting, user=user, authority=authority, is_external=True, invited_by=by.user
            )
    except IntegrityError:
        raise UserError(_("%(email)s is already invited.") % {"email": email}) from None
    _invitation_mail(participant, with_password_link=not user.has_usable_password())
    return participant


@transaction.atomic
def uninvite(*, participant: Participant, by: Membership) -> None:
    meeting = _locked_meeting(participant.meeting)
    policy.require(by, "meeting.manage", meeting)
    if participant.joined_at is not None:
        raise UserError(_("A participant who has joined stays on the attendance list."))
    participant.delete()


@transaction.atomic
def share_with_meeting(
    *,
    item: AgendaItem,
    by: Membership,
    summary: str,
    items: list[InformationItem],
    legal_basis_section: int,
    purpose: str,
    necessity: str,
    legal_basis_number: int | None = None,
) -> MeetingShare:
    """Share a summary of the concern and own items with the meeting's participants: a
    § 115 exchange like any other (basis, purpose, necessity, who, when, a snapshot)."""
    item = _locked_item(item)
    policy.require(by, "meeting.share", item)
    if item.outcome != AgendaItem.Outcome.PENDING:
        raise TransitionNotAllowed(_("The concern is no longer on this agenda."))
    exchange = concern_services.disclose_to_participants(
        concern=item.analysis.concern,
        by=by,
        items=items,
        summary=summary,
        legal_basis_section=legal_basis_section,
        purpose=purpose,
        necessity=necessity,
        legal_basis_number=legal_basis_number,
    )
    share = MeetingShare.objects.create(exchange=exchange, meeting=item.meeting)
    live.announce(item.pk, what="shared")
    return share


@transaction.atomic
def open_meeting(*, meeting: Meeting, by: Membership) -> Meeting:
    meeting = _locked_meeting(meeting)
    policy.require(by, "meeting.manage", meeting)
    if meeting.state != Meeting.State.SCHEDULED:
        raise TransitionNotAllowed(_("Only a scheduled meeting can be opened."))
    meeting.state = Meeting.State.OPEN
    meeting.opened_at = timezone.now()
    meeting.save(update_fields=["state", "opened_at"])
    return meeting


@transaction.atomic
def close_meeting(*, meeting: Meeting, by: Membership) -> list[AgendaItem]:
    """Close the meeting. An unfinished item carries over, with its analysis and scores, to
    the next scheduled meeting if there is one; otherwise it waits for one. Returns them."""
    meeting = _locked_meeting(meeting)
    policy.require(by, "meeting.manage", meeting)
    if meeting.state != Meeting.State.OPEN:
        raise TransitionNotAllowed(_("Only an open meeting can be closed."))
    meeting.state = Meeting.State.CLOSED
    meeting.closed_at = timezone.now()
    meeting.save(update_fields=["state", "closed_at"])
    # Locked, so an analysis closed at this moment is not carried over as unfinished.
    unfinished = list(
        meeting.agenda.select_for_update(of=("self",))
        .filter(outcome=AgendaItem.Outcome.PENDING)
        .select_related("analysis__concern")
    )
    following = (
        Meeting.objects.filter(infohus=meeting.infohus, state=Meeting.State.SCHEDULED, starts_at__gt=meeting.starts_at)
        .order_by("starts_at")
        .first()
    )
    for item in unfinished:
        item.outcome = AgendaItem.Outcome.CARRIED_OVER
        item.save(update_fields=["outcome"])
        waiting = item.analysis.concern.state == State.READY_FOR_MEETING  # not sent back or withdrawn meanwhile
        if waiting and following is not None and not following.agenda.filter(analysis=item.analysis).exists():
            position = (following.agenda.aggregate(last=Max("position"))["last"] or 0) + 1
            AgendaItem.objects.create(meeting=following, analysis=item.analysis, position=position)
    Presence.objects.filter(agenda_item__meeting=meeting).delete()
    for item in meeting.agenda.all():
        live.announce(item.pk, what="closed")
    return unfinished


@transaction.atomic
def write_minutes(*, meeting: Meeting, by: Membership, minutes: str) -> Meeting:
    meeting = _locked_meeting(meeting)
    policy.require(by, "meeting.read_record", meeting)
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["minutes"])
    return meeting


# --- In the meeting -------------------------------------------------------------------


@transaction.atomic
def confirm_confidentiality(*, meeting: Meeting, by: Membership) -> Participant:
    """A participant confirms the confidentiality statement; their attendance starts."""
    meeting = _locked_meeting(meeting)
    policy.require(by, "meeting.enter", meeting)
    participant = Participant.objects.select_for_update().get(pk=participation(by, meeting).pk)
    now = timezone.now()
    if participant.confidentiality_confirmed_at is None:
        participant.confidentiality_confirmed_at = now
        participant.joined_at = participant.joined_at or now
        participant.save(update_fields=["confidentiality_confirmed_at", "joined_at"])
    forget_participations(by)
    return participant


def _dimension(item: AgendaItem, number) -> Dimension:
    try:
        return item.analysis.catalogue.dimensions.get(number=int(number))
    except (Dimension.DoesNotExist, TypeError, ValueError):
        raise UserError(_("Choose one of the nine dimensions.")) from None


def _status_and_value(status: str, value) -> tuple[str, int | None]:
    """A score is 0–4, or "not assessed", or "unknown" (which is not 0)."""
    if status == DimensionScore.Status.SCORED:
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise UserError(_("Choose a score from 0 to 4.")) from None
        if not 0 <= value <= 4:
            raise UserError(_("Choose a score from 0 to 4."))
        return status, value
    if status in (DimensionScore.Status.NOT_ASSESSED, DimensionScore.Status.UNKNOWN):
        return status, None
    raise UserError(_("Choose a score from 0 to 4, “not assessed” or “unknown”."))


@transaction.atomic
def record_agreed_score(
    *,
    item: AgendaItem,
    by: Membership,
    dimension,
    status: str,
    value=None,
    justification: str = "",
    contributors=(),
    version: int,
) -> DimensionScore:
    """What the meeting agreed on one dimension. A change made from a stale version is
    refused, so two people changing the same dimension never lose one silently.
    `contributors`: authorities (or their ids) that contributed; only the meeting's count."""
    item = _locked_item(item)
    policy.require(by, "meeting.score", item)
    status, value = _status_and_value(status, value)
    try:
        score = (
            DimensionScore.objects.select_for_update(of=("self",))
            .select_related("dimension")
            .get(analysis=item.analysis, dimension__number=int(dimension))
        )
    except (DimensionScore.DoesNotExist, TypeError, ValueError):
        raise UserError(_("Choose one of the nine dimensions.")) from None
    dimension = score.dimension
    if int(version) != score.version:
        raise StaleScore()
    parties = set(Participant.objects.filter(meeting=item.meeting).values_list("authority_id", flat=True))
    contributors = [getattr(a, "pk", a) for a in contributors]
    contributors = [pk for pk in contributors if pk in parties]
    score.status, score.value = status, value
    score.justification = justification.strip()
    score.version += 1
    score.updated_by, score.updated_at = by.user, timezone.now()
    _clean(score, exclude=["analysis", "dimension", "updated_by", "contributors"])
    score.save(update_fields=["status", "value", "justification", "version", "updated_by", "updated_at"])
    if set(contributors) != {a.pk for a in score.contributors.all()}:
        score.contributors.set(contributors)
    live.announce(item.pk, dimension=dimension.number)
    return score


@transaction.atomic
def record_own_score(*, item: AgendaItem, by: Membership, dimension, status: str, value=None) -> OwnScore:
    """A participant's own score, before the meeting agrees: only ever their own."""
    item = _locked_item(item)
    policy.require(by, "meeting.own_score", item)
    dimension = _dimension(item, dimension)
    status, value = _status_and_value(status, value)
    participant = participation(by, item.meeting)
    own, _created = OwnScore.objects.select_for_update().get_or_create(
        analysis=item.analysis,
        dimension=dimension,
        participant=participant,
        defaults={"status": status, "value": value},
    )
    if not _created:
        own.status, own.value, own.updated_at = status, value, timezone.now()
        own.save(update_fields=["status", "value", "updated_at"])
    live.announce(item.pk, dimension=dimension.number)
    return own


@transaction.atomic
def add_note(*, item: AgendaItem, by: Membership, dimension, text: str) -> AuthorityNote:
    """A note kept for the writer's own authority: the other authorities never see it."""
    item = _locked_item(item)
    policy.require(by, "meeting.note", item)
    dimension = _dimension(item, dimension)
    if not text.strip():
        raise UserError(_("Write the note."))
    note = AuthorityNote(
        analysis=item.analysis,
        dimension=dimension,
        authority=participation(by, item.meeting).authority,
        text=text.strip(),
        written_by=by.user,
    )
    _clean(note, exclude=["analysis", "dimension", "authority", "written_by"])
    note.save()
    live.announce(item.pk, dimension=dimension.number, what="note", authority=note.authority_id)
    return note


@transaction.atomic
def close_analysis(*, item: AgendaItem, by: Membership) -> Analysis:
    """The meeting has been through every dimension: the concern is analysed."""
    item = _locked_item(item)
    policy.require(by, "meeting.close_analysis", item)
    missing = [
        str(score.dimension)
        for score in item.analysis.scores.select_related("dimension").order_by("dimension__number")
        if not score.status
    ]
    if missing:
        raise UserError(_("Every dimension needs a score, “not assessed” or “unknown” first."), details=missing)
    analysis = Analysis.objects.select_for_update().get(pk=item.analysis_id)
    analysis.closed_at, analysis.closed_by = timezone.now(), by.user
    analysis.save(update_fields=["closed_at", "closed_by"])
    item.outcome = AgendaItem.Outcome.ANALYSED
    item.save(update_fields=["outcome"])
    concern = Concern.objects.select_for_update().get(pk=analysis.concern_id)
    policy.forget(by, concern)
    concern_services.move_concern(concern, State.ANALYSED, by=by)
    live.announce(item.pk, what="closed")
    return analysis


# --- Presence (the live connections) ----------------------------------------------------


def join(*, item: AgendaItem, by: Membership, channel_name: str) -> None:
    participant = participation(by, item.meeting)
    Presence.objects.update_or_create(
        channel_name=channel_name, defaults={"agenda_item": item, "participant": participant, "editing": None}
    )
    live.announce(item.pk, what="presence")


def leave(*, channel_name: str) -> None:
    presence = Presence.objects.filter(channel_name=channel_name).first()
    if presence is not None:
        presence.delete()
        live.announce(presence.agenda_item_id, what="presence")


def editing(*, item: AgendaItem, channel_name: str, dimension) -> None:
    """Show the others which dimension someone is editing (or none)."""
    target = None
    if dimension not in (None, ""):
        target = _dimension(item, dimension)
    updated = Presence.objects.filter(channel_name=channel_name, agenda_item=item).update(editing=target)
    if updated:
        live.announce(item.pk, what="presence")
