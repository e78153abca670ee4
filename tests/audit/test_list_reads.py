"""A list of cases writes one log entry naming every case it showed (not one per row), and
the data-protection officer's search by case or person still finds it; each controller's
officer sees only the cases that are theirs on another authority's user's list."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from infohus.memberships import grant_membership
from infohus.models import Role
from tests.audit.log_page import result_rows
from tests.cast import draft_concern, log_in, make_user, person_data, submitted_concern

pytestmark = pytest.mark.django_db


def reads():
    return LogEntry.objects.filter(action=LogEntry.Action.ACCESS)


@pytest.mark.parametrize("name", ["concerns:list", "concerns:police_queue", "home"])
def test_a_list_writes_one_entry_naming_every_case_it_shows(client, cast, name):
    shown = [submitted_concern(cast.municipal_coordinator) for _ in range(3)]
    log_in(client, cast.police_coordinator)
    before = reads().count()
    assert client.get(reverse(name)).status_code == 200
    assert reads().count() == before + 1
    entry = reads().latest("pk")
    assert entry.actor == cast.police_coordinator.user
    data = entry.additional_data
    assert set(data["cases"]) == {c.case_number for c in shown}
    assert {row["id"] for row in data["cases"].values()} == {c.pk for c in shown}
    assert data["infohus_id"] == cast.halsnaes.pk and data["actor_authority_id"] == cast.police.pk
    assert data["owners"] == {str(cast.halsnaes.municipality_id): True}
    assert "Mikkel" not in entry.object_repr  # no names in the entry


def test_an_empty_list_writes_nothing(client, cast):
    log_in(client, cast.police_coordinator)
    before = reads().count()
    client.get(reverse("concerns:police_queue"))
    assert reads().count() == before


def search(client, auditor, **criteria):
    log_in(client, auditor)
    return client.post(reverse("audit_log"), criteria)


def test_the_officer_finds_the_list_by_case_number_and_by_person(client, cast):
    concern = submitted_concern(cast.municipal_coordinator, person=person_data(full_name="Mikkel Sørensen"))
    other = submitted_concern(cast.municipal_coordinator, person=person_data(full_name="Anna Holm", cpr="0101901239"))
    log_in(client, cast.police_coordinator)
    client.get(reverse("concerns:police_queue"))
    client.logout()
    for criteria in ({"case_number": concern.case_number}, {"person": "Mikkel Sørensen"}, {"action": "access"}):
        rows = [row for row in result_rows(search(client, cast.auditor, **criteria)) if "Jonas Brandt" in row]
        listed = [row for row in rows if "politiets kø" in row]
        assert len(listed) == 1, criteria
        assert concern.case_number in listed[0] and other.case_number in listed[0], criteria
        assert "Så 2 sager på politiets kø" in listed[0], criteria


def test_another_authoritys_officer_sees_only_its_own_cases_on_the_list(client, cast):
    police_auditor = grant_membership(
        user=make_user("dpo@politi.dk", "Dorte Politi"), infohus=cast.halsnaes, role=Role.AUDITOR, authority=cast.police
    )
    municipal = draft_concern(cast.municipal_coordinator)  # the municipality's own draft
    police_own = draft_concern(cast.police_coordinator)  # the police's own draft
    log_in(client, cast.police_coordinator)
    client.get(reverse("concerns:list"))
    log_in(client, cast.municipal_coordinator)
    client.get(reverse("concerns:list"))
    client.logout()
    # The municipality's officer: its own user's list in full; the police user's list only
    # as far as it showed the municipality's case (it did not: the police see their own).
    rows = result_rows(search(client, cast.auditor, action="access"))
    listed = [row for row in rows if "listen over bekymringer" in row]
    assert any("Mette Lund" in row and municipal.case_number in row for row in listed)
    assert all(police_own.case_number not in row for row in rows)
    # The police's officer finds its own user's list, never the municipality's draft.
    rows = result_rows(search(client, police_auditor, action="access"))
    listed = [row for row in rows if "listen over bekymringer" in row]
    assert any("Jonas Brandt" in row and police_own.case_number in row for row in listed)
    assert all(municipal.case_number not in row for row in rows)
    assert (
        search(client, police_auditor, case_number=municipal.case_number).content.decode().count(municipal.case_number)
        == 1
    )  # only in the search field's value


def test_the_export_names_the_cases_of_a_list(client, cast):
    concern = submitted_concern(cast.municipal_coordinator)
    log_in(client, cast.municipal_coordinator)
    client.get(reverse("concerns:list"))
    log_in(client, cast.auditor)
    response = client.post(reverse("audit_log_export"), {"case_number": concern.case_number})
    text = b"".join(response).decode("utf-8-sig")
    assert response.streaming
    line = next(line for line in text.splitlines() if "listen over bekymringer" in line)
    assert concern.case_number in line
