"""Scoring in the meeting: agreed scores with a version check, own scores, notes kept for
one's own authority, and the same through plain form posts (no JavaScript)."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse

from assessment import selectors, services
from assessment.models import DimensionScore, OwnScore
from concerns.errors import NotPermitted, TransitionNotAllowed, UserError
from tests.cast import confirmed, log_in, meeting_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(cast):
    item = meeting_item(cast)
    confirmed(cast, item, "municipal_coordinator", "police_coordinator", "external", "caseworker")
    return item


def agreed(item, number):
    return DimensionScore.objects.get(analysis=item.analysis, dimension__number=number)


def test_an_agreed_score_is_saved_with_who_and_a_new_version(cast, item):
    with set_actor(cast.police_coordinator.user):
        score = services.record_agreed_score(
            item=item,
            by=cast.police_coordinator,
            dimension=2,
            status="scored",
            value=3,
            justification="Trusler i chatgruppe.",
            contributors=[cast.police],
            version=0,
        )
    assert (score.value, score.version, score.updated_by) == (3, 1, cast.police_coordinator.user)
    assert list(score.contributors.all()) == [cast.police]
    entry = LogEntry.objects.get_for_object(score).filter(action=LogEntry.Action.UPDATE).latest("pk")
    assert entry.actor == cast.police_coordinator.user


def test_a_change_from_a_stale_version_is_refused_and_nothing_is_lost(cast, item):
    services.record_agreed_score(
        item=item, by=cast.police_coordinator, dimension=2, status="scored", value=3, version=0
    )
    with pytest.raises(UserError) as error:
        services.record_agreed_score(
            item=item, by=cast.municipal_coordinator, dimension=2, status="scored", value=1, version=0
        )
    assert "ændret" in str(error.value.message)
    assert (agreed(item, 2).value, agreed(item, 2).version) == (3, 1)


def test_unknown_is_not_zero_and_a_score_is_0_to_4(cast, item):
    services.record_agreed_score(item=item, by=cast.municipal_coordinator, dimension=1, status="unknown", version=0)
    assert (agreed(item, 1).status, agreed(item, 1).value) == ("unknown", None)
    for status, value in (("scored", 5), ("scored", -1), ("scored", None), ("maybe", None)):
        with pytest.raises(UserError):
            services.record_agreed_score(
                item=item, by=cast.municipal_coordinator, dimension=3, status=status, value=value, version=0
            )
    with pytest.raises(UserError):
        services.record_agreed_score(
            item=item, by=cast.municipal_coordinator, dimension=10, status="unknown", version=0
        )


def test_html_in_a_justification_is_refused(cast, item):
    with pytest.raises(UserError, match="HTML"):
        services.record_agreed_score(
            item=item,
            by=cast.municipal_coordinator,
            dimension=2,
            status="scored",
            value=2,
            justification="<img src=x onerror=alert(1)>",
            version=0,
        )
    assert agreed(item, 2).version == 0


def test_only_coordinators_record_the_agreed_score_but_everyone_invited_their_own(cast, item):
    with pytest.raises(NotPermitted):
        services.record_agreed_score(item=item, by=cast.external, dimension=2, status="scored", value=2, version=0)
    for name in ("external", "caseworker", "police_coordinator"):
        services.record_own_score(item=item, by=cast.by_name(name), dimension=2, status="scored", value=2)
    assert OwnScore.objects.filter(dimension__number=2).count() == 3


def test_a_note_is_seen_only_by_the_writers_authority(cast, item):
    services.add_note(item=item, by=cast.police_coordinator, dimension=2, text="Kun for politiet: PET kender ham.")
    police_rows = selectors.room_state(cast.police_coordinator, item).rows
    municipal_rows = selectors.room_state(cast.municipal_coordinator, item).rows
    external_rows = selectors.room_state(cast.external, item).rows
    assert [n.text for n in police_rows[1].notes] == ["Kun for politiet: PET kender ham."]
    assert municipal_rows[1].notes == [] and external_rows[1].notes == []


def test_nothing_can_be_scored_before_the_participant_confirms_confidentiality(cast):
    item = meeting_item(cast)
    with pytest.raises(NotPermitted, match="fortrolighed"):
        services.record_own_score(item=item, by=cast.external, dimension=1, status="unknown")


def test_nothing_can_be_scored_in_a_closed_meeting(cast, item):
    services.close_meeting(meeting=item.meeting, by=cast.municipal_coordinator)
    item.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        services.record_own_score(item=item, by=cast.police_coordinator, dimension=1, status="unknown")


def test_the_room_works_without_javascript(client, cast, item):
    log_in(client, cast.police_coordinator)
    url = reverse("assessment:room", args=[item.meeting_id, item.pk])
    page = client.get(url).content.decode()
    assert "Voldsparathed" in page and 'name="d2-version" value="0"' in page
    response = client.post(
        reverse("assessment:score", args=[item.meeting_id, item.pk]),
        {"dimension": "2", "d2-dimension": "2", "d2-version": "0", "d2-score": "4", "d2-justification": "Våben"},
    )
    assert response.status_code == 302 and response.url.endswith("#dimension-2")
    assert agreed(item, 2).value == 4
    stale = client.post(
        reverse("assessment:score", args=[item.meeting_id, item.pk]),
        {"dimension": "2", "d2-dimension": "2", "d2-version": "0", "d2-score": "1"},
        follow=True,
    ).content.decode()
    assert "ændret" in stale and agreed(item, 2).value == 4
    client.post(
        reverse("assessment:own_score", args=[item.meeting_id, item.pk]),
        {"dimension": "5", "o5-dimension": "5", "o5-score": "unknown"},
    )
    assert OwnScore.objects.get(dimension__number=5).status == "unknown"


def test_an_external_participant_sees_only_what_was_shared_with_the_meeting(client, cast, item):
    from tests.cast import municipal_item, police_item

    concern = item.analysis.concern
    secret = police_item(cast, concern, text="Hemmelig politioplysning")
    shared = municipal_item(cast, concern, text="Skolen: fravær 22 %")
    services.share_with_meeting(
        item=item,
        by=cast.municipal_coordinator,
        summary="Bekymring for en 17-årig.",
        items=[shared],
        legal_basis_section=1,
        purpose="Analysen",
        necessity="Nødvendigt",
    )
    log_in(client, cast.external)
    page = client.get(reverse("assessment:room", args=[item.meeting_id, item.pk])).content.decode()
    assert "Skolen: fravær 22 %" in page and "Bekymring for en 17-årig." in page
    assert "Hemmelig politioplysning" not in page
    assert concern.person.full_name not in page and concern.person.formatted_cpr not in page
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 404
    assert client.get(reverse("concerns:item", args=[concern.pk, secret.pk])).status_code == 404


def test_after_the_meeting_closes_an_external_participant_sees_nothing(client, cast, item):
    services.close_meeting(meeting=item.meeting, by=cast.municipal_coordinator)
    log_in(client, cast.external)
    assert client.get(reverse("assessment:room", args=[item.meeting_id, item.pk])).status_code == 302
    home = client.get(reverse("home")).content.decode()
    assert item.analysis.concern.case_number not in home
    meetings = client.get(reverse("assessment:list")).content.decode()
    assert "Deltag" not in meetings
