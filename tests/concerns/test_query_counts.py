"""The pages coordinators live on cost a fixed, small number of queries: no query per
item, exchange or timeline line, and none to decide what the page may offer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concerns import services
from tests.cast import gathering_concern, log_in, municipal_item, police_item, share_police_item

pytestmark = pytest.mark.django_db

# Session, user, the second factor's device, memberships, the role group's id, the concern with its grants,
# exchanges (+ their items), the audit INSERT, earlier concerns, custody holders, timeline.
CASE_PAGE = 12
# Session, user, the second factor's device, memberships, the concern, items, requests, exchanges (+ items), the audit
# INSERT, the share form's recipient, open requests and own items.
GATHERING_PAGE = 14


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_rows(cast, concern, count):
    for n in range(count):
        share_police_item(cast, concern, police_item(cast, concern, text=f"Oplysning {n}"))
        municipal_item(cast, concern, text=f"Skolen {n}")
        services.request_information(
            concern=concern, by=cast.municipal_coordinator, source="jobcenter", asked_for=f"Spørgsmål {n}"
        )


@pytest.mark.parametrize(("page", "budget"), [("concerns:detail", CASE_PAGE), ("concerns:gathering", GATHERING_PAGE)])
def test_a_case_page_costs_the_same_few_queries_with_one_row_or_many(client, cast, page, budget):
    concern = gathering_concern(cast)
    add_rows(cast, concern, 1)
    log_in(client, cast.municipal_coordinator)
    client.get(reverse("home"))  # the session is settled
    url = reverse(page, args=[concern.pk])
    few = queries(client, url)
    add_rows(cast, concern, 6)
    assert queries(client, url) == few
    assert few <= budget
