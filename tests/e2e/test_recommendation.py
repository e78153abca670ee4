"""A caseworker of Children and Family finds the approved recommendation on the start page,
acknowledges it, records the follow-up and downloads the PDF, which holds this case and what
was shared with the municipality, but not the police item that never was."""

import io

import pytest
from pypdf import PdfReader

from concerns import services as concern_services
from concerns.models import Concern
from tests.cast import build_cast, gathering_concern, police_item, recommended_concern, share_police_item
from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_intake_and_police_check import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def concern():
    """Built before the browser starts: Playwright's event loop would refuse the live broadcast."""
    cast = build_cast()
    concern = gathering_concern(cast)
    share_police_item(cast, concern, police_item(cast, concern, text="Sigtet for hærværk i 2025; afgjort med bøde."))
    police_item(cast, concern, text="Efterretning om kontakt til gruppe under observation.")
    concern_services.finish_gathering(concern=concern, by=cast.municipal_coordinator)
    return recommended_concern(cast, concern=Concern.objects.get(pk=concern.pk))


def test_a_caseworker_acts_on_the_recommendation_and_downloads_the_pdf(concern, live_server, browser_page):
    page, base = browser_page, live_server.url

    log_in(page, base, "sara@halsnaes.dk")
    page.get_by_role("link", name=concern.case_number).first.click()
    assert page.get_by_role("heading", name=f"Helhedsvurdering og anbefaling, {concern.case_number}").is_visible()
    assert page.get_by_text("Bekymringen er reel; indsats anbefales.").is_visible()
    assert page.get_by_text("Efterretning om kontakt").count() == 0

    page.get_by_role("button", name="Kvittér for modtagelsen og start opfølgningen").click()
    assert page.get_by_text("Kvitteret af Sara Holm").is_visible()
    page.get_by_text("Registrér opfølgningen").click()
    page.fill("textarea[name$='-intervention']", "Mentorforløb via SSP, ugentlige samtaler.")
    page.fill("input[name$='-started_on']", "2026-11-20")
    page.fill("textarea[name$='-note']", "Første samtale holdt; den unge møder op.")
    page.get_by_role("button", name="Gem opfølgningen").click()
    assert page.get_by_text("Første samtale holdt; den unge møder op.").is_visible()
    assert page.locator("dd", has_text="Mentorforløb via SSP, ugentlige samtaler.").is_visible()
    screenshot(page, "caseworker-recommendation")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent den godkendte version 1 (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert concern.person.full_name not in download.suggested_filename  # no personal data in names
    reader = PdfReader(io.BytesIO(open(download.path(), "rb").read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert concern.case_number in text and concern.person.full_name in text
    assert "Sigtet for hærværk i 2025" in text
    assert "Efterretning om kontakt" not in text
    assert "Børn og Familie" in text
