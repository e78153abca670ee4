"""The data-protection officer lists every § 115 exchange of their scope in a period:
their own Infohus, made or received by their own authority; never another's."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit import views
from audit.forms import ExchangeSearchForm
from concerns import services
from concerns.models import PoliceCheck
from infohus.memberships import grant_membership
from infohus.models import AuditQuery, Role
from tests.audit.log_page import SECRET, result_rows, results
from tests.cast import concern_data, log_in, make_user, person_data

pytestmark = pytest.mark.django_db


def case_in_gathering(municipal, police):
    concern = services.create_concern(by=municipal, concern_data=concern_data(), person_data=person_data())
    services.submit_concern(concern=concern, by=municipal)
    services.decide_police_check(
        concern=concern, by=police, outcome=PoliceCheck.Outcome.CLEARED, reason="Ingen hindringer."
    )
    return services.start_gathering(concern=concern, by=municipal)


def share(concern, police, to, *, days_ago=0, number=1):
    item = services.add_information_item(
        concern=concern, by=police, source="police", text=SECRET, information_date=timezone.localdate()
    )
    with time_machine.travel(timezone.now() - timedelta(days=days_ago), tick=False):
        return services.share_information(
            concern=concern,
            by=police,
            items=[item],
            to_authority=to,
            legal_basis_section=1,
            legal_basis_number=number,
            purpose="Kommunens vurdering af risiko i Infohus.",
            necessity="Nødvendigt for at vurdere voldsparathed.",
        )


@pytest.fixture
def exchanges(cast):
    """Halsnæs: two cases, exchanges 60 and 30 days ago and today; Gribskov (same police
    district, other Infohus): one exchange 30 days ago."""
    municipal, police = cast.municipal_coordinator, cast.police_coordinator
    first, second = case_in_gathering(municipal, police), case_in_gathering(municipal, police)
    to = cast.halsnaes.municipality
    old = share(first, police, to, days_ago=60, number=1)
    middle = share(second, police, to, days_ago=30, number=2)
    today = share(first, police, to, number=3)
    gribskov_case = case_in_gathering(cast.other_municipal_coordinator, cast.other_police_coordinator)
    gribskov = share(gribskov_case, cast.other_police_coordinator, cast.gribskov.municipality, days_ago=30)
    return old, middle, today, gribskov


def period(days_from: int, days_to: int) -> dict:
    today = timezone.localdate()
    return {
        "date_from": (today - timedelta(days=days_from)).isoformat(),
        "date_to": (today - timedelta(days=days_to)).isoformat(),
    }


def find(client, membership, **params):
    log_in(client, membership)
    return client.get(reverse("audit_exchanges"), params)


def test_the_auditor_lists_every_exchange_of_a_period(client, cast, exchanges):
    old, middle, today, _ = exchanges
    response = find(client, cast.auditor, **period(61, 29))
    rows = result_rows(response)
    assert len(rows) == 2  # newest first
    assert middle.concern.case_number in rows[0] and old.concern.case_number in rows[1]
    assert "stk. 1, nr. 2" in rows[0] and "stk. 1, nr. 1" in rows[1]
    for row in rows:
        assert "Nordsjællands Politi → Halsnæs Kommune" in row
        assert "Jonas Brandt" in row and "1 oplysning" in row
        assert '<td data-title="Tilbagekaldt">Nej</td>' in row
    shared_at = timezone.localtime(old.shared_at).strftime("%Y-%m-%dT%H:%M:%S%z")
    assert f'<time class="ih-nowrap" datetime="{shared_at}">' in rows[1]
    assert timezone.localtime(old.shared_at).strftime("%d.%m.%Y %H:%M") in rows[1]
    assert "2 udvekslinger" in response.content.decode()
    assert SECRET not in response.content.decode()


def test_a_period_open_at_one_end_runs_to_today_or_from_the_beginning(client, cast, exchanges):
    old, middle, today, _ = exchanges
    since = results(find(client, cast.auditor, date_from=period(31, 0)["date_from"]))
    assert "stk. 1, nr. 2" in since and "stk. 1, nr. 3" in since and "stk. 1, nr. 1" not in since
    until = results(find(client, cast.auditor, date_to=period(0, 31)["date_to"]))
    assert "stk. 1, nr. 1" in until and "stk. 1, nr. 2" not in until


def test_a_case_number_narrows_the_period(client, cast, exchanges):
    old, _, today, _ = exchanges
    rows = result_rows(find(client, cast.auditor, case_number=old.concern.case_number.lower(), **period(90, 0)))
    assert len(rows) == 2 and all(old.concern.case_number in row for row in rows)


def test_a_revoked_exchange_says_when_and_by_whom(client, cast, exchanges):
    _, _, today, _ = exchanges
    services.revoke_exchange(exchange=today, by=cast.police_coordinator, reason="Ikke længere nødvendigt")
    row = result_rows(find(client, cast.auditor, **period(0, 0)))[0]
    assert "Jonas Brandt: Ikke længere nødvendigt" in row
    assert timezone.localtime().strftime("%d.%m.%Y") in row.split('data-title="Tilbagekaldt"')[1]


def test_another_infohus_never_appears_even_for_the_same_police_district(client, cast, exchanges):
    *halsnaes, gribskov = exchanges
    police_auditor = grant_membership(
        user=make_user("dpo@politi.dk", "DPO Politiet"), infohus=cast.halsnaes, role=Role.AUDITOR, authority=cast.police
    )
    for auditor in (cast.auditor, police_auditor):
        page = results(find(client, auditor, **period(90, 0)))
        # Case numbers run per Infohus (Gribskov has an IH-2026-0001 too): look at the parties.
        assert "Gribskov Kommune" not in page
        assert page.count("<tr>") == len(halsnaes)
    gribskov_auditor = grant_membership(
        user=make_user("dpo@gribskov.dk", "DPO Gribskov"), infohus=cast.gribskov, role=Role.AUDITOR
    )
    rows = result_rows(find(client, gribskov_auditor, **period(90, 0)))
    assert len(rows) == 1 and "Nordsjællands Politi → Gribskov Kommune" in rows[0]


def test_what_the_other_authority_disclosed_to_a_meeting_is_not_the_municipal_auditors(client, cast, exchanges):
    old, *_ = exchanges
    with transaction.atomic():
        services.disclose_to_participants(
            concern=old.concern,
            by=cast.police_coordinator,
            items=[],
            summary="Resumé",
            legal_basis_section=1,
            legal_basis_number=4,
            purpose="Analysemødet",
            necessity="Nødvendigt",
        )
    municipal = results(find(client, cast.auditor, **period(0, 0)))
    assert "nr. 4" not in municipal and "mødets deltagere" not in municipal
    police_auditor = grant_membership(
        user=make_user("dpo@politi.dk", "DPO Politiet"), infohus=cast.halsnaes, role=Role.AUDITOR, authority=cast.police
    )
    police = results(find(client, police_auditor, **period(0, 0)))
    assert "Nordsjællands Politi → mødets deltagere" in police and "Kun resumé" in police


def test_only_dates_and_a_case_number_can_stand_in_the_url_and_the_search_is_logged(client, cast, exchanges):
    assert set(ExchangeSearchForm.base_fields) == {"case_number", "date_from", "date_to"}
    response = find(client, cast.auditor, **period(61, 0))
    form = response.content.decode().split('aria-label="Find udvekslinger"', 1)[1].split("</form>", 1)[0]
    assert set(re.findall(r'name="([^"]+)"', form)) == {"case_number", "date_from", "date_to"}
    query = AuditQuery.objects.get()
    assert query.membership == cast.auditor and query.result_count == 3
    assert query.criteria["exchanges_from"] == period(61, 0)["date_from"]


def test_a_long_list_is_paged(client, cast, exchanges, monkeypatch):
    monkeypatch.setattr(views, "EXCHANGES_PER_PAGE", 2)
    first = find(client, cast.auditor, **period(90, 0))
    assert len(result_rows(first)) == 2
    page = first.content.decode()
    assert "Side 1 af 2" in page
    assert f"date_from={period(90, 0)['date_from']}&amp;date_to={period(90, 0)['date_to']}&amp;page=2" in page
    second = find(client, cast.auditor, page=2, **period(90, 0))
    assert len(result_rows(second)) == 1


def test_dates_in_the_wrong_order_are_refused(client, cast, exchanges):
    response = find(client, cast.auditor, date_from=period(0, 0)["date_from"], date_to=period(30, 30)["date_to"])
    page = response.content.decode()
    assert "Startdatoen må ikke ligge efter slutdatoen." in page
    assert "<tbody>" not in page and not AuditQuery.objects.exists()
