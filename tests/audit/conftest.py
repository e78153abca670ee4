"""Scenarios for the data-protection officer's pages, built by calling the real services
as the coordinators would (inside a request AuditlogMiddleware sets the actor; here
`set_actor` does)."""

import pytest
from auditlog.context import set_actor
from django.urls import reverse

from concerns import services
from tests.audit.log_page import SECRET
from tests.cast import gathering_concern, log_in, municipal_item, police_item, share_police_item


@pytest.fixture
def shared_case(client, cast):
    """A case with a police item shared with the municipality, a municipal request, and the
    municipal coordinator's reading of the shared item."""
    concern = gathering_concern(cast)
    with set_actor(cast.police_coordinator.user):
        item = police_item(cast, concern, text=SECRET)
        exchange = share_police_item(cast, concern, item)
    with set_actor(cast.municipal_coordinator.user):
        request = services.request_information(
            concern=concern, by=cast.municipal_coordinator, source="jobcenter", asked_for="Er han i praktik?"
        )
        services.mark_request_received(request=request, by=cast.municipal_coordinator)
        municipal_item(cast, concern, text="Skolen oplyser stigende fravær.")
    log_in(client, cast.municipal_coordinator)
    client.get(reverse("concerns:item", args=[concern.pk, item.pk]))
    client.logout()
    return concern, item, exchange


@pytest.fixture
def search(client, cast):
    """Search the log as the Infohus's data-protection officer."""

    def search(**criteria):
        log_in(client, cast.auditor)
        return client.post(reverse("audit_log"), criteria)

    return search
