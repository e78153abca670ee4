"""The analysis meeting in two browsers at once: a score set by one participant appears
on the other's screen without a reload; and the page works without JavaScript."""

import os
import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

from assessment.models import DimensionScore, OwnScore
from tests.asgi_server import asgi_server, passwords_for_the_server
from tests.cast import PASSWORD, build_cast, confirmed, meeting_item, municipal_item, one_time_code
from tests.e2e.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


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


@pytest.fixture
def browser(monkeypatch):
    if not CHROMIUM:
        pytest.skip("no Chromium installed (CI installs Debian's chromium)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-gpu"],
        )
        yield browser
        browser.close()


def test_a_score_set_by_one_participant_appears_on_the_others_screen(request):
    # The scene first: a service's live announcement may not run inside Playwright's loop.
    cast = build_cast()
    item = meeting_item(cast)
    confirmed(cast, item, "police_coordinator", "external")
    from assessment import services

    services.share_with_meeting(
        item=item,
        by=cast.municipal_coordinator,
        summary="Bekymring for en ung mand.",
        items=[municipal_item(cast, item.analysis.concern, text="Skolen oplyser stigende fravær.")],
        legal_basis_section=1,
        purpose="Analysen",
        necessity="Nødvendigt for vurderingen",
    )
    passwords_for_the_server(cast.police_coordinator.user, cast.external.user, password=PASSWORD)
    browser = request.getfixturevalue("browser")
    with asgi_server() as base:
        room = f"{base}/moeder/{item.meeting_id}/punkter/{item.pk}/"
        police = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK").new_page()
        external = browser.new_context(viewport={"width": 375, "height": 800}, locale="da-DK").new_page()
        for page, email in ((police, "jonas@politi.dk"), (external, "karen@psykiatri.dk")):
            page.set_default_timeout(15_000)
            log_in(page, base, email)
            page.goto(room)
        # Both are connected live: each sees the other among those present.
        expect(police.locator("#presence")).to_contain_text("Karen Bach")
        expect(external.locator("#presence")).to_contain_text("Jonas Brandt")
        assert "Skolen oplyser stigende fravær." in external.content()

        form = police.locator("#dimension-2-agreed-form")
        form.get_by_label("3", exact=True).check()
        form.locator("textarea").fill("Trusler i en chatgruppe")
        form.get_by_role("button", name="Gem den aftalte score").click()

        # Within a second or two, without a reload, on the other screen and in its live region.
        expect(external.locator("#dimension-2-current")).to_contain_text("Trusler i en chatgruppe", timeout=5_000)
        expect(external.locator("#dimension-2-current")).to_contain_text("3")
        expect(external.locator("#live-status")).to_contain_text("Voldsparathed")
        score = DimensionScore.objects.get(analysis=item.analysis, dimension__number=2)
        assert (score.value, score.version, score.updated_by) == (3, 1, cast.police_coordinator.user)
        screenshot(police, "meeting-room-police-1280")
        screenshot(external, "meeting-room-external-375")
        assert_accessible(external)
        assert_accessible(police)


def test_without_javascript_the_form_posts_record_a_score(request):
    cast = build_cast()
    item = meeting_item(cast)
    confirmed(cast, item, "municipal_coordinator")
    passwords_for_the_server(cast.municipal_coordinator.user, password=PASSWORD)
    browser = request.getfixturevalue("browser")
    with asgi_server() as base:
        page = browser.new_context(java_script_enabled=False, locale="da-DK").new_page()
        page.set_default_timeout(15_000)
        log_in(page, base, "mette@halsnaes.dk")
        page.goto(f"{base}/moeder/{item.meeting_id}/punkter/{item.pk}/")
        form = page.locator("#dimension-5-own-form")
        form.get_by_label("Ukendt", exact=True).check()
        form.get_by_role("button", name="Gem min score").click()
        expect(page.locator(".alert-success")).to_contain_text("Din egen score er gemt")
        expect(page.locator("#dimension-5-own")).to_contain_text("ukendt")
        own = OwnScore.objects.get(analysis=item.analysis, dimension__number=5)
        assert (own.status, own.value) == ("unknown", None)
        screenshot(page, "meeting-room-no-javascript")
