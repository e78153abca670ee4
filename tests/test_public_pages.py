"""The accessibility statement and the privacy notice: public, in Danish, with what a real
statement and notice must say."""

import pytest
from django.urls import reverse

from infohus.memberships import grant_membership
from infohus.models import Role
from tests.cast import log_in, verified_login

pytestmark = pytest.mark.django_db


def test_anyone_may_read_the_accessibility_statement_without_logging_in(client):
    response = client.get(reverse("accessibility"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Tilgængelighedserklæring – Infohus</title>" in page
    assert "EN 301 549" in page and "WCAG 2.1 niveau AA" in page
    assert "overholder delvist" in page
    assert "Analysetavlen" in page and "PDF/UA" in page  # the known gaps
    assert "Digitaliseringsstyrelsen" in page  # where to complain


def test_the_accessibility_statement_names_the_contact_from_the_settings(client, settings):
    settings.ACCESSIBILITY_CONTACT = "webtilgaengelighed@halsnaes.dk"
    page = client.get(reverse("accessibility")).content.decode()
    assert 'href="mailto:webtilgaengelighed@halsnaes.dk"' in page


def test_anyone_may_read_the_privacy_notice_without_logging_in(client):
    response = client.get(reverse("privacy"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Behandling af personoplysninger i Infohus</h1>" in page
    assert "selvstændigt dataansvarlige" in page
    for basis in ("Retsplejelovens § 115", "artikel 6", "artikel 9", "databeskyttelseslovens § 8"):
        assert basis in page, basis
    assert "Alt, hvad der læses, logges" in page
    assert "Databeskyttelsesrådgiver" in page and 'href="mailto:dpo@kommune.invalid"' in page
    assert "Datatilsynet" in page


def test_a_logged_in_user_sees_the_two_controllers_of_their_infohus(client, cast):
    log_in(client, cast.caseworker)
    page = client.get(reverse("privacy")).content.decode()
    assert "I Infohus Halsnæs er de dataansvarlige:" in page
    assert "<li>Halsnæs Kommune</li>" in page and "<li>Nordsjællands Politi</li>" in page


def test_a_user_who_has_not_chosen_an_infohus_may_read_both_pages(client, cast):
    grant_membership(user=cast.municipal_coordinator.user, infohus=cast.gribskov, role=Role.AUDITOR)
    verified_login(client, cast.municipal_coordinator.user)
    assert client.get(reverse("privacy")).status_code == 200
    assert client.get(reverse("accessibility")).status_code == 200
