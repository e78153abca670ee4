"""The police withdraw a concern from the Infohus at any stage until the recommendation is
approved: a security matter."""

import pytest
from django.core import mail
from django.urls import reverse

from assessment import services
from assessment.models import AgendaItem, PoliceWithdrawal
from concerns.errors import NotPermitted, TransitionNotAllowed
from concerns.models import Concern, State
from infohus import policy
from tests.cast import (
    analysed_concern,
    cleared_concern,
    gathering_concern,
    log_in,
    meeting_item,
    ready_concern,
    recommended_concern,
)

pytestmark = pytest.mark.django_db

STAGES = {
    "cleared": cleared_concern,
    "gathering": gathering_concern,
    "ready_for_meeting": ready_concern,
    "analysed": analysed_concern,
}


def withdraw(cast, concern, by="police_coordinator", **overrides):
    data = {
        "reason": "PET har overtaget sagen.",
        "social_duty_needed": True,
        "social_duty_description": "Familiesamtaler.",
    }
    data.update(overrides)
    return services.withdraw_from_infohus(concern=concern, by=cast.by_name(by), **data)


@pytest.mark.parametrize("stage", STAGES)
def test_the_police_withdraw_a_concern_at_each_stage_before_approval(cast, stage, django_capture_on_commit_callbacks):
    concern = STAGES[stage](cast)
    assert concern.state == stage
    with django_capture_on_commit_callbacks(execute=True):
        withdrawal = withdraw(cast, concern)
    concern = Concern.objects.get(pk=concern.pk)
    assert concern.state == State.TAKEN_OVER_BY_POLICE
    assert withdrawal.from_state == stage and withdrawal.social_duty_needed
    event = concern.timeline.get(action="concern.taken_over")
    assert event.reason == ""  # the police's reason stays with the police
    # The municipality reads what it read before, but acts no more.
    policy.forget_all(cast.municipal_coordinator)
    assert policy.may(cast.municipal_coordinator, "concern.read", concern)
    assert not policy.may(cast.municipal_coordinator, "concern.withdraw", concern)
    notice = [m for m in mail.outbox if cast.municipal_coordinator.user.email in m.to]
    assert notice and "PET" not in notice[-1].body and concern.case_number in notice[-1].body


def test_the_municipality_cannot_withdraw_a_concern_for_the_police(cast, client):
    concern = gathering_concern(cast)
    with pytest.raises(NotPermitted):
        withdraw(cast, concern, by="municipal_coordinator")
    log_in(client, cast.municipal_coordinator)
    assert client.get(reverse("assessment:take_over", args=[concern.pk])).status_code == 404
    assert not PoliceWithdrawal.objects.exists()


def test_after_approval_the_concern_can_no_longer_be_withdrawn(cast):
    concern = recommended_concern(cast)
    with pytest.raises(TransitionNotAllowed):
        withdraw(cast, concern)


def test_withdrawal_takes_the_concern_off_a_waiting_agenda(cast):
    item = meeting_item(cast, open_it=False, invite=())
    withdraw(cast, item.analysis.concern)
    item.refresh_from_db()
    assert item.outcome == AgendaItem.Outcome.REMOVED


def test_only_the_police_read_the_reason_on_the_case_page(client, cast):
    concern = gathering_concern(cast)
    withdraw(cast, concern)
    log_in(client, cast.police_coordinator)
    assert "PET har overtaget sagen." in client.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    log_in(client, cast.municipal_coordinator)
    page = client.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert "PET har overtaget sagen." not in page and "Familiesamtaler." in page
