"""The meeting's pages and the recommendation (page and PDF) cost the same few queries
with one row or many: no query per agenda item, participant, score, recommendation or
exchange."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import services as meeting_services
from concerns import services
from concerns.models import Concern
from infohus.models import Department
from tests.cast import (
    confirmed,
    gathering_concern,
    log_in,
    meeting_item,
    police_item,
    ready_concern,
    recommended_concern,
    share_police_item,
    to_children_and_family,
)

pytestmark = pytest.mark.django_db

# Measured budgets; each test asserts that the count does not grow with the rows and stays
# within these.
MEETING_PAGE = 15
MEETING_ROOM = 19
RECOMMENDATION_PAGE = 27
RECOMMENDATION_PDF = 29


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_the_meeting_page_costs_the_same_with_one_agenda_item_or_many(client, cast):
    item = meeting_item(cast, open_it=False)
    log_in(client, cast.municipal_coordinator)
    url = reverse("assessment:detail", args=[item.meeting_id])
    client.get(url)
    few = queries(client, url)
    for _ in range(3):
        meeting_services.add_to_agenda(meeting=item.meeting, concern=ready_concern(cast), by=cast.municipal_coordinator)
    meeting_services.invite_external(
        meeting=item.meeting,
        by=cast.municipal_coordinator,
        email="lis@kriminalforsorgen.dk",
        full_name="Lis Holm",
        authority=cast.external.authority,
    )
    assert queries(client, url) == few
    assert few <= MEETING_PAGE


def test_the_meeting_room_costs_the_same_with_no_scores_or_all_nine(client, cast):
    item = meeting_item(cast)
    confirmed(cast, item, "municipal_coordinator")
    log_in(client, cast.municipal_coordinator)
    url = reverse("assessment:room", args=[item.meeting_id, item.pk])
    client.get(url)
    few = queries(client, url)
    for number in range(1, 10):
        meeting_services.record_agreed_score(
            item=item,
            by=cast.municipal_coordinator,
            dimension=number,
            status="scored",
            value=number % 5,
            justification=f"Begrundelse {number}",
            version=0,
        )
    assert queries(client, url) == few
    assert few <= MEETING_ROOM


def recommended_with(cast, *, shared: int, recommendations):
    """A recommended concern whose gathering shared `shared` police items."""
    concern = gathering_concern(cast)
    for n in range(shared):
        share_police_item(cast, concern, police_item(cast, concern, text=f"Oplysning {n}"))
    services.finish_gathering(concern=concern, by=cast.municipal_coordinator)
    return recommended_concern(cast, concern=Concern.objects.get(pk=concern.pk), recommendations=recommendations)


@pytest.mark.parametrize(
    ("page", "budget"),
    [("assessment:recommendation", RECOMMENDATION_PAGE), ("assessment:recommendation_pdf", RECOMMENDATION_PDF)],
)
def test_the_recommendation_costs_the_same_with_one_recommendation_or_several(client, cast, page, budget):
    one = recommended_with(cast, shared=1, recommendations=[to_children_and_family()])
    several = recommended_with(
        cast,
        shared=4,
        recommendations=[to_children_and_family(), to_children_and_family(department=Department.JOBCENTER)],
    )
    log_in(client, cast.municipal_coordinator)
    client.get(reverse(page, args=[one.pk]))
    few = queries(client, reverse(page, args=[one.pk]))
    assert queries(client, reverse(page, args=[several.pk])) == few
    assert few <= budget
