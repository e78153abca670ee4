"""A data subject's access request (GDPR art. 15): each authority's data-protection officer
gets what their own authority holds or received about the person, as a PDF or a CSV, and
nothing the other authority keeps to itself; another Infohus's case never."""

import io

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pypdf import PdfReader

from infohus.memberships import grant_membership
from infohus.models import AuditQuery, Role
from tests.cast import (
    draft_concern,
    gathering_concern,
    log_in,
    make_user,
    municipal_item,
    police_item,
    share_police_item,
    submitted_concern,
)

pytestmark = pytest.mark.django_db

CPR = "150909-4123"
SHARED = "Delt politioplysning om trusler"
POLICE_ONLY = "Politiets egen efterretning om kontakt til gruppe"
MUNICIPAL = "Skolen oplyser stigende fravaer"
POLICE_CONCERN = "Politiets egen bekymring om opslag paa nettet"
OTHER_INFOHUS = "Gribskovs beskrivelse af samme person"


@pytest.fixture
def police_auditor(cast):
    return grant_membership(
        user=make_user("dpo@politi.dk", "Dorte Politi"), infohus=cast.halsnaes, role=Role.AUDITOR, authority=cast.police
    )


@pytest.fixture
def case(client, cast):
    """One case with a police item shared with the municipality, one police item kept,
    a municipal item; a police concern not yet cleared; and a Gribskov case on the same
    person. The municipal coordinator reads the case page."""
    concern = gathering_concern(cast)
    with set_actor(cast.police_coordinator.user):
        share_police_item(cast, concern, police_item(cast, concern, text=SHARED))
        police_item(cast, concern, text=POLICE_ONLY)
    with set_actor(cast.municipal_coordinator.user):
        municipal_item(cast, concern, text=MUNICIPAL)
    submitted_concern(cast.police_coordinator, concern={"description": POLICE_CONCERN})
    draft_concern(cast.other_municipal_coordinator, concern={"description": OTHER_INFOHUS})
    log_in(client, cast.municipal_coordinator)
    client.get(reverse("concerns:detail", args=[concern.pk]))
    client.logout()
    return concern


def ask(client, membership, fmt="pdf", cpr=CPR):
    log_in(client, membership)
    return client.post(reverse("audit_access_request"), {"cpr": cpr, "format": fmt})


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_municipal_answer_holds_its_own_and_the_shared_item_but_not_the_polices_own(client, cast, case):
    text = pdf_text(ask(client, cast.auditor))

    assert MUNICIPAL in text
    assert SHARED in text
    assert case.case_number in text
    assert "Mikkel Sørensen" in text
    assert POLICE_ONLY not in text
    assert POLICE_CONCERN not in text
    assert OTHER_INFOHUS not in text


def test_the_police_answer_is_the_reverse(client, cast, case, police_auditor):
    text = pdf_text(ask(client, police_auditor))

    assert POLICE_ONLY in text
    assert SHARED in text
    assert POLICE_CONCERN in text
    assert "Eleven viser voldsforherligende" in text  # the municipality's concern went to the police check
    assert MUNICIPAL not in text
    assert OTHER_INFOHUS not in text


def test_every_page_says_confidential_and_who_answers(client, cast, case):
    reader = PdfReader(io.BytesIO(ask(client, cast.auditor).content))
    for page in reader.pages:
        text = page.extract_text()
        assert "FORTROLIGT" in text or "CONFIDENTIAL" in text
        assert "Halsnæs Kommune" in text
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=1)  # A4


def test_it_lists_who_read_the_case(client, cast, case):
    text = pdf_text(ask(client, cast.auditor))

    assert "Mette Lund" in text  # the municipal coordinator's reading of the case page


def test_the_csv_has_the_same_scope(client, cast, case):
    response = ask(client, cast.auditor, fmt="csv")
    body = response.content.decode("utf-8-sig")

    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store"
    assert MUNICIPAL in body and SHARED in body
    assert POLICE_ONLY not in body and POLICE_CONCERN not in body and OTHER_INFOHUS not in body
    assert "Mette Lund" in body


def test_the_request_is_logged_and_the_content_read_is_logged(client, cast, case):
    ask(client, cast.auditor)

    query = AuditQuery.objects.get(membership=cast.auditor)
    assert query.exported is True
    assert query.criteria == {"access_request": "1509094123", "format": "pdf"}
    assert query.result_count == 1
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(AuditQuery),
        object_pk=str(query.pk),
        action=LogEntry.Action.CREATE,
    ).exists()
    assert LogEntry.objects.filter(
        actor=cast.auditor.user, action=LogEntry.Action.ACCESS, additional_data__case_number=case.case_number
    ).exists()


def test_the_cpr_number_never_stands_in_a_url(client, cast, case):
    log_in(client, cast.auditor)
    page = client.get(reverse("audit_access_request")).content.decode()
    assert 'method="post"' in page

    by_get = client.get(reverse("audit_access_request"), {"cpr": CPR, "format": "pdf"})
    assert by_get["Content-Type"].startswith("text/html")  # a GET never answers
    assert not AuditQuery.objects.exists()

    response = ask(client, cast.auditor)
    assert "150909" not in response["Content-Disposition"]
    assert "1509094123" not in response["Content-Disposition"]


def test_a_person_the_authority_holds_nothing_on_gets_an_answer_saying_so(client, cast, case):
    text = pdf_text(ask(client, cast.auditor, cpr="010190-1234"))

    assert "Mikkel" not in text
    assert AuditQuery.objects.get().result_count == 0


def test_a_malformed_cpr_number_shows_the_form_again(client, cast, case):
    response = ask(client, cast.auditor, cpr="12345")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert not AuditQuery.objects.exists()


@pytest.mark.parametrize("name", ["municipal_coordinator", "police_coordinator", "caseworker", "admin"])
def test_nobody_but_the_data_protection_officer_may_ask(client, cast, case, name):
    assert ask(client, cast.by_name(name)).status_code == 404
