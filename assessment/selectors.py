"""Reads of meetings and analyses, starting from what the membership may see.

An external participant holds no grant on any case: everything they read here is the
meeting's (its agenda, what was shared with it, the scores) or their own authority's
notes. The room state is read afresh for each reader, so a live update never carries
what one participant may not see to another.
"""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.functional import cached_property

from assessment.board import Board, board_of
from assessment.models import (
    AgendaItem,
    Analysis,
    Assessment,
    AssessmentVersion,
    AuthorityNote,
    Catalogue,
    Dimension,
    DimensionScore,
    FollowUp,
    Meeting,
    MeetingShare,
    OwnScore,
    Participant,
    Presence,
    Recommendation,
)
from assessment.policy import participation
from concerns import selectors as concern_selectors
from concerns.models import Concern, Exchange, ExchangeItem, State
from infohus import policy
from infohus.models import Membership


def current_catalogue() -> Catalogue:
    return Catalogue.objects.get(is_current=True)


def meetings_visible_to(membership: Membership | None) -> QuerySet[Meeting]:
    """The coordinators see every meeting of their Infohus; anyone else the meetings they
    are invited to."""
    if not policy.role_may(membership, "meeting.list"):
        return Meeting.objects.none()
    meetings = Meeting.objects.filter(infohus=membership.infohus)
    if not policy.role_may(membership, "meeting.schedule"):
        meetings = meetings.filter(participants__user=membership.user_id)
    return meetings.select_related("infohus")


def visible_meeting(membership: Membership | None, pk: int) -> Meeting | None:
    return meetings_visible_to(membership).filter(pk=pk).first()


def agenda_of(meeting: Meeting) -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .exclude(outcome=AgendaItem.Outcome.REMOVED)
        .select_related("meeting", "analysis__concern__person", "analysis__concern__infohus")
        .order_by("position", "pk")
    )


def agenda_item(meeting: Meeting, pk: int) -> AgendaItem | None:
    return agenda_of(meeting).filter(pk=pk).first()


def participants_of(meeting: Meeting) -> QuerySet[Participant]:
    return meeting.participants.select_related("user", "authority").order_by("authority__name", "user__full_name")


def concerns_ready_for(membership: Membership, meeting: Meeting) -> QuerySet[Concern]:
    """Concerns ready for a meeting, not already waiting on the agenda of one."""
    waiting = AgendaItem.objects.filter(
        outcome=AgendaItem.Outcome.PENDING, meeting__state__in=[Meeting.State.SCHEDULED, Meeting.State.OPEN]
    ).values("analysis__concern")
    return (
        concern_selectors.concerns_visible_to(membership)
        .filter(state=State.READY_FOR_MEETING)
        .exclude(pk__in=waiting)
        .order_by("-acute_danger", "received_at")
    )


def shares_with(item: AgendaItem) -> QuerySet[MeetingShare]:
    """What was shared with this meeting about this concern and not revoked."""
    return (
        MeetingShare.objects.filter(
            meeting=item.meeting, exchange__concern=item.analysis.concern, exchange__revoked_at__isnull=True
        )
        .select_related("exchange__from_authority", "exchange__shared_by", "exchange__concern")
        .prefetch_related(Prefetch("exchange__shared_items", queryset=ExchangeItem.objects.order_by("pk")))
        .order_by("exchange__shared_at", "pk")
    )


def all_shares_of(meeting: Meeting) -> QuerySet[MeetingShare]:
    """Every sharing with the meeting, revoked ones included: the record of what came from whom."""
    return (
        MeetingShare.objects.filter(meeting=meeting)
        .select_related("exchange__from_authority", "exchange__shared_by", "exchange__concern")
        .prefetch_related("exchange__shared_items")
        .order_by("exchange__shared_at", "pk")
    )


def earlier_analysis(membership: Membership, analysis: Analysis) -> Analysis | None:
    """The latest earlier closed analysis of the same person that the reader may know of:
    a coordinator's side may see the person's other concerns; a participant only sees the
    same concern's earlier analyses (their meeting was told of this concern alone)."""
    concern = analysis.concern
    closed = Analysis.objects.filter(closed_at__isnull=False).exclude(pk=analysis.pk)
    same = Q(concern=concern)
    if policy.role_may(membership, "concern.read"):
        person = concern.person
        others = concern_selectors.earlier_concerns(
            membership, cpr=person.cpr, full_name=person.full_name, birth_date=person.birth_date, exclude_pk=concern.pk
        )
        same |= Q(concern__in=others.values("pk"))
    return (
        closed.filter(same)
        .order_by("-closed_at")
        .prefetch_related(Prefetch("scores", queryset=DimensionScore.objects.select_related("dimension")))
        .first()
    )


@dataclass
class DimensionRow:
    dimension: Dimension
    agreed: DimensionScore
    earlier: DimensionScore | None = None
    own_scores: list[OwnScore] = field(default_factory=list)
    mine: OwnScore | None = None
    notes: list[AuthorityNote] = field(default_factory=list)
    editing: list[Presence] = field(default_factory=list)


