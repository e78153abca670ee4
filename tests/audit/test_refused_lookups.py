"""Someone trying case ids is visible: case URLs answered "not found" are recorded, and five
within ten minutes appear in the audit log of the user's own authority (not the other's)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.models import RefusedLookup, RefusedLookupAlert
from infohus.memberships import grant_membership
from infohus.models import Role
from tests.audit.log_page import results
from tests.cast import draft_concern, log_in, make_user

pytestmark = pytest.mark.django_db

ENTRY = "Forsøg på at åbne sager, man ikke har adgang til"


@pytest.fixture
def police_auditor(cast):
    return grant_membership(
        user=make_user("dpo@politi.dk", "Dorte Politi"), infohus=cast.halsnaes, role=Role.AUDITOR, authority=cast.police
    )


def guess(client, membership, pks):
    log_in(client, membership)
    for pk in pks:
        assert client.get(reverse("concerns:detail", args=[pk])).status_code == 404


def log_text(client, auditor, action="refused") -> str:
    log_in(client, auditor)
    return results(client.post(reverse("audit_log"), {"action": action}))


def test_six_guesses_reach_the_own_authoritys_officer_not_the_others(client, cast, police_auditor):
    police_draft = draft_concern(cast.police_coordinator)
    guess(client, cast.municipal_coordinator, [police_draft.pk, *range(90001, 90006)])

    alert = RefusedLookupAlert.objects.get()
    assert alert.user == cast.municipal_coordinator.user
    assert alert.count == 5
    assert RefusedLookup.objects.count() == 6
    assert f"/bekymringer/{police_draft.pk}/" in alert.paths

    municipal_log = log_text(client, cast.auditor)
    assert "Mette Lund" in municipal_log
    assert "Tried to open cases without access" in municipal_log or ENTRY in municipal_log
    assert "5" in municipal_log

    police_log = log_text(client, police_auditor)
    assert "Mette Lund" not in police_log
    assert not any(s in police_log for s in ("Tried to open cases", ENTRY))


def test_four_guesses_are_kept_but_not_shown(client, cast):
    guess(client, cast.municipal_coordinator, range(90001, 90005))

    assert RefusedLookup.objects.count() == 4
    assert not RefusedLookupAlert.objects.exists()


def test_guesses_spread_over_more_than_ten_minutes_are_not_a_burst(client, cast):
    start = timezone.now()
    for minutes, pk in zip((0, 4, 8, 12, 16, 20), range(90001, 90007), strict=True):
        with time_machine.travel(start + timedelta(minutes=minutes)):
            guess(client, cast.municipal_coordinator, [pk])

    assert not RefusedLookupAlert.objects.exists()


def test_one_burst_is_one_line(client, cast):
    guess(client, cast.municipal_coordinator, range(90001, 90012))

    assert RefusedLookupAlert.objects.count() == 1


def test_a_page_that_exists_is_not_a_refusal(client, cast):
    concern = draft_concern(cast.municipal_coordinator)
    log_in(client, cast.municipal_coordinator)
    for _ in range(6):
        assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 200

    assert not RefusedLookup.objects.exists()


def test_a_role_that_may_not_open_cases_at_all_is_recorded_too(client, cast):
    concern = draft_concern(cast.municipal_coordinator)
    guess(client, cast.admin, [concern.pk] * 5)

    alert = RefusedLookupAlert.objects.get()
    assert alert.user == cast.admin.user
    assert alert.authority == cast.admin.authority
