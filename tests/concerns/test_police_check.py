"""Step B: the police coordinator's queue and decision."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concerns import selectors, services
from concerns.errors import NotPermitted, TransitionNotAllowed, UserError
from concerns.models import Concern, PoliceCheck, State
from infohus import policy
from tests.cast import log_in, submitted_concern

pytestmark = pytest.mark.django_db


def test_the_queue_shows_urgent_first_then_the_oldest(cast):
    old = submitted_concern(cast.municipal_coordinator)
    new = submitted_concern(cast.municipal_coordinator)
    urgent = submitted_concern(cast.municipal_coordinator, concern={"acute_danger": True})
    Concern.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=5))
    assert list(selectors.police_queue(cast.police_coordinator)) == [urgent, old, new]


def test_the_queue_holds_only_concerns_waiting_in_this_infohus(cast):
    waiting = submitted_concern(cast.municipal_coordinator)
    submitted_concern(cast.other_municipal_coordinator)
    decided = submitted_concern(cast.municipal_coordinator)
    services.decide_police_check(concern=decided, by=cast.police_coordinator, outcome="cleared", reason="Ok")
    assert list(selectors.police_queue(cast.police_coordinator)) == [waiting]


def test_the_queue_page_lists_the_case_and_asserts_its_query_count(client, cast, django_assert_max_num_queries):
    for _ in range(5):
        submitted_concern(cast.municipal_coordinator)
    log_in(client, cast.police_coordinator)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("concerns:police_queue")).content.decode()
    assert page.count("IH-") >= 5


def test_clearing_lets_the_municipality_work_on_it_and_shows_the_reason(client, cast):
    concern = submitted_concern(cast.municipal_coordinator)
    log_in(client, cast.police_coordinator)
    client.post(
        reverse("concerns:police_decision", args=[concern.pk]),
        {"outcome": "cleared", "reason": "Ingen efterforskning verserer."},
    )
    concern.refresh_from_db()
    assert concern.state == State.CLEARED
    check = concern.police_check
    assert (check.outcome, check.decided_by) == ("cleared", cast.police_coordinator.user)
    log_in(client, cast.municipal_coordinator)
    page = client.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert "Ingen efterforskning verserer." in page
    assert "Afklaret til Infohus" in page


def test_taking_over_records_the_municipalitys_remaining_duty(cast):
    concern = submitted_concern(cast.municipal_coordinator)
    services.decide_police_check(
        concern=concern,
        by=cast.police_coordinator,
        outcome=PoliceCheck.Outcome.TAKEN_OVER,
        reason="Sikkerhedsmæssigt forhold.",
        social_duty_needed=True,
        social_duty_description="Mentorforløb fortsætter.",
    )
    concern.refresh_from_db()
    assert concern.state == State.TAKEN_OVER_BY_POLICE
    assert concern.police_check.social_duty_needed is True
    assert concern.police_check.social_duty_description == "Mentorforløb fortsætter."


def test_a_police_concern_taken_over_with_a_duty_becomes_readable_but_not_editable_for_the_municipality(cast):
    concern = submitted_concern(cast.police_coordinator)
    assert not selectors.concerns_visible_to(cast.municipal_coordinator).filter(pk=concern.pk).exists()
    services.decide_police_check(
        concern=concern,
        by=cast.police_coordinator,
        outcome="taken_over",
        reason="PET.",
        social_duty_needed=True,
        social_duty_description="Familiesamtaler.",
    )
    visible = selectors.visible_concern(cast.municipal_coordinator, concern.pk)
    assert policy.may(cast.municipal_coordinator, "concern.read", visible)
    assert not policy.may(cast.municipal_coordinator, "concern.withdraw", visible)
    assert policy.decide(cast.municipal_coordinator, "gathering.start", visible).refusal is policy.Refusal.READ_ONLY


def test_a_police_concern_not_about_extremism_stays_with_the_police(cast):
    concern = submitted_concern(cast.police_coordinator)
    services.decide_police_check(concern=concern, by=cast.police_coordinator, outcome="not_extremism", reason="Nej.")
    assert not selectors.concerns_visible_to(cast.municipal_coordinator).filter(pk=concern.pk).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"outcome": "cleared", "reason": "  "}, "begrundelse"),
        ({"outcome": "taken_over", "reason": "PET"}, "socialpræventiv"),
        ({"outcome": "taken_over", "reason": "PET", "social_duty_needed": True}, "socialpræventiv"),
        ({"outcome": "maybe", "reason": "x"}, "afgørelse"),
    ],
)
def test_an_incomplete_decision_is_refused_and_changes_nothing(cast, fields, message):
    concern = submitted_concern(cast.municipal_coordinator)
    with pytest.raises(UserError) as error:
        services.decide_police_check(concern=concern, by=cast.police_coordinator, **fields)
    assert message in str(error.value.message).lower()
    concern.refresh_from_db()
    assert concern.state == State.WITH_POLICE
    assert not PoliceCheck.objects.exists()


def test_a_second_decision_is_refused(cast):
    concern = submitted_concern(cast.municipal_coordinator)
    services.decide_police_check(concern=concern, by=cast.police_coordinator, outcome="cleared", reason="Ok")
    with pytest.raises(TransitionNotAllowed):
        services.decide_police_check(
            concern=concern, by=cast.police_coordinator, outcome="not_extremism", reason="Alligevel"
        )
    assert PoliceCheck.objects.get().outcome == "cleared"


def test_the_municipality_cannot_decide_the_police_check(client, cast):
    concern = submitted_concern(cast.municipal_coordinator)
    with pytest.raises(NotPermitted):
        services.decide_police_check(concern=concern, by=cast.municipal_coordinator, outcome="cleared", reason="Ok")
    log_in(client, cast.municipal_coordinator)
    response = client.post(
        reverse("concerns:police_decision", args=[concern.pk]), {"outcome": "cleared", "reason": "x"}
    )
    assert response.status_code == 404
    concern.refresh_from_db()
    assert concern.state == State.WITH_POLICE


def test_a_refused_decision_over_http_shows_a_danish_message(client, cast):
    concern = submitted_concern(cast.municipal_coordinator)
    log_in(client, cast.police_coordinator)
    response = client.post(
        reverse("concerns:police_decision", args=[concern.pk]), {"outcome": "taken_over", "reason": "PET"}, follow=True
    )
    assert "socialpræventiv" in response.content.decode()
    concern.refresh_from_db()
    assert concern.state == State.WITH_POLICE


def test_the_municipality_is_not_told_about_a_police_only_case(cast, django_capture_on_commit_callbacks):
    from django.core import mail

    concern = submitted_concern(cast.police_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_police_check(concern=concern, by=cast.police_coordinator, outcome="not_extremism", reason="Nej")
    assert not [m for m in mail.outbox if cast.municipal_coordinator.user.email in m.to]


def test_the_municipality_is_told_when_a_case_is_cleared_for_it(cast, django_capture_on_commit_callbacks):
    from django.core import mail

    concern = submitted_concern(cast.police_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_police_check(concern=concern, by=cast.police_coordinator, outcome="cleared", reason="Ok")
    assert [m for m in mail.outbox if cast.municipal_coordinator.user.email in m.to]
