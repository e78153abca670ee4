"""The start page's worklist: what waits on each coordinator, and nothing outside their scope."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concerns import services
from concerns.models import InformationRequest
from tests.cast import (
    gathering_concern,
    log_in,
    police_item,
    ready_concern,
    share_police_item,
    submitted_concern,
)

pytestmark = pytest.mark.django_db


def home(client) -> str:
    return client.get(reverse("home")).content.decode()


def overdue_request(cast, concern, name="Distriktspsykiatrien Syd"):
    request = services.request_information(
        concern=concern, by=cast.municipal_coordinator, source="psychiatry", source_name=name, asked_for="Journal"
    )
    InformationRequest.objects.filter(pk=request.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    return request


def test_a_coordinator_sees_overdue_requests_waiting_concerns_and_cases_ready_for_a_meeting(client, cast):
    gathering = gathering_concern(cast)
    overdue_request(cast, gathering)
    waiting = submitted_concern(cast.municipal_coordinator)
    ready = ready_concern(cast)
    log_in(client, cast.municipal_coordinator)
    page = home(client)
    assert "Forsinkede anmodninger" in page and "Distriktspsykiatrien Syd" in page
    assert waiting.case_number in page and "venter i" in page
    assert ready.case_number in page
    log_in(client, cast.police_coordinator)
    page = home(client)
    assert "Venter på din politiafklaring" in page
    assert reverse("concerns:police_decision", args=[waiting.pk]) in page


def test_information_shared_with_my_authority_is_listed_until_marked_as_seen(client, cast):
    concern = gathering_concern(cast)
    share_police_item(cast, concern, police_item(cast, concern))
    log_in(client, cast.municipal_coordinator)
    page = home(client)
    assert "Delt med Halsnæs Kommune, siden du sidst kiggede" in page
    assert concern.case_number in page and "fra Nordsjællands Politi" in page
    client.post(reverse("shared_seen"))
    assert "Intet nyt er delt med dig." in home(client)
    share_police_item(cast, concern, police_item(cast, concern, text="Ny oplysning"))
    assert "fra Nordsjællands Politi" in home(client)  # a later sharing shows again
    log_in(client, cast.police_coordinator)  # the sender's own sharing is not news to it
    assert "fra Nordsjællands Politi" not in home(client)


def test_the_worklist_never_shows_another_infohus_or_the_other_sides_own_work(client, cast):
    # Case numbers run per Infohus, so the check is on the case's links, not its number.
    gribskov_waiting = submitted_concern(cast.other_municipal_coordinator)
    police_own = submitted_concern(cast.police_coordinator)  # recorded by the police: police only
    log_in(client, cast.municipal_coordinator)
    page = home(client)
    assert f"/bekymringer/{gribskov_waiting.pk}/" not in page
    assert f"/bekymringer/{police_own.pk}/" not in page
    log_in(client, cast.police_coordinator)  # the same police, working in Infohus Halsnæs
    page = home(client)
    assert f"/bekymringer/{gribskov_waiting.pk}/" not in page
    assert f"/bekymringer/{police_own.pk}/" in page


def test_roles_without_a_worklist_see_none(client, cast):
    gathering = gathering_concern(cast)
    overdue_request(cast, gathering)
    for name in ("caseworker", "auditor", "admin", "external"):
        log_in(client, cast.by_name(name))
        page = home(client)
        assert "Hvad venter på dig" not in page and "Distriktspsykiatrien Syd" not in page, name


def test_marking_as_seen_is_refused_to_roles_without_exchanges(client, cast):
    for name in ("auditor", "admin", "external"):
        log_in(client, cast.by_name(name))
        assert client.post(reverse("shared_seen")).status_code == 404, name


# Session, user, the second factor's device, membership, its role group's id, and one query per list on the page
# (drafts, recent, waiting for the police, ready for a meeting, overdue requests, shared
# with us, recommendations, overdue follow-ups, meetings), the one audit INSERT naming every
# case shown: however many rows each list holds.
START_PAGE = 15


def test_the_start_page_costs_the_same_queries_with_few_and_many_rows(client, cast):
    log_in(client, cast.municipal_coordinator)
    client.get(reverse("home"))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    concern = gathering_concern(cast)
    overdue_request(cast, concern)
    share_police_item(cast, concern, police_item(cast, concern))
    submitted_concern(cast.municipal_coordinator)
    few = count()
    for n in range(6):
        other = gathering_concern(cast)
        overdue_request(cast, other, name=f"Skole {n}")
        share_police_item(cast, other, police_item(cast, other))
        submitted_concern(cast.municipal_coordinator)
        ready_concern(cast)
    assert count() == few
    assert few <= START_PAGE
