"""The duplicate-person hint at intake."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from concerns import selectors
from concerns.models import Concern
from tests.cast import draft_concern, log_in, submitted_concern

pytestmark = pytest.mark.django_db


def test_it_finds_an_earlier_concern_by_cpr(cast):
    earlier = submitted_concern(cast.municipal_coordinator, person={"full_name": "Mikkel S."})
    found = selectors.earlier_concerns(cast.municipal_coordinator, cpr="1509094123")
    assert list(found) == [earlier]


def test_it_finds_an_earlier_concern_by_name_and_birth_date(cast):
    earlier = submitted_concern(cast.municipal_coordinator, person={"cpr": ""})
    found = selectors.earlier_concerns(
        cast.municipal_coordinator, full_name="mikkel sørensen", birth_date=date(2009, 9, 15)
    )
    assert list(found) == [earlier]
    assert not selectors.earlier_concerns(
        cast.municipal_coordinator, full_name="Mikkel Sørensen", birth_date=date(2009, 9, 16)
    )


def test_it_shows_the_earlier_concern_with_a_link_at_intake(client, cast):
    earlier = submitted_concern(cast.municipal_coordinator)
    new = draft_concern(cast.municipal_coordinator)
    log_in(client, cast.municipal_coordinator)
    page = client.get(reverse("concerns:edit", args=[new.pk])).content.decode()
    assert "andre bekymringer om samme person" in page
    assert f"{earlier.case_number}</a> – tidligere" in page
    assert reverse("concerns:detail", args=[earlier.pk]) in page


def test_a_later_concern_is_not_called_earlier(client, cast):
    first = submitted_concern(cast.municipal_coordinator)
    later = draft_concern(cast.municipal_coordinator)
    Concern.objects.filter(pk=later.pk).update(received_at=first.received_at + timedelta(days=3))
    log_in(client, cast.municipal_coordinator)
    page = client.get(reverse("concerns:detail", args=[first.pk])).content.decode()
    assert f"{later.case_number}</a> – senere" in page


def test_it_does_not_reveal_concerns_of_another_infohus(cast):
    submitted_concern(cast.other_municipal_coordinator)
    assert not selectors.earlier_concerns(cast.municipal_coordinator, cpr="1509094123").exists()


def test_it_does_not_reveal_a_police_only_concern_to_the_municipality(cast):
    submitted_concern(cast.police_coordinator)
    assert not selectors.earlier_concerns(cast.municipal_coordinator, cpr="1509094123").exists()
    assert selectors.earlier_concerns(cast.police_coordinator, cpr="1509094123").exists()
