"""Every screen size: the menu and "Log ud" are reached by keyboard at phone, tablet and
desktop width; the pages a user meets on the way (overdue rows, error summary, error
page) pass axe-core and the Nu HTML Checker."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from concerns import services
from concerns.models import InformationRequest
from tests.cast import build_cast, gathering_concern, police_item, share_police_item, submitted_concern
from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_intake_and_police_check import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MENU = ["Overblik", "Bekymringer", "Registrér en bekymring", "Møder"]


def worklist_data():
    """A start page with something in every list: overdue request, shared, waiting, ready."""
    cast = build_cast()
    concern = gathering_concern(cast)
    request = services.request_information(
        concern=concern, by=cast.municipal_coordinator, source="psychiatry", source_name="Psykiatrien", asked_for="x"
    )
    InformationRequest.objects.filter(pk=request.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    share_police_item(cast, concern, police_item(cast, concern))
    submitted_concern(cast.municipal_coordinator)
    return concern


def tab_to(page, name: str, limit: int = 60) -> None:
    """Press Tab until the focused element is the link or button called `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.innerText.trim()")
        if focused == name:
            return
    raise AssertionError(f"{name!r} was not reached by keyboard")


@pytest.mark.parametrize("width", [375, 768, 1280])
def test_every_menu_entry_and_log_out_are_reached_by_keyboard(live_server, browser_page, width):
    concern = worklist_data()
    page, base = browser_page, live_server.url
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, base, "mette@halsnaes.dk")
    screenshot(page, f"home-{width}")
    assert_accessible(page)
    page.goto(f"{base}/bekymringer/{concern.pk}/indsamling/")
    assert page.locator("tr.ih-overdue").count() == 1  # axe sees an overdue row too
    assert_accessible(page)
    page.goto(f"{base}/")
    page.locator("body").focus()
    narrow = width < 992
    for name in MENU:
        if narrow:
            tab_to(page, "Menu")
            page.keyboard.press("Enter")
            assert page.locator(".mobile-drawer").is_visible()
        tab_to(page, name)
        if narrow:
            page.keyboard.press("Escape")  # the drawer closes and gives focus back to its button
            assert not page.locator(".mobile-drawer").is_visible()
            page.locator("body").focus()
    if narrow:
        tab_to(page, "Menu")
        page.keyboard.press("Enter")
        expect(page.locator(".mobile-drawer")).to_be_visible()
    tab_to(page, "Log ud")
    if narrow:  # checked once the keyboard has put the focus on "Log ud"; axe's run may move it
        log_out = page.evaluate_handle("document.activeElement")
        screenshot(page, f"menu-open-{width}")
        assert_accessible(page)
        expect(page.locator(".mobile-drawer")).to_be_visible()
        log_out.as_element().focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/log-ind/**")
    assert page.get_by_role("button", name="Log ind").is_visible()


def test_a_form_error_summary_and_the_error_page_are_accessible(live_server, browser_page):
    build_cast()
    page, base = browser_page, live_server.url
    page.set_viewport_size({"width": 375, "height": 900})
    log_in(page, base, "mette@halsnaes.dk")
    page.goto(f"{base}/bekymringer/ny/")
    page.fill("#id_concern-reporter_name", "Hanne Dahl")
    page.get_by_role("button", name="Gem og send til politiet").click()
    summary = page.locator("[data-module='error-summary']")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.dataset.module") == "error-summary"  # read out first
    assert page.input_value("#id_concern-reporter_name") == "Hanne Dahl"
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.name") == "concern-received_via"
    screenshot(page, "intake-error-summary")
    assert_accessible(page)
    response = page.goto(f"{base}/bekymringer/987654/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() != "Not Found"
    screenshot(page, "not-found")
    assert_accessible(page)
