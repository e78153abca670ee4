"""The base layout: one main menu for the desktop and the phone's drawer, the drawer's user
details and log-out, the footer's links, the login form's e-mail field, valid htmx attributes."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from infohus.memberships import grant_membership
from infohus.models import Role
from tests.cast import log_in, verified_login

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def section(page: str, start: str, end: str = "</nav>") -> str:
    """The part of `page` from the first `start` to the next `end`."""
    begin = page.index(start)
    return page[begin : page.index(end, begin)]


def menu_links(page: str) -> tuple[list[str], list[str]]:
    """The hrefs of the desktop menu and of the drawer's menu."""
    desktop = section(page, '<nav class="nav"')
    drawer = section(page, '<nav class="navigation-menu-mobile"')
    return re.findall(r'class="nav-link" href="([^"]+)"', desktop), re.findall(
        r'class="nav-link" href="([^"]+)"', drawer
    )


def test_the_drawer_has_the_same_menu_as_the_desktop(client, cast):
    log_in(client, cast.municipal_coordinator)
    desktop, drawer = menu_links(client.get(reverse("home")).content.decode())
    assert (
        desktop
        == drawer
        == [
            reverse("home"),
            reverse("concerns:list"),
            reverse("concerns:create"),
            reverse("assessment:list"),
            reverse("statistics"),
        ]
    )


def test_each_role_sees_only_the_entries_its_policy_allows(client, cast):
    log_in(client, cast.auditor)
    desktop, drawer = menu_links(client.get(reverse("home")).content.decode())
    assert (
        desktop
        == drawer
        == [
            reverse("home"),
            reverse("statistics"),
            reverse("audit_log"),
            reverse("audit_exchanges"),
            reverse("audit_access_request"),
        ]
    )

    log_in(client, cast.police_coordinator)
    desktop, _ = menu_links(client.get(reverse("home")).content.decode())
    assert reverse("concerns:police_queue") in desktop


def test_the_current_page_is_marked_in_both_menus(client, cast):
    log_in(client, cast.municipal_coordinator)
    page = client.get(reverse("concerns:list")).content.decode()
    current = f'<li class="mainmenu-item active current"><a class="nav-link" href="{reverse("concerns:list")}" aria-current="page">'
    assert page.count(current) == 2
    assert page.count('aria-current="page"') == 2


def test_the_drawer_is_a_labelled_dialog_with_real_buttons(client, cast):
    log_in(client, cast.municipal_coordinator)
    page = client.get(reverse("home")).content.decode()
    assert '<button type="button" class="function-link button-menu-open js-menu-open' in page
    assert '<div class="mobile-drawer" role="dialog" aria-modal="true" aria-labelledby="menu-heading">' in page
    assert '<h2 id="menu-heading" class="menu-heading">Menu</h2>' in page
    assert '<button type="button" class="function-link button-menu-close js-menu-close" aria-label="Luk menu">' in page


def test_the_drawer_shows_the_infohus_the_user_and_a_log_out_button(client, cast):
    log_in(client, cast.municipal_coordinator)
    drawer = section(client.get(reverse("home")).content.decode(), '<div class="mobile-drawer"', "</header>")
    assert "Infohus Halsnæs" in drawer and "Halsnæs Kommune · Nordsjællands Politi" in drawer
    assert "Mette Lund" in drawer and "Kommunal koordinator · Halsnæs Kommune" in drawer
    assert f'<form method="post" action="{reverse("logout")}">' in drawer and "Log ud" in drawer
    assert reverse("select_membership") not in drawer  # one membership: nothing to change


def test_a_user_with_several_roles_can_change_role_from_the_drawer(client, cast):
    grant_membership(user=cast.municipal_coordinator.user, infohus=cast.gribskov, role=Role.AUDITOR)
    log_in(client, cast.municipal_coordinator)
    drawer = section(client.get(reverse("home")).content.decode(), '<div class="mobile-drawer"', "</header>")
    assert f'href="{reverse("select_membership")}"' in drawer and "Skift Infohus eller rolle" in drawer


def test_a_user_who_has_not_chosen_an_infohus_can_still_log_out_on_a_phone(client, cast):
    grant_membership(user=cast.municipal_coordinator.user, infohus=cast.gribskov, role=Role.AUDITOR)
    verified_login(client, cast.municipal_coordinator.user)
    page = client.get(reverse("select_membership")).content.decode()
    drawer = section(page, '<div class="mobile-drawer"', "</header>")
    assert "js-menu-open" in page
    assert "Log ud" in drawer
    assert "navigation-menu-mobile" not in drawer  # no menu before a role is chosen


def test_the_infohus_parties_are_a_quiet_line_beside_the_heading(client, cast):
    log_in(client, cast.municipal_coordinator)
    page = client.get(reverse("home")).content.decode()
    heading = section(page, '<div class="solution-heading">', "</div>")
    assert "Halsnæs Kommune" not in heading
    extra = section(page, '<div class="additional-info">', "</div>")
    assert '<strong class="authority-name">Halsnæs Kommune · Nordsjællands Politi</strong>' in extra


def test_an_anonymous_visitor_gets_no_menu(client):
    page = client.get(reverse("login")).content.decode()
    assert "js-menu-open" not in page and "mobile-drawer" not in page


@pytest.mark.parametrize("url_name", ["login", "accessibility", "privacy"])
def test_the_footer_links_to_the_accessibility_statement_and_the_privacy_notice(client, url_name):
    footer = section(client.get(reverse(url_name)).content.decode(), '<footer class="ih-footer">', "</footer>")
    assert f'href="{reverse("accessibility")}"' in footer and "Tilgængelighedserklæring" in footer
    assert f'href="{reverse("privacy")}"' in footer and "Behandling af personoplysninger" in footer


def test_the_footer_links_are_on_a_logged_in_users_pages_too(client, cast):
    log_in(client, cast.caseworker)
    footer = section(client.get(reverse("home")).content.decode(), '<footer class="ih-footer">', "</footer>")
    assert f'href="{reverse("accessibility")}"' in footer and f'href="{reverse("privacy")}"' in footer


def test_the_login_e_mail_field_asks_phones_for_the_e_mail_keyboard(client):
    page = client.get(reverse("login")).content.decode()
    field = re.search(r"<input[^>]*name=\"username\"[^>]*>", page).group(0)
    assert field.count("type=") == 1
    assert 'type="email"' in field and 'autocomplete="username"' in field


def test_htmx_sends_the_csrf_token_from_a_valid_data_attribute(client, cast):
    log_in(client, cast.municipal_coordinator)
    page = client.get(reverse("home")).content.decode()
    assert re.search(r"<body data-hx-headers='\{\"X-CSRFToken\": \"\w+\"\}'>", page)


def test_no_template_uses_bare_htmx_attributes():
    """The Nu HTML Checker rejects unknown attributes; htmx and its WebSocket extension read
    the `data-` forms as well."""
    bare = re.compile(r"\s(hx|ws)-[a-z-]+(?=[\s=>{])")
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0).strip()}"
        for path in TEMPLATES.rglob("*.html")
        for match in bare.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
