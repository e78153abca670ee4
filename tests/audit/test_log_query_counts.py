"""The log page costs the same few queries with a handful of entries or hundreds: the
descriptions and the grouping add no query per row."""

import pytest
from auditlog.context import set_actor
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concerns import services
from tests.cast import log_in, police_item, share_police_item

pytestmark = pytest.mark.django_db

# Session, user, the second factor's device, membership; the count and the entries; the shared items' exchanges, the
# exchanges named, the auditor's exports (once each, whatever the number of rows); the
# search's record and its log entry; the form's users and authorities.
LOG_PAGE = 13


def queries(client, data) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("audit_log"), data)
    assert response.status_code == 200
    return len(captured)


def add_rows(client, cast, concern, count):
    for n in range(count):
        with set_actor(cast.police_coordinator.user):
            share_police_item(cast, concern, police_item(cast, concern, text=f"Oplysning {n}"))
        with set_actor(cast.municipal_coordinator.user):
            services.request_information(
                concern=concern, by=cast.municipal_coordinator, source="jobcenter", asked_for=f"Spørgsmål {n}"
            )
    log_in(client, cast.municipal_coordinator)
    for _ in range(count):
        client.get(reverse("concerns:gathering", args=[concern.pk]))


@pytest.mark.parametrize("criteria", [{"action": ""}, {"action": "exchange"}, {"action": "access"}])
def test_the_log_page_costs_the_same_few_queries_with_few_entries_or_many(client, cast, shared_case, criteria):
    concern, _, _ = shared_case
    add_rows(client, cast, concern, 1)
    log_in(client, cast.auditor)
    client.post(reverse("audit_log"), criteria)  # the session is settled, and a search is in the log
    few = queries(client, criteria)
    add_rows(client, cast, concern, 8)
    log_in(client, cast.auditor)
    client.post(reverse("audit_log"), criteria)
    assert queries(client, criteria) == few
    assert few <= LOG_PAGE
