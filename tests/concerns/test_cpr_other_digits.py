"""A CPR number typed with digits of another script (full-width ０-９ from an East Asian
keyboard, Arabic-Indic ٠-٩) is read as the ASCII number it stands for: stored, searched
and found by the auditor as the same ten ASCII digits."""

import pytest
from django.urls import reverse

from audit.selectors import case_numbers_for_person
from concerns import search
from concerns.cpr import parse_cpr
from concerns.models import Person
from tests.cast import draft_concern, log_in
from tests.concerns.test_intake import intake_post

FULL_WIDTH = "１５０９０９－４１２３"
ARABIC_INDIC = "١٥٠٩٠٩-٤١٢٣"


@pytest.mark.parametrize("value", [FULL_WIDTH, ARABIC_INDIC, "１５０９０９４１２３"])
def test_it_reads_digits_of_other_scripts_as_ascii(value):
    cpr = parse_cpr(value)
    assert cpr.digits == "1509094123"
    assert cpr.digits.isascii()


@pytest.mark.django_db
def test_the_intake_stores_a_full_width_cpr_as_ascii_and_the_auditor_finds_it(client, cast):
    log_in(client, cast.municipal_coordinator)
    response = client.post(reverse("concerns:create"), intake_post(**{"person-cpr": FULL_WIDTH}))
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.cpr == "1509094123"
    assert case_numbers_for_person(cast.halsnaes, "150909-4123") == [person.concern.case_number]
    assert case_numbers_for_person(cast.halsnaes, FULL_WIDTH) == [person.concern.case_number]


@pytest.mark.django_db
def test_the_list_search_finds_a_concern_by_a_cpr_in_other_digits(cast):
    concern = draft_concern(cast.municipal_coordinator)
    term = search.parse_term(ARABIC_INDIC)
    assert (term.kind, term.value) == ("cpr", "1509094123")
    assert list(search.search_concerns(cast.municipal_coordinator, term=term)) == [concern]


def test_a_case_number_in_full_width_digits_is_searched_as_ascii():
    term = search.parse_term("IH-２０２６-０００１")
    assert (term.kind, term.value) == ("case_number", "IH-2026-0001")