@dataclass
class RoomState:
    item: AgendaItem
    participant: Participant | None
    rows: list[DimensionRow]
    earlier: Analysis | None
    presence: list[Presence]
    shares: list[MeetingShare]

    def rows_of(self, part: str) -> list[DimensionRow]:
        return [row for row in self.rows if row.dimension.part == part]

    @cached_property
    def board(self) -> Board:
        return board_of(self.rows)

    @property
    def risk_rows(self):
        return self.rows_of(Dimension.Part.RISK)

    @property
    def resilience_rows(self):
        return self.rows_of(Dimension.Part.RESILIENCE)

    @property
    def audited(self) -> list:
        """Every record this state shows: each send is logged as a read of them."""
        return [
            self.item.analysis,
            *(row.agreed for row in self.rows),
            *([self.earlier, *(row.earlier for row in self.rows if row.earlier)] if self.earlier else []),
            *(own for row in self.rows for own in row.own_scores),
            *(note for row in self.rows for note in row.notes),
            *(share.exchange for share in self.shares),
        ]


@dataclass
class SharedState:
    """What is the same for every invited reader of an agenda item: the meeting's record
    (agreed scores, everyone's own scores), who is here, and what was shared with it."""

    scores: list[DimensionScore]
    own_scores: list[OwnScore]
    presence: list[Presence]
    shares: list[MeetingShare]


def shared_state(item: AgendaItem) -> SharedState:
    analysis = item.analysis
    scores = list(
        DimensionScore.objects.filter(analysis=analysis)
        .select_related("dimension", "updated_by")
        .prefetch_related("contributors")
        .order_by("dimension__number")
    )
    # Own scores are this meeting's: after a carry-over, the next meeting's participants do
    # not see who scored what at the last one.
    own_scores = list(
        OwnScore.objects.filter(analysis=analysis, participant__meeting_id=item.meeting_id).select_related(
            "participant__user", "participant__authority"
        )
    )
    for row in (*scores, *own_scores):
        row.analysis = analysis  # logging their reads needs no query
    return SharedState(
        scores=scores,
        own_scores=own_scores,
        presence=list(
            Presence.objects.filter(agenda_item=item)
            .select_related("participant__user", "participant__authority", "editing")
            .order_by("connected_at")
        ),
        shares=list(shares_with(item)),
    )


def notes_for(membership: Membership, item: AgendaItem) -> list[AuthorityNote]:
    """The notes of the reader's own authority (as a participant, or as a coordinator)."""
    me = participation(membership, item.meeting)
    authority_id = me.authority_id if me else membership.authority_id
    return list(
        AuthorityNote.objects.filter(analysis=item.analysis, authority_id=authority_id).select_related("written_by")
    )


def room_state(
    membership: Membership,
    item: AgendaItem,
    *,
    shared: SharedState | None = None,
    notes: list[AuthorityNote] | None = None,
    earlier: Analysis | None | bool = False,
) -> RoomState:
    """Everything one reader sees of one agenda item, read through the policy's scope:
    the meeting's shared state, notes of the reader's own authority only, and the earlier
    analysis the reader may know of. A live connection passes in what it already read."""
    shared = shared if shared is not None else shared_state(item)
    notes = notes if notes is not None else notes_for(membership, item)
    earlier = earlier_analysis(membership, item.analysis) if earlier is False else earlier
    me = participation(membership, item.meeting)
    earlier_by_dimension = {s.dimension.number: s for s in earlier.scores.all()} if earlier else {}
    rows = []
    for score in shared.scores:
        dimension_id = score.dimension_id
        scored_here = [o for o in shared.own_scores if o.dimension_id == dimension_id]
        rows.append(
            DimensionRow(
                dimension=score.dimension,
                agreed=score,
                earlier=earlier_by_dimension.get(score.dimension.number),
                own_scores=scored_here,
                mine=next((o for o in scored_here if me and o.participant_id == me.pk), None),
                notes=[n for n in notes if n.dimension_id == dimension_id],
                editing=[p for p in shared.presence if p.editing_id == dimension_id],
            )
        )
    # Who is here once, whatever number of tabs they have open.
    unique_presence = list({p.participant_id: p for p in shared.presence}.values())
    return RoomState(
        item=item,
        participant=me,
        rows=rows,
        earlier=earlier,
        presence=unique_presence,
        shares=shared.shares,
    )


# --- Redskab 4 ----------------------------------------------------------------------------


def latest_closed_analysis(concern: Concern) -> Analysis | None:
    return (
        Analysis.objects.filter(concern=concern, closed_at__isnull=False)
        .select_related("catalogue")
        .order_by("-closed_at")
        .first()
    )


def assessment_of(concern: Concern) -> Assessment | None:
    """The holistic assessment of the concern's latest closed analysis."""
    analysis = latest_closed_analysis(concern)
    return Assessment.objects.filter(analysis=analysis).first() if analysis else None


