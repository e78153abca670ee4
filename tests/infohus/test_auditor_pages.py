"""The data-protection officer's pages: search, export, exchanges; no case content."""

import csv
import io

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse

from infohus.models import AuditQuery
from tests.cast import gathering_concern, log_in, police_item, share_police_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_case(client, cast):
    concern = gathering_concern(cast)
    with set_actor(cast.police_coordinator.user):  # as AuditlogMiddleware does in a request
        item = police_item(cast, concern, text="Hemmelig politioplysning om våben")
        exchange = share_police_item(cast, concern, item)
    log_in(client, cast.municipal_coordinator)
    client.get(reverse("concerns:item", args=[concern.pk, item.pk]))  # the municipal read
    client.logout()
    return concern, item, exchange


def search(client, cast, **criteria):
    log_in(client, cast.auditor)
    return client.post(reverse("audit_log"), criteria)


def results(response) -> str:
    """The result table only (the search form lists every user of the Infohus)."""
    page = response.content.decode()
    return page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_the_auditor_finds_the_municipal_read_and_the_exchange_by_case_number(client, cast, shared_case):
    concern, item, exchange = shared_case
    page = search(client, cast, case_number=concern.case_number, action="access").content.decode()
    assert "Mette Lund" in page and f"Læste oplysning {concern.case_number}" in page
    page = search(client, cast, case_number=concern.case_number, action="exchange").content.decode()
    assert "Delte 1 oplysning med Halsnæs Kommune" in page and "Jonas Brandt" in page


def test_the_auditor_finds_entries_by_person_cpr_without_it_in_the_url(client, cast, shared_case):
    concern, _, _ = shared_case
    response = search(client, cast, person="150909-4123")
    page = response.content.decode()
    assert concern.case_number in page
    assert "150909" not in response.request["PATH_INFO"] and not response.request.get("QUERY_STRING")


def test_the_auditor_never_sees_case_content(client, cast, shared_case):
    concern, _, _ = shared_case
    page = search(client, cast, case_number=concern.case_number).content.decode()
    assert "Hemmelig politioplysning" not in page
    assert "Mikkel" not in page and "voldsforherligende" not in page


def test_the_auditor_filters_by_user_authority_and_time(client, cast, shared_case):
    concern, _, _ = shared_case
    rows = results(search(client, cast, user=cast.municipal_coordinator.user.pk))
    assert "Mette Lund" in rows and "Jonas Brandt" not in rows
    rows = results(search(client, cast, authority=cast.halsnaes.municipality_id))
    assert "Mette Lund" in rows and "Jonas Brandt" not in rows
    rows = results(search(client, cast, authority=cast.police.pk))
    assert "Jonas Brandt" in rows and "Mette Lund" not in rows
    rows = results(search(client, cast, date_from="2000-01-01", date_to="2000-01-02"))
    assert concern.case_number not in rows


def test_the_auditor_exports_csv_and_the_export_is_logged(client, cast, shared_case):
    concern, _, _ = shared_case
    log_in(client, cast.auditor)
    response = client.post(reverse("audit_log_export"), {"case_number": concern.case_number})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Tidspunkt"
    assert len(rows) > 3 and all(row[6] == concern.case_number for row in rows[1:])
    assert "Hemmelig" not in b"".join(response).decode("utf-8-sig")
    query = AuditQuery.objects.get(exported=True)
    assert query.membership == cast.auditor and query.criteria["case_number"] == concern.case_number
    assert LogEntry.objects.get_for_object(query).filter(action=LogEntry.Action.CREATE).exists()


def test_a_search_is_logged(client, cast, shared_case):
    search(client, cast, person="Mikkel")
    assert AuditQuery.objects.get().criteria["person"] == "Mikkel"


def test_the_auditor_sees_the_exchanges_of_a_case(client, cast, shared_case):
    concern, _, exchange = shared_case
    log_in(client, cast.auditor)
    page = client.get(reverse("audit_exchanges"), {"case_number": concern.case_number}).content.decode()
    assert "Kommunens vurdering af risiko i Infohus." in page  # purpose
    assert "Nødvendigt for at vurdere voldsparathed" in page  # necessity
    assert "stk. 1, nr. 1" in page
    assert "Hemmelig politioplysning" not in page  # what was shared is not shown


def test_a_police_only_item_leaves_no_trace_for_the_municipal_auditor(client, cast):
    concern = gathering_concern(cast)
    item = police_item(cast, concern)
    log_in(client, cast.police_coordinator)
    client.get(reverse("concerns:item", args=[concern.pk, item.pk]))
    rows = results(search(client, cast, case_number=concern.case_number))
    assert "Oprettede oplysning" not in rows and "Læste oplysning" not in rows  # neither its creation nor its reading


def test_an_auditor_of_another_infohus_finds_nothing(client, cast, shared_case):
    from infohus.memberships import grant_membership
    from infohus.models import Role
    from tests.cast import make_user

    other = grant_membership(
        user=make_user("dpo@gribskov.dk", "DPO Gribskov"), infohus=cast.gribskov, role=Role.AUDITOR
    )
    concern, _, _ = shared_case
    log_in(client, other)
    page = client.post(reverse("audit_log"), {"case_number": concern.case_number}).content.decode()
    assert "Mette Lund" not in page
