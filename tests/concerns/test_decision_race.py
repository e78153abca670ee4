"""Two police coordinators decide on the same concern at once: the second is told plainly
that it was already decided, and by whom; nothing of theirs is saved."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from concerns import services
from concerns.errors import UserError
from concerns.models import PoliceCheck, State
from infohus.memberships import grant_membership
from infohus.models import Role
from tests.cast import log_in, make_user, submitted_concern


def second_officer(cast):
    return grant_membership(
        user=make_user("kim@politi.dk", "Kim Juhl"), infohus=cast.halsnaes, role=Role.POLICE_COORDINATOR
    )


@pytest.mark.django_db
def test_a_decision_on_a_concern_decided_meanwhile_says_who_decided_it(cast):
    concern = submitted_concern(cast.municipal_coordinator)
    kim = second_officer(cast)
    stale = type(concern).objects.get(pk=concern.pk)  # Kim opened the decision page before Jonas decided
    services.decide_police_check(concern=concern, by=cast.police_coordinator, outcome="cleared", reason="Ok")
    with pytest.raises(UserError) as refused:
        services.decide_police_check(concern=stale, by=kim, outcome="cleared", reason="Også ok")
    message = str(refused.value.message)
    assert "Jonas Brandt" in message
    assert "→" not in message and "“" not in message  # not the transition table's wording
    check = PoliceCheck.objects.get(concern=concern)
    assert (check.decided_by, check.reason) == (cast.police_coordinator.user, "Ok")


@pytest.mark.django_db
def test_the_decision_page_tells_the_second_officer_that_it_was_already_decided(client, cast):
    concern = submitted_concern(cast.municipal_coordinator)
    kim = second_officer(cast)
    services.decide_police_check(concern=concern, by=cast.police_coordinator, outcome="cleared", reason="Ok")
    log_in(client, kim)
    response = client.post(
        reverse("concerns:police_decision", args=[concern.pk]), {"outcome": "cleared", "reason": "Også ok"}, follow=True
    )
    page = response.content.decode()
    assert "Jonas Brandt" in page
    assert PoliceCheck.objects.get(concern=concern).reason == "Ok"


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_the_same_moment_save_one_and_explain_the_other(cast):
    concern = submitted_concern(cast.municipal_coordinator)
    kim = second_officer(cast)
    barrier = threading.Barrier(2)
    outcomes = {}

    def decide(name, membership, outcome):
        try:
            barrier.wait()
            services.decide_police_check(concern=concern, by=membership, outcome=outcome, reason=name)
            outcomes[name] = "saved"
        except UserError as error:
            outcomes[name] = str(error.message)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=("jonas", cast.police_coordinator, "cleared")),
        threading.Thread(target=decide, args=("kim", kim, "not_extremism")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()).count("saved") == 1
    refused = next(message for message in outcomes.values() if message != "saved")
    check = PoliceCheck.objects.get(concern=concern)
    assert check.decided_by.full_name in refused
    concern.refresh_from_db()
    assert concern.state in (State.CLEARED, State.NOT_EXTREMISM)
