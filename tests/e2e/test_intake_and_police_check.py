"""A municipal coordinator records and submits a concern; the police coordinator clears it."""

import pytest

from tests.cast import PASSWORD, build_cast, one_time_code
from tests.e2e.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, base, email):
    code = one_time_code(email)  # the user's authenticator app (set up if they had none)
    page.goto(f"{base}/log-ind/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    # The second factor: the code the user's authenticator app shows now (tests/cast.py).
    page.wait_for_url(f"{base}/log-ind/kode/**")
    page.fill("#id_code", code)
    page.press("#id_code", "Enter")
    page.wait_for_url(f"{base}/")


def log_out(page):
    page.get_by_role("button", name="Log ud").click()


def test_a_concern_goes_from_intake_to_cleared(live_server, browser_page):
    build_cast()
    page, base = browser_page, live_server.url

    log_in(page, base, "mette@halsnaes.dk")
    page.get_by_role("link", name="Registrér en bekymring").first.click()
    page.check("#id_concern-acute_danger")
    assert page.locator("#acute-warning").is_visible()  # shown at once, before saving
    page.uncheck("#id_concern-acute_danger")
    page.check("input[name='concern-received_via'][value='phone']")
    page.fill("#id_concern-reporter_name", "Hanne Dahl")
    page.fill("#id_concern-reporter_organisation", "Frederiksværk Skole")
    page.select_option("#id_concern-reporter_informed", "yes")
    page.fill("#id_person-full_name", "Mikkel Sørensen")
    page.fill("#id_person-cpr", "150909-4123")
    page.fill("#id_custody-0-full_name", "Lone Sørensen")
    page.fill("#id_concern-description", "Eleven viser voldsforherligende videoer i frikvarteret.")
    page.check("input[name='concern-observation'][value='first_hand']")
    page.check("input[name='concern-extremism_kind'][value='right_wing']")
    screenshot(page, "intake-filled")
    assert_accessible(page)
    page.get_by_role("button", name="Gem og send til politiet").click()
    assert page.get_by_role("heading", name="Send bekymringen til politiet?").is_visible()
    screenshot(page, "intake-confirm")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, send til politiet").click()

    assert page.get_by_text("sendt til politiets koordinator").is_visible()
    case_number = page.locator("h1").inner_text().split()[-1]
    assert case_number.startswith("IH-")
    assert page.get_by_text("Hos politiet").first.is_visible()
    log_out(page)

    log_in(page, base, "jonas@politi.dk")
    page.get_by_role("link", name="Politiets afklaring").first.click()
    row = page.locator("tr", has_text=case_number)
    row.get_by_role("link").last.click()
    assert_accessible(page)
    page.check("input[name='outcome'][value='cleared']")
    page.fill("#id_reason", "Ingen verserende efterforskning.")
    page.get_by_role("button", name="Registrér afgørelsen").click()
    assert page.get_by_text("Afgørelsen er registreret").is_visible()

    page.get_by_role("link", name="Bekymringer").first.click()
    page.get_by_role("link", name=case_number).click()
    timeline = page.locator("ol.ih-timeline")
    assert timeline.locator("li").count() == 4  # created, received, with the police, cleared
    assert "Ingen verserende efterforskning." in timeline.inner_text()
    assert "Jonas Brandt" in timeline.inner_text() and "Mette Lund" in timeline.inner_text()
    screenshot(page, "case-page-cleared")
    assert_accessible(page)
    log_out(page)

    log_in(page, base, "mette@halsnaes.dk")
    page.get_by_role("link", name="Bekymringer").first.click()
    page.get_by_role("link", name=case_number).click()
    assert page.get_by_text("Ingen verserende efterforskning.").first.is_visible()
    assert page.get_by_role("button", name="Start informationsindsamling").is_visible()


def test_the_pages_work_by_keyboard_from_a_skip_link(live_server, browser_page):
    build_cast()
    page, base = browser_page, live_server.url
    code = one_time_code("mette@halsnaes.dk")
    page.goto(f"{base}/log-ind/")
    assert_accessible(page)
    page.keyboard.type("mette@halsnaes.dk")  # the e-mail field has the focus from the start
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/log-ind/kode/**")
    assert_accessible(page)
    page.keyboard.type(code)  # the code field has the focus too
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Gå til indhold"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")  # the first thing in the content: record a new concern
    assert page.evaluate("document.activeElement.textContent.trim()") == "Registrér en ny bekymring"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/bekymringer/ny/")
