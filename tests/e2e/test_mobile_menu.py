"""On a phone or a tablet (below DKFDS's 992 px breakpoint) the menu, the user and "Log ud"
are in DKFDS's drawer, which works by keyboard: focus moves in, stays in, and Escape closes."""

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


def focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def test_the_drawer_menu_works_by_keyboard_on_a_phone(live_server, browser_page):
    build_cast()
    page, base = browser_page, live_server.url
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, base, "mette@halsnaes.dk")

    assert page.locator(".navigation-menu").is_hidden()  # the desktop menu
    opener = page.get_by_role("button", name="Menu")
    opener.focus()
    page.keyboard.press("Enter")

    drawer = page.get_by_role("dialog", name="Menu")
    assert drawer.is_visible()
    assert focused_text(page) == "Luk"  # focus moves into the drawer
    assert [link.text_content().strip() for link in drawer.get_by_role("link").all()] == [
        "Overblik",
        "Bekymringer",
        "Registrér en bekymring",
        "Møder",
        "Statistik",
    ]
    assert drawer.get_by_text("Mette Lund").is_visible()
    assert_accessible(page)
    screenshot(page, "mobile-menu-open")

    # Tab walks the drawer's six links and buttons and comes round again; Shift+Tab goes back.
    stops = []
    for _ in range(7):
        page.keyboard.press("Tab")
        stops.append(focused_text(page))
    assert stops == ["Overblik", "Bekymringer", "Registrér en bekymring", "Møder", "Statistik", "Log ud", "Luk"]
    page.keyboard.press("Shift+Tab")
    assert focused_text(page) == "Log ud"

    page.keyboard.press("Escape")
    assert drawer.is_hidden()
    assert focused_text(page) == "Menu"  # back where the user was

    page.keyboard.press("Enter")
    drawer.get_by_role("link", name="Bekymringer").click()
    page.wait_for_url(f"{base}/bekymringer/")
    page.get_by_role("button", name="Menu").click()
    assert drawer.locator("[aria-current=page]").text_content().strip() == "Bekymringer"

    drawer.get_by_role("button", name="Log ud").click()
    page.wait_for_url(f"{base}/log-ind/")


def test_the_desktop_keeps_its_menu_and_has_no_drawer_button(live_server, browser_page):
    build_cast()
    page, base = browser_page, live_server.url  # 1280 px wide
    log_in(page, base, "mette@halsnaes.dk")
    assert page.get_by_role("button", name="Menu").is_hidden()
    assert page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Bekymringer").is_visible()
    assert page.get_by_role("button", name="Log ud").is_visible()
