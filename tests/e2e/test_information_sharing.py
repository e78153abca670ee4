"""The police add a police item the municipality cannot see, share it under § 115, the
municipality then sees it, and the data-protection officer finds both in the log."""

import pytest

from tests.cast import build_cast, gathering_concern
from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_intake_and_police_check import log_in, log_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_police_item_is_shared_under_section_115_and_the_auditor_sees_it(live_server, browser_page):
    cast = build_cast()
    concern = gathering_concern(cast)
    page, base = browser_page, live_server.url
    gathering_url = f"{base}/bekymringer/{concern.pk}/indsamling/"

    log_in(page, base, "jonas@politi.dk")
    page.goto(gathering_url)
    page.get_by_text("Registrér en oplysning").click()
    page.select_option("#id_item-source", "police")
    page.fill("#id_item-information_date", "2026-10-01")
    page.fill("#id_item-text", "Personen er registreret for trusler mod en moské i 2025.")
    page.get_by_role("button", name="Registrér oplysningen").click()
    assert page.locator(".ih-item", has_text="Personen er registreret for trusler").is_visible()
    log_out(page)

    log_in(page, base, "mette@halsnaes.dk")
    page.goto(gathering_url)
    assert page.get_by_text("Personen er registreret for trusler").count() == 0
    log_out(page)

    log_in(page, base, "jonas@politi.dk")
    page.goto(gathering_url)
    page.locator("input[name='share-items']").first.check()
    page.select_option("#id_share-legal_basis_section", "1")
    page.fill("#id_share-legal_basis_number", "1")
    page.fill("#id_share-purpose", "Vurdering af voldsparathed på analysemødet.")
    page.fill("#id_share-necessity", "Kommunen kan ikke vurdere risikoen uden politiets oplysning.")
    screenshot(page, "gathering-share")
    assert_accessible(page)
    page.get_by_role("button", name="Del oplysningerne").click()
    assert page.get_by_role("heading", name="Del med Halsnæs Kommune?").is_visible()
    screenshot(page, "gathering-share-confirm")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, del oplysningerne").click()
    assert page.get_by_text("Retsplejelovens § 115, stk. 1, nr. 1").first.is_visible()
    log_out(page)

    log_in(page, base, "mette@halsnaes.dk")
    page.goto(gathering_url)
    assert page.locator(".ih-item", has_text="Personen er registreret for trusler").is_visible()
    assert page.get_by_text("Modtaget fra Nordsjællands Politi").is_visible()
    page.get_by_role("link", name="Politi").first.click()  # open the item: a logged read
    assert page.get_by_text("Personen er registreret for trusler").is_visible()
    screenshot(page, "municipality-sees-shared-item")
    log_out(page)

    log_in(page, base, "peter@halsnaes.dk")
    page.get_by_role("link", name="Log", exact=True).first.click()
    page.fill("#id_case_number", concern.case_number)
    page.select_option("#id_action", "exchange")
    page.get_by_role("button", name="Søg").click()
    assert page.locator("table tbody tr", has_text="Jonas Brandt").count() >= 1
    assert page.get_by_text("Delte 1 oplysning med Halsnæs Kommune").first.is_visible()
    page.select_option("#id_action", "access")
    page.select_option("#id_user", label="Mette Lund")
    page.get_by_role("button", name="Søg").click()
    assert page.locator("table tbody tr", has_text="Læste").count() >= 1
    assert "Personen er registreret" not in page.content()
    screenshot(page, "auditor-log")
    assert_accessible(page)
