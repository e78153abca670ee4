"""Withdrawing a concern as a mistake or a duplicate is the recording side's own act. The
police end a municipal concern only through their own acts: the police check, or
withdrawing it from the Infohus (`withdraw_from_infohus`), each recorded and told."""

import pytest
from django.urls import reverse

from assessment import services as assessment_services
from concerns import services
from concerns.errors import NotPermitted
from concerns.models import Concern, State, TimelineEvent
from infohus import policy
from tests.cast import draft_concern, gathering_concern, log_in, submitted_concern

pytestmark = pytest.mark.django_db


def post_withdraw(client, concern, reason="Oprettet to gange"):
    return client.post(reverse("concerns:withdraw", args=[concern.pk]), {"reason": reason})


def test_the_police_cannot_withdraw_the_municipalitys_concern_while_they_check_it(client, cast):
    concern = submitted_concern(cast.municipal_coordinator)
    events = TimelineEvent.objects.filter(concern=concern).count()
    assert not policy.may(cast.police_coordinator, "concern.withdraw", concern)
    log_in(client, cast.police_coordinator)
    response = post_withdraw(client, concern)
    assert response.status_code == 403
    concern.refresh_from_db()
    assert concern.state == State.WITH_POLICE
    assert TimelineEvent.objects.filter(concern=concern).count() == events
    with pytest.raises(NotPermitted):
        services.withdraw_concern(concern=concern, by=cast.police_coordinator, reason="Fejl")
    assert Concern.objects.get(pk=concern.pk).state == State.WITH_POLICE


def test_the_case_page_offers_the_police_no_withdrawal_of_a_municipal_concern(client, cast):
    concern = submitted_concern(cast.municipal_coordinator)
    log_in(client, cast.police_coordinator)
    page = client.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert reverse("concerns:withdraw", args=[concern.pk]) not in page


@pytest.mark.parametrize("state", [State.DRAFT, State.WITH_POLICE])
def test_the_municipality_withdraws_its_own_concern(client, cast, state):
    concern = draft_concern(cast.municipal_coordinator)
    if state != State.DRAFT:
        concern = services.submit_concern(concern=concern, by=cast.municipal_coordinator)
    log_in(client, cast.municipal_coordinator)
    response = post_withdraw(client, concern)
    assert response.status_code == 302
    assert Concern.objects.get(pk=concern.pk).state == State.WITHDRAWN
    assert TimelineEvent.objects.filter(concern=concern, action="concern.withdrawn").exists()


def test_the_police_withdraw_a_concern_they_recorded_themselves(client, cast):
    concern = submitted_concern(cast.police_coordinator)
    log_in(client, cast.police_coordinator)
    assert post_withdraw(client, concern).status_code == 302
    assert Concern.objects.get(pk=concern.pk).state == State.WITHDRAWN


def test_the_police_still_withdraw_a_municipal_concern_from_the_infohus(cast):
    concern = gathering_concern(cast)
    assessment_services.withdraw_from_infohus(
        concern=concern,
        by=cast.police_coordinator,
        reason="PET har overtaget sagen.",
        social_duty_needed=False,
        social_duty_description="",
    )
    assert Concern.objects.get(pk=concern.pk).state == State.TAKEN_OVER_BY_POLICE