def versions_visible_to(membership: Membership, assessment: Assessment | None) -> list[AssessmentVersion]:
    """Newest first. A caseworker, who acts on what was approved, sees approved versions only."""
    if assessment is None or not policy.role_may(membership, "recommendation.read"):
        return []
    versions = (
        assessment.versions.select_related("written_by", "municipal_approved_by", "police_approved_by")
        .prefetch_related("recommendations")
        .order_by("-number")
    )
    if not policy.role_may(membership, "recommendation.write"):
        versions = versions.exclude(municipal_approved_at=None).exclude(police_approved_at=None)
    return list(versions)


def approved_version(assessment: Assessment | None) -> AssessmentVersion | None:
    if assessment is None:
        return None
    return (
        assessment.versions.exclude(municipal_approved_at=None)
        .exclude(police_approved_at=None)
        .select_related("municipal_approved_by", "police_approved_by")
        .prefetch_related("recommendations__follow_up__notes")
        .order_by("-number")
        .first()
    )


def board_of_analysis(membership: Membership, analysis: Analysis) -> RoomState:
    """The analysis board and rows of a closed analysis, as on the meeting's screen."""
    item = analysis.agenda_items.select_related("meeting", "analysis__concern").order_by("-meeting__starts_at").first()
    shared = SharedState(
        scores=list(
            DimensionScore.objects.filter(analysis=analysis)
            .select_related("dimension", "updated_by")
            .prefetch_related("contributors")
            .order_by("dimension__number")
        ),
        own_scores=[],
        presence=[],
        shares=[],
    )
    for score in shared.scores:
        score.analysis = analysis
    return room_state(membership, item, shared=shared, notes=[]) if item else None


def prefill(state: RoomState | None) -> dict:
    """The assessment's first draft from the analysis: main problems from the risk
    dimensions, resources from the resilience ones, so nobody types them twice."""
    if state is None:
        return {}

    def lines(rows):
        out = []
        for row in rows:
            agreed = row.agreed
            value = str(agreed.value) if agreed.status == "scored" else agreed.get_status_display().lower()
            text = f"{row.dimension.number}. {row.dimension.title} ({value})"
            out.append(f"{text}: {agreed.justification}" if agreed.justification else text)
        return "\n".join(out)

    return {"problems": lines(state.risk_rows), "resources": lines(state.resilience_rows)}


def meetings_of(analysis: Analysis) -> list[Meeting]:
    return list(
        Meeting.objects.filter(agenda__analysis=analysis)
        .distinct()
        .order_by("starts_at")
        .prefetch_related(Prefetch("participants", queryset=Participant.objects.select_related("authority", "user")))
    )


def recommendations_for(membership: Membership) -> QuerySet[Recommendation]:
    """What the Infohus recommended to the reader's department (a caseworker) or to the
    municipality (its coordinator), in each concern's newest version approved by both
    sides, of concerns the reader may see; the nearest follow-up date first. A queryset,
    so a page takes one slice of it in SQL (a national Infohus has thousands)."""
    if not policy.role_may(membership, "follow_up.record"):
        return Recommendation.objects.none()
    concerns = concern_selectors.concerns_visible_to(membership).filter(state__in=[State.RECOMMENDED, State.FOLLOW_UP])
    newest_approved = (
        AssessmentVersion.objects.filter(assessment=OuterRef("version__assessment"))
        .exclude(municipal_approved_at=None)
        .exclude(police_approved_at=None)
        .order_by("-number")
        .values("number")[:1]
    )
    recommendations = (
        Recommendation.objects.filter(
            version__assessment__concern__in=concerns.values("pk"),
            addressee=Recommendation.Addressee.MUNICIPALITY,
            version__number=Subquery(newest_approved),
        )
        .select_related("version__assessment__concern__person")
        .order_by("follow_up_on", "pk")
    )
    if policy.needs_department(membership.role):
        recommendations = recommendations.filter(department=membership.department)
    return recommendations


def overdue_follow_ups(membership: Membership) -> QuerySet[FollowUp]:
    if not policy.role_may(membership, "follow_up.record"):
        return FollowUp.objects.none()
    follow_ups = FollowUp.objects.filter(
        concern__in=concern_selectors.concerns_visible_to(membership).values("pk"),
        concern__state=State.FOLLOW_UP,
        next_follow_up_on__lt=timezone.localdate(),
    ).select_related("concern")
    if policy.needs_department(membership.role):
        follow_ups = follow_ups.filter(department=membership.department)
    return follow_ups.order_by("next_follow_up_on")


def exchanges_for(membership: Membership, concern: Concern):
    """The § 115 exchanges of the case that the reader's authority made or received, for the
    recommendation and its PDF (whether a snapshot may be read is the policy's)."""

    if not policy.role_may(membership, "recommendation.read"):
        return Exchange.objects.none()
    return (
        Exchange.objects.filter(concern=concern)
        .filter(Q(from_authority=membership.authority_id) | Q(to_authority=membership.authority_id))
        .select_related("concern", "from_authority", "to_authority")
        .prefetch_related("shared_items")
        .order_by("shared_at")
    )
