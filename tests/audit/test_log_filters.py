"""Each choice of the log's action filter returns exactly what it says, no more, no less."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse

from audit import selectors
from audit.forms import AuditSearchForm
from audit.models import RefusedLookupAlert
from concerns import services
from concerns.models import Exchange, ExchangeItem
from infohus.models import AuditQuery
from tests.audit.log_page import result_rows
from tests.cast import draft_concern, log_in

pytestmark = pytest.mark.django_db

Action = LogEntry.Action


def is_exchange_record(entry: LogEntry) -> bool:
    model = entry.content_type.model_class()
    if model is ExchangeItem:
        return entry.action == Action.CREATE
    if model is Exchange:
        return entry.action == Action.CREATE or (
            entry.action == Action.UPDATE and "revoked_at" in (entry.changes_dict or {})
        )
    return False


# What each choice must return, said independently of the selector.
FILTERS = {
    "": lambda entry: True,
    "create": lambda entry: entry.action == Action.CREATE,
    "update": lambda entry: entry.action == Action.UPDATE,
    "delete": lambda entry: entry.action == Action.DELETE,
    "access": lambda entry: entry.action == Action.ACCESS,
    "exchange": is_exchange_record,
    "refused": lambda entry: entry.content_type.model_class() is RefusedLookupAlert,
}


@pytest.fixture
def every_kind_of_entry(client, cast, shared_case):
    """Creations, changes, a deletion, reads (of exchanges too), a share, a revocation and
    a burst of refused case URLs."""
    concern, _, exchange = shared_case
    coordinator = cast.municipal_coordinator
    with set_actor(coordinator.user):
        draft = draft_concern(coordinator, custody_holders=[{"full_name": "Lise Sørensen"}])
        services.update_concern(concern=draft, by=coordinator, concern_data={}, person_data={})  # deletes the holder
    log_in(client, coordinator)
    client.get(reverse("concerns:detail", args=[concern.pk]))  # reads the exchange too
    for pk in range(90001, 90006):  # someone trying ids: one alert
        client.get(reverse("concerns:detail", args=[pk]))
    with set_actor(cast.police_coordinator.user):
        services.revoke_exchange(exchange=exchange, by=cast.police_coordinator, reason="Ikke længere nødvendigt")
    client.logout()
    return concern


def test_every_choice_of_the_form_is_tested():
    assert set(dict(AuditSearchForm.base_fields["action"].choices)) == set(FILTERS)


@pytest.mark.parametrize("action", list(FILTERS))
def test_the_action_filter_returns_exactly_what_it_says(cast, every_kind_of_entry, action):
    visible = list(selectors.entries_visible_to_auditor(cast.auditor))
    expected = {entry.pk for entry in visible if FILTERS[action](entry)}
    found = set(selectors.search_log(cast.auditor, selectors.Criteria(action=action)).values_list("pk", flat=True))
    assert expected and found == expected


def test_reads_of_exchanges_are_not_exchange_records(cast, every_kind_of_entry):
    exchange_reads = selectors.entries_visible_to_auditor(cast.auditor).filter(
        action=Action.ACCESS, content_type__model="exchange"
    )
    assert exchange_reads.exists()
    found = selectors.search_log(cast.auditor, selectors.Criteria(action="exchange"))
    assert not found.filter(action=Action.ACCESS).exists()


def test_the_exchange_filter_shows_the_share_and_the_revocation_only(every_kind_of_entry, search):
    rows = result_rows(search(action="exchange"))
    assert len(rows) == 2
    assert "Tilbagekaldte delingen med Halsnæs Kommune" in rows[0]
    assert "Delte 1 oplysning med Halsnæs Kommune" in rows[1]
    assert not any("Læste" in row for row in rows)


def test_a_wide_search_is_counted_only_up_to_the_count_limit(client, cast, shared_case, monkeypatch):
    from audit import views

    monkeypatch.setattr(views, "COUNT_LIMIT", 2)
    log_in(client, cast.auditor)
    page = client.post(reverse("audit_log"), {"action": ""}).content.decode()
    assert "Mere end 2 poster" in page
    assert AuditQuery.objects.latest("pk").result_count == 3  # what was counted, the limit + 1
