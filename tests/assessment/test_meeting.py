"""Arranging an analysis meeting: schedule, agenda, invitations, sharing, open and close."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from assessment import selectors, services
from assessment.models import AgendaItem, Analysis, Catalogue, Meeting, MeetingShare, Participant
from concerns.errors import NotPermitted, TransitionNotAllowed, UserError
from concerns.models import Concern, Exchange, State
from infohus import policy
from infohus.models import Role, User
from tests.cast import confirmed, log_in, meeting_item, police_item, ready_concern

pytestmark = pytest.mark.django_db


def test_the_catalogue_has_nine_dimensions_with_labelled_scales(cast):
    catalogue = Catalogue.objects.get(is_current=True)
    dimensions = list(catalogue.dimensions.order_by("number"))
    assert [d.number for d in dimensions] == list(range(1, 10))
    assert [d.part for d in dimensions].count("risk") == 4
    assert dimensions[1].title == "Voldsparathed"
    assert dimensions[0].scale[0] == "Ingen bekymring" and dimensions[4].scale[4] == "Mange ressourcer"
    assert all(d.attention_points for d in dimensions)


def test_scheduling_invites_the_coordinators_and_an_analysis_starts_on_the_agenda(cast):
    item = meeting_item(cast, open_it=False, invite=())
    invited = set(item.meeting.participants.values_list("user", flat=True))
    assert invited == {cast.municipal_coordinator.user_id, cast.police_coordinator.user_id}
    analysis = item.analysis
    assert analysis.catalogue.is_current and analysis.scores.count() == 9
    assert item.position == 1 and item.outcome == AgendaItem.Outcome.PENDING


def test_only_a_concern_ready_for_a_meeting_goes_on_the_agenda_and_only_once(cast):
    item = meeting_item(cast, open_it=False, invite=())
    with pytest.raises(UserError, match="allerede"):
        services.add_to_agenda(meeting=item.meeting, concern=item.analysis.concern, by=cast.municipal_coordinator)
    from tests.cast import gathering_concern

    with pytest.raises(TransitionNotAllowed):
        services.add_to_agenda(meeting=item.meeting, concern=gathering_concern(cast), by=cast.municipal_coordinator)


def test_the_agenda_can_be_reordered(cast):
    first = meeting_item(cast, open_it=False, invite=())
    second = services.add_to_agenda(meeting=first.meeting, concern=ready_concern(cast), by=cast.police_coordinator)
    services.move_agenda_item(item=second, by=cast.municipal_coordinator, up=True)
    assert [i.pk for i in selectors.agenda_of(first.meeting)] == [second.pk, first.pk]


def test_an_external_participant_gets_a_login_limited_to_meetings_and_an_e_mail_without_personal_data(
    cast, django_capture_on_commit_callbacks
):
    item = meeting_item(cast, open_it=False, invite=())
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_external(
            meeting=item.meeting,
            by=cast.municipal_coordinator,
            email="lars@kriminalforsorgen.dk",
            full_name="Lars Holt",
            authority=cast.psychiatry,
        )
    user = User.objects.get(email="lars@kriminalforsorgen.dk")
    assert not user.has_usable_password()
    assert [m.role for m in user.memberships.all()] == [Role.PARTICIPANT]
    message = mail.outbox[-1]
    assert message.to == ["lars@kriminalforsorgen.dk"]
    assert item.analysis.concern.case_number not in message.body
    assert item.analysis.concern.person.full_name not in message.body
    link = re.search(r"http://\S+/invitation/\S+/", message.body).group(0)
    assert link


def test_the_invitation_link_sets_a_password_once(client, cast, django_capture_on_commit_callbacks):
    item = meeting_item(cast, open_it=False, invite=())
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_external(
            meeting=item.meeting,
            by=cast.municipal_coordinator,
            email="lars@kf.dk",
            full_name="Lars Holt",
            authority=cast.psychiatry,
        )
    path = re.search(r"http://[^/]+(/\S+/)", mail.outbox[-1].body).group(1)
    page = client.get(path, follow=True)
    assert "Vælg din adgangskode" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "Plettet-Okapi-2026", "new_password2": "Plettet-Okapi-2026"})
    assert User.objects.get(email="lars@kf.dk").check_password("Plettet-Okapi-2026")
    assert "brugt eller er udløbet" in client.get(path, follow=True).content.decode()


def test_sharing_with_the_meeting_is_a_section_115_exchange_without_a_recipient_authority(cast):
    item = meeting_item(cast, invite=("external",))
    concern = item.analysis.concern
    police = police_item(cast, concern, text="Kendt for trusler i 2025.")
    share = services.share_with_meeting(
        item=item,
        by=cast.police_coordinator,
        summary="Ung mand, bekymring for voldsparathed.",
        items=[police],
        legal_basis_section=1,
        purpose="Analysemødet",
        necessity="Psykiatrien skal kende truslerne.",
    )
    exchange = share.exchange
    assert exchange.to_authority is None and exchange.from_authority == cast.police
    assert exchange.shared_items.get().snapshot_text == "Kendt for trusler i 2025."
    assert concern.timeline.filter(action="exchange.shared").exists()
    # Nothing is granted on the case: the municipality still cannot open the police item.
    assert not policy.may(cast.municipal_coordinator, "item.read", police)


def test_the_municipality_cannot_share_a_police_item_with_the_meeting(cast):
    item = meeting_item(cast, invite=())
    police = police_item(cast, item.analysis.concern)
    with pytest.raises(NotPermitted):
        services.share_with_meeting(
            item=item,
            by=cast.municipal_coordinator,
            summary="",
            items=[police],
            legal_basis_section=1,
            purpose="x",
            necessity="y",
        )
    assert not Exchange.objects.exists() and not MeetingShare.objects.exists()


def test_closing_the_meeting_carries_an_unfinished_analysis_over_with_its_scores(cast):
    item = meeting_item(cast, invite=())
    confirmed(cast, item, "municipal_coordinator")
    services.record_agreed_score(
        item=item, by=cast.municipal_coordinator, dimension=2, status="scored", value=3, version=0
    )
    from django.utils import timezone

    later = services.schedule_meeting(
        by=cast.police_coordinator, starts_at=timezone.now() + timezone.timedelta(days=14), location="Politigården"
    )
    carried = services.close_meeting(meeting=item.meeting, by=cast.municipal_coordinator)
    assert [c.pk for c in carried] == [item.pk]
    item.refresh_from_db()
    assert item.outcome == AgendaItem.Outcome.CARRIED_OVER
    follow_up = later.agenda.get()
    assert follow_up.analysis == item.analysis
    assert follow_up.analysis.scores.get(dimension__number=2).value == 3


def test_closing_the_analysis_needs_every_dimension_and_moves_the_concern_to_analysed(cast):
    item = meeting_item(cast, invite=())
    confirmed(cast, item, "municipal_coordinator")
    with pytest.raises(UserError) as error:
        services.close_analysis(item=item, by=cast.municipal_coordinator)
    assert len(error.value.details) == 9
    for number in range(1, 10):
        services.record_agreed_score(
            item=item, by=cast.municipal_coordinator, dimension=number, status="unknown", version=0
        )
    services.close_analysis(item=item, by=cast.municipal_coordinator)
    concern = Concern.objects.get(pk=item.analysis.concern_id)
    assert concern.state == State.ANALYSED
    assert Analysis.objects.get(pk=item.analysis_id).closed_at is not None
    assert concern.timeline.filter(action="analysis.closed").exists()


def test_a_concern_sent_back_to_gathering_waits_for_a_later_meeting(cast):
    from concerns import services as concern_services

    item = meeting_item(cast, invite=())
    confirmed(cast, item, "municipal_coordinator")
    for number in range(1, 10):
        services.record_agreed_score(
            item=item, by=cast.municipal_coordinator, dimension=number, status="unknown", version=0
        )
    services.close_analysis(item=item, by=cast.municipal_coordinator)
    concern = concern_services.send_back_to_gathering(
        concern=item.analysis.concern, by=cast.police_coordinator, missing="Oplysninger fra psykiatrien."
    )
    assert concern.state == State.GATHERING
    assert concern.timeline.latest("pk").reason == "Oplysninger fra psykiatrien."


def test_the_coordinators_pages_show_the_record(client, cast):
    item = meeting_item(cast, invite=("external",))
    confirmed(cast, item, "external")
    log_in(client, cast.municipal_coordinator)
    page = client.get(reverse("assessment:detail", args=[item.meeting_id])).content.decode()
    assert "Karen Bach" in page and "Psykiatrien Nordsjælland" in page
    assert item.analysis.concern.case_number in page
    assert Participant.objects.get(user=cast.external.user).joined_at is not None
    assert Meeting.objects.get().state == Meeting.State.OPEN


def test_an_external_participant_never_speaks_for_the_municipality_or_the_police(cast):
    from assessment.forms import InviteExternalForm

    item = meeting_item(cast, open_it=False, invite=())
    offered = set(InviteExternalForm(infohus=cast.halsnaes).fields["authority"].queryset)
    assert cast.psychiatry in offered and cast.police not in offered and cast.halsnaes.municipality not in offered
    with pytest.raises(UserError, match="uden for kommunen og politiet"):
        services.invite_external(
            meeting=item.meeting,
            by=cast.municipal_coordinator,
            email="x@skole.dk",
            full_name="X",
            authority=cast.police,
        )
    # Someone with a role in an Infohus (here another one) is not invited as an outsider.
    with pytest.raises(UserError, match="har en rolle"):
        services.invite_external(
            meeting=item.meeting,
            by=cast.municipal_coordinator,
            email=cast.other_police_coordinator.user.email,
            full_name="Birgit Storm",
            authority=cast.psychiatry,
        )
    assert not Participant.objects.filter(user__email="x@skole.dk").exists()


def test_a_carried_over_analysis_does_not_show_the_last_meetings_own_scores(cast):
    from django.utils import timezone

    item = meeting_item(cast, invite=("external",))
    confirmed(cast, item, "external", "municipal_coordinator")
    services.record_own_score(item=item, by=cast.external, dimension=1, status="scored", value=4)
    services.schedule_meeting(
        by=cast.municipal_coordinator, starts_at=timezone.now() + timezone.timedelta(days=14), location="Rådhuset"
    )
    services.close_meeting(meeting=item.meeting, by=cast.municipal_coordinator)
    following = AgendaItem.objects.get(outcome=AgendaItem.Outcome.PENDING)
    assert following.meeting_id != item.meeting_id
    assert selectors.shared_state(following).own_scores == []
    assert len(selectors.shared_state(item).own_scores) == 1  # the record of the first keeps them


def test_closing_carries_over_only_a_concern_still_ready_for_a_meeting(cast):
    from django.utils import timezone

    from concerns import services as concern_services

    item = meeting_item(cast, invite=())
    concern_services.move_concern(
        Concern.objects.get(pk=item.analysis.concern_id), State.GATHERING, by=cast.municipal_coordinator
    )
    services.schedule_meeting(
        by=cast.municipal_coordinator, starts_at=timezone.now() + timezone.timedelta(days=14), location="Rådhuset"
    )
    services.close_meeting(meeting=item.meeting, by=cast.municipal_coordinator)
    assert not AgendaItem.objects.filter(outcome=AgendaItem.Outcome.PENDING).exists()
