"""One concern's whole journey, in the browser, across every role.

The municipal coordinator records a concern and sends it to the police; the police
coordinator clears it; both sides gather information and share some of it under § 115; an
analysis meeting with an external participant, who is invited by e-mail and sets up their
login, scores the nine dimensions live; both sides approve the recommendation; the
caseworker downloads the PDF and records the follow-up; the data-protection officer finds
every step in the log.

Everything happens through the pages, the way the users work: the ORM only sets the scene
(the cast's users) and plays each user's authenticator app. Each person works in a browser
of their own, on the real ASGI server (the meeting needs its WebSocket). Every page anyone
reaches is checked with axe-core; the violations are listed together at the end, and the
pages go to the Nu HTML Checker when the test ends (tests/e2e/conftest.py)."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from infohus.memberships import grant_membership
from infohus.models import Role
from tests.asgi_server import asgi_server, passwords_for_the_server
from tests.cast import PASSWORD, build_cast, make_user
from tests.e2e.journey_steps import Journey, authenticator_code, invitation_path, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CPR = "150909-4123"
EXTERNAL = "ole.winther@psykiatri.dk"
EXTERNAL_PASSWORD = "Lang-og-sikker-adgangskode-2026"  # noqa: S105

# The agreed scores of the nine dimensions: a score, "Ikke vurderet" or "Ukendt".
SCORES = {1: "3", 2: "2", 3: "1", 4: "2", 5: "Ukendt", 6: "1", 7: "3", 8: "2", 9: "Ikke vurderet"}


def field(scope, label: str):
    """The field whose label starts with `label` (a required field's label goes on with
    "* (påkrævet)"), and not a longer label that merely starts the same way."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s|\*|$)"))


def menu(page, name: str) -> None:
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name=name, exact=True).click()


def open_case(journey, page, case_number: str) -> None:
    menu(page, "Bekymringer")
    journey.check(page)
    page.get_by_role("link", name=case_number, exact=True).click()
    journey.check(page)


def record_and_send(journey, mette) -> str:
    """Redskab 1: the concern about a person with a valid CPR number, sent to the police."""
    menu(mette, "Registrér en bekymring")
    journey.check(mette)
    mette.get_by_role("group", name="Modtaget via").get_by_label("Telefon").check()
    field(mette, "Henvenderens navn").fill("Hanne Dahl")
    field(mette, "Henvenderens organisation").fill("Frederiksværk Skole")
    field(mette, "Henvenderen er orienteret").select_option(label="Ja")
    person = mette.get_by_role("group", name="Personen, bekymringen handler om")
    field(person, "Navn").first.fill("Mikkel Sørensen")
    field(person, "CPR-nummer").fill(CPR)
    field(person.locator(".ih-custody").first, "Navn").fill("Lone Sørensen")  # custody holder 1
    field(mette, "Hvad der er observeret").fill("Eleven viser voldsforherligende videoer i frikvarteret.")
    mette.get_by_label(re.compile("^Førstehånds")).check()
    mette.get_by_label("Højreekstremisme").check()
    mette.get_by_role("button", name="Gem og send til politiet").click()
    expect(mette.get_by_role("heading", name="Send bekymringen til politiet?")).to_be_visible()
    journey.check(mette)
    mette.get_by_role("button", name="Ja, send til politiet").click()
    expect(mette.get_by_text("sendt til politiets koordinator")).to_be_visible()
    journey.check(mette)
    case_number = mette.get_by_role("heading", level=1).inner_text().split()[-1]
    assert case_number.startswith("IH-")
    return case_number


def clear(journey, jonas, case_number: str) -> None:
    """The police check: cleared for the Infohus."""
    menu(jonas, "Politiets afklaring")
    journey.check(jonas)
    jonas.get_by_role("row", name=re.compile(case_number)).get_by_role("link").last.click()
    journey.check(jonas)
    jonas.get_by_label("Afklaret til Infohus").check()
    field(jonas, "Begrundelse").fill("Ingen verserende efterforskning.")
    jonas.get_by_role("button", name="Registrér afgørelsen").click()
    expect(jonas.get_by_text("Afgørelsen er registreret")).to_be_visible()
    journey.check(jonas)


def record_item(journey, page, *, source: str, text: str, source_name: str = "") -> None:
    page.get_by_text("Registrér en oplysning").click()
    form = page.locator("form", has=page.get_by_role("button", name="Registrér oplysningen"))
    field(form, "Bidraget af").select_option(label=source)
    if source_name:
        field(form, "Enhedens navn").fill(source_name)
    field(form, "Oplysningens dato").fill(timezone.localdate().isoformat())
    field(form, "Oplysning").fill(text)
    form.get_by_role("button", name="Registrér oplysningen").click()
    expect(page.locator(".ih-item", has_text=text)).to_be_visible()
    journey.check(page)


def share(journey, page, *, text: str, to: str) -> None:
    """Share the item under § 115, through the confirmation page."""
    form = page.locator("form", has=page.get_by_role("button", name="Del oplysningerne"))
    form.get_by_role("group", name=re.compile("^Oplysninger, der skal deles")).get_by_label(
        re.compile(re.escape(text[:20]))
    ).check()
    field(form, "Del med").select_option(label=to)
    field(form, "Hjemmel: retsplejelovens § 115, stk.").select_option(label="stk. 1")
    field(form, "Nr.").fill("1")
    field(form, "Formål").fill("Vurdering af risikoen i Infohus.")
    field(form, "Hvorfor delingen er nødvendig").fill("Den anden part kan ikke vurdere risikoen uden oplysningen.")
    form.get_by_role("button", name="Del oplysningerne").click()
    expect(page.get_by_role("heading", name=f"Del med {to}?")).to_be_visible()
    journey.check(page)
    page.get_by_role("button", name="Ja, del oplysningerne").click()
    expect(page.get_by_text(f"Oplysningerne er delt med {to}")).to_be_visible()
    journey.check(page)


def gather(journey, mette, jonas, case_number: str) -> None:
    """Redskab 2: each side records an item and shares it with the other (§ 115)."""
    open_case(journey, mette, case_number)
    mette.get_by_role("button", name="Start informationsindsamling").click()
    expect(mette.get_by_text("Informationsindsamlingen er startet")).to_be_visible()
    journey.check(mette)
    mette.get_by_role("link", name="Informationsindsamling", exact=True).click()
    journey.check(mette)
    school = "Skolen oplyser stigende fravær og konflikter med lærerne."
    record_item(journey, mette, source="Skole/uddannelse", source_name="Frederiksværk Skole", text=school)
    share(journey, mette, text=school, to="Nordsjællands Politi")

    police = "Personen er registreret for trusler mod en moské i 2025."
    open_case(journey, jonas, case_number)
    jonas.get_by_role("link", name="Informationsindsamling", exact=True).click()
    journey.check(jonas)
    expect(jonas.locator(".ih-item", has_text=school)).to_be_visible()  # received from the municipality
    record_item(journey, jonas, source="Politi", text=police)
    share(journey, jonas, text=police, to="Halsnæs Kommune")

    menu(mette, "Overblik")  # the start page says what was shared with the municipality
    journey.check(mette)
    mette.get_by_role("region", name="Delt med Halsnæs Kommune, siden du sidst kiggede").get_by_role(
        "link", name=case_number
    ).click()
    journey.check(mette)
    expect(mette.locator(".ih-item", has_text=police)).to_be_visible()


def arrange_meeting(journey, mette, case_number: str) -> None:
    """Ready for the meeting; the meeting scheduled, the concern on its agenda, an external
    participant invited, a summary shared with the participants (§ 115), the meeting open."""
    mette.get_by_role("button", name="Indsamlingen er færdig: klar til analysemøde").click()
    journey.check(mette)
    mette.get_by_role("button", name="Ja, indsamlingen er afsluttet").click()
    expect(mette.get_by_text("sagen er klar til analysemødet")).to_be_visible()
    journey.check(mette)

    menu(mette, "Møder")
    journey.check(mette)
    field(mette, "Dato og tid").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    field(mette, "Sted").fill("Rådhuset, mødelokale 2")
    mette.get_by_role("button", name="Planlæg mødet").click()
    journey.check(mette)
    ready = field(mette, "Bekymring klar til møde")
    ready.select_option(label=ready.locator("option", has_text=case_number).inner_text())
    mette.get_by_role("button", name="Sæt på dagsordenen").click()
    expect(mette.locator(".ih-agenda")).to_contain_text(case_number)
    journey.check(mette)

    mette.get_by_text("Invitér en ekstern deltager").click()
    invite = mette.locator("form", has=mette.get_by_role("button", name="Invitér og send e-mailen"))
    field(invite, "Navn").fill("Ole Winther")
    field(invite, "E-mail").fill(EXTERNAL)
    field(invite, "Stilling").fill("Overlæge")
    field(invite, "Myndighed").select_option(label="Psykiatrien Nordsjælland")
    journey.check(mette)
    invite.get_by_role("button", name="Invitér og send e-mailen").click()
    expect(mette.get_by_role("row", name=re.compile("Ole Winther"))).to_be_visible()
    journey.check(mette)

    mette.get_by_role("link", name="Del med mødet").click()
    journey.check(mette)
    field(mette, "Resumé af bekymringen til deltagerne").fill("En 17-årig elev viser voldsforherligende videoer.")
    mette.get_by_label(re.compile("Skolen oplyser stigende fravær")).check()
    field(mette, "Hjemmel: retsplejelovens § 115, stk.").select_option(label="stk. 1")
    field(mette, "Formål").fill("Analysemødets vurdering af bekymringen.")
    field(mette, "Hvorfor delingen er nødvendig").fill("Psykiatrien skal kende baggrunden for at bidrage.")
    mette.get_by_role("button", name="Del med mødet").click()
    expect(mette.get_by_text("Delt med mødets deltagere")).to_be_visible()
    journey.check(mette)

    mette.get_by_role("button", name="Åbn mødet").click()
    journey.check(mette)


def join_as_new_external(journey, ole) -> None:
    """The external participant follows the e-mail's link, chooses a password, logs in,
    sets up the authenticator app and enters the open meeting."""
    ole.goto(journey.base + invitation_path(journey.base, EXTERNAL))
    journey.check(ole)
    field(ole, "Ny adgangskode").fill(EXTERNAL_PASSWORD)
    field(ole, "Bekræftelse af ny adgangskode").fill(EXTERNAL_PASSWORD)
    ole.get_by_role("button", name="Gem adgangskoden").click()
    ole.wait_for_url(f"{journey.base}/log-ind/")
    journey.check(ole, once=True)
    field(ole, "E-mail").fill(EXTERNAL)
    field(ole, "Adgangskode").fill(EXTERNAL_PASSWORD)
    ole.get_by_role("button", name="Log ind").click()
    ole.wait_for_url(f"{journey.base}/log-ind/opsaet-kode/**")
    journey.check(ole)
    field(ole, "Kode").fill(authenticator_code(ole.locator("#secret").inner_text()))
    ole.get_by_role("button", name="Bekræft og fortsæt").click()
    expect(ole.get_by_role("heading", name="Dine gendannelseskoder")).to_be_visible()
    journey.check(ole)
    ole.get_by_role("link", name="Jeg har skrevet dem ned – fortsæt").click()
    journey.check(ole)
    ole.get_by_role("link", name="Deltag nu").click()


def enter_room(journey, page, case_number: str) -> None:
    """The confidentiality statement, then the concern's room."""
    journey.check(page)
    page.get_by_label(re.compile("^Jeg holder det, der siges")).check()
    page.get_by_role("button", name="Bekræft og deltag").click()
    journey.check(page)
    page.get_by_role("link", name=f"Bekymring {case_number}").click()
    expect(page.locator("#presence")).to_be_visible()


def agree(mette, number: int, score: str, justification: str) -> None:
    form = mette.locator(f"#dimension-{number}-agreed-form")
    form.get_by_label(score, exact=True).check()
    field(form, "Begrundelse").fill(justification)
    form.get_by_role("button", name="Gem den aftalte score").click()
    expect(mette.locator(f"#dimension-{number}-current")).to_contain_text(justification)


def hold_meeting(journey, mette, ole, case_number: str) -> None:
    """Both in the room: a score set on one screen arrives on the other without a reload;
    all nine dimensions agreed; the analysis closed; the meeting closed."""
    mette.get_by_role("link", name="Deltag", exact=True).click()
    enter_room(journey, mette, case_number)
    enter_room(journey, ole, case_number)
    expect(mette.locator("#presence")).to_contain_text("Ole Winther")
    expect(ole.locator("#presence")).to_contain_text("Mette Lund")
    expect(ole.locator("#shared")).to_contain_text("Skolen oplyser stigende fravær")
    for page in (mette, ole):
        page.evaluate("window.sameDocument = true")  # gone if the page is ever reloaded

    own = ole.locator("#dimension-1-own-form")
    own.get_by_label("2", exact=True).check()
    own.get_by_role("button", name="Gem min score").click()
    expect(mette.locator("#dimension-1-own")).to_contain_text("Ole Winther")  # over the WebSocket
    expect(mette.locator("#dimension-1-own")).to_contain_text("2")

    agree(mette, 1, SCORES[1], "Trusler i en chatgruppe")
    expect(ole.locator("#dimension-1-current")).to_contain_text("Trusler i en chatgruppe")  # no reload
    expect(ole.locator("#live-status")).not_to_be_empty()
    for number, score in list(SCORES.items())[1:]:
        agree(mette, number, score, f"Begrundelse for dimension {number}")
    expect(ole.locator("#dimension-9-current")).to_contain_text("Ikke vurderet")
    journey.check(ole)
    journey.check(mette)
    assert ole.evaluate("window.sameDocument") and mette.evaluate("window.sameDocument")  # no reload

    mette.get_by_role("button", name="Afslut analysen: bekymringen er analyseret").click()
    expect(mette.get_by_text("Analysen er afsluttet")).to_be_visible()
    journey.check(mette)

    menu(mette, "Møder")
    journey.check(mette)
    mette.get_by_role("link", name=re.compile("^Planlægning og referat")).click()
    journey.check(mette)
    mette.get_by_role("button", name="Afslut mødet").click()
    expect(mette.get_by_text("Mødet er afsluttet")).to_be_visible()
    journey.check(mette)
    expect(ole.locator("#connection-ended")).to_be_visible()  # the external's access has ended


def recommend(journey, mette, jonas, case_number: str) -> None:
    """Redskab 4: written by the municipal coordinator, approved by both sides."""
    open_case(journey, mette, case_number)
    mette.get_by_role("link", name="Helhedsvurdering og anbefaling").click()
    journey.check(mette)
    mette.get_by_role("link", name="Skriv helhedsvurderingen").click()
    journey.check(mette)
    expect(field(mette, "Hovedproblemer")).not_to_be_empty()  # pre-filled from the analysis
    field(mette, "Samlet konklusion").fill("Bekymringen er reel; en indsats i familien og skolen anbefales.")
    recommendation = mette.get_by_role("group", name="Anbefaling", exact=True)
    field(recommendation, "Rettet til").select_option(label="Kommunen")
    field(recommendation, "Afdeling (i kommunen)").select_option(label="Børn og Familie")
    recommendation.get_by_label("Familie", exact=True).check()
    recommendation.get_by_label("Skole og uddannelse", exact=True).check()
    recommendation.get_by_label("Mentor", exact=True).check()
    field(recommendation, "Hvad der anbefales").fill("Mentorforløb via SSP og samtaler med familien.")
    field(recommendation, "Opfølgning senest").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    mette.get_by_role("button", name="Gem versionen").click()
    journey.check(mette)
    mette.get_by_role("button", name="Godkend version 1 for jeres side").click()
    expect(mette.get_by_text("Jeres side har godkendt")).to_be_visible()
    journey.check(mette)

    open_case(journey, jonas, case_number)
    jonas.get_by_role("link", name="Helhedsvurdering og anbefaling").click()
    journey.check(jonas)
    jonas.get_by_role("button", name="Godkend version 1 for jeres side").click()
    expect(jonas.get_by_text("Begge parter har godkendt version 1")).to_be_visible()
    journey.check(jonas)


def follow_up(journey, sara, case_number: str) -> None:
    """The caseworker of Children and Family: the PDF, the acknowledgement, the follow-up."""
    waiting = sara.get_by_role("region", name="Anbefalinger til Børn og Familie")
    waiting.get_by_role("link", name=case_number, exact=True).click()
    journey.check(sara)
    with sara.expect_download() as download:
        sara.get_by_role("link", name="Hent den godkendte version 1 (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        body = pdf.read()
    assert body.startswith(b"%PDF-")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert case_number in text
    assert "Mentorforløb via SSP" in text

    sara.get_by_role("button", name="Kvittér for modtagelsen og start opfølgningen").click()
    expect(sara.get_by_text("Kvitteret af Sara Holm")).to_be_visible()
    journey.check(sara)
    sara.get_by_text("Registrér opfølgningen").click()
    field(sara, "Indsatsen (hvad)").fill("Mentorforløb via SSP, ugentlige samtaler.")
    field(sara, "Startet").fill(timezone.localdate().isoformat())
    field(sara, "Status").fill("Første samtale holdt; den unge møder op.")
    journey.check(sara)
    sara.get_by_role("button", name="Gem opfølgningen").click()
    expect(sara.get_by_text("Første samtale holdt; den unge møder op.")).to_be_visible()
    journey.check(sara)


def search_log(journey, officer) -> list[tuple[str, str]]:
    """Search, and the rows found: (who, what happened), newest first. A group of reads
    reads as its summary (its single entries are inside a closed disclosure)."""
    officer.get_by_role("button", name="Søg", exact=True).click()
    expect(officer.get_by_role("status").filter(has_text="logpost")).to_be_visible()
    journey.check(officer)
    rows = officer.locator("table.ih-log tbody tr")
    users = [text.splitlines()[0].strip() for text in rows.locator("td:nth-child(2)").all_inner_texts()]
    events = [text.strip() for text in rows.locator("td:nth-child(3)").all_inner_texts()]
    return list(zip(users, events, strict=True))


def found(rows, who: str, what: str) -> int:
    """How many rows say `who` did `what` (the start of the sentence, to a word's end)."""
    return sum(1 for user, event in rows if user == who and re.match(rf"{re.escape(what)}\b", event))


def audit_municipality(journey, peter, case_number: str) -> None:
    """The municipality's data-protection officer finds every step of the case, by its
    number and by the person's CPR number; and the § 115 exchanges by themselves."""
    peter.get_by_role("link", name="Søg i loggen").click()
    journey.check(peter)
    field(peter, "Sagsnummer").fill(case_number)
    rows = search_log(journey, peter)
    assert found(rows, "Mette Lund", "Oprettede bekymring") == 1
    assert found(rows, "Mette Lund", "Ændrede bekymring: indsendt") == 1  # sent to the police
    assert found(rows, "Jonas Brandt", "Oprettede politiets afklaring") == 1  # cleared
    assert found(rows, "Mette Lund", "Oprettede oplysning") == 1
    assert found(rows, "Mette Lund", "Delte 1 oplysning med Nordsjællands Politi") == 1
    assert found(rows, "Jonas Brandt", "Delte 1 oplysning med Halsnæs Kommune") == 1
    assert found(rows, "Mette Lund", "Delte 1 oplysning med mødets deltagere") == 1
    assert found(rows, "Mette Lund", "Ændrede aftalt score") == 9  # the nine dimensions
    assert found(rows, "Mette Lund", "Ændrede analyse: lukket") == 1
    assert found(rows, "Ole Winther", "Læste sag") >= 1  # the external participant in the room
    assert found(rows, "Mette Lund", "Oprettede version af vurderingen") == 1
    assert found(rows, "Mette Lund", "Ændrede version af vurderingen: godkendt af kommunen") == 1
    # The PDF download is a copy that left the application: a line of its own.
    assert any(user == "Sara Holm" and "Hentede anbefalingen som PDF" in event for user, event in rows)
    assert found(rows, "Sara Holm", "Oprettede opfølgning") == 1  # acknowledged
    assert found(rows, "Sara Holm", "Ændrede opfølgning: indsatsen, startet") == 1
    assert found(rows, "Sara Holm", "Oprettede opfølgningsnotat") == 1
    by_case = peter.get_by_role("status").filter(has_text="logpost").inner_text()

    field(peter, "Handling").select_option(label="§ 115-udvekslinger (delt eller tilbagekaldt)")
    exchanges = search_log(journey, peter)
    assert sorted(exchanges) == [
        ("Jonas Brandt", "Delte 1 oplysning med Halsnæs Kommune (retsplejelovens § 115, stk. 1, nr. 1)"),
        ("Mette Lund", "Delte 1 oplysning med Nordsjællands Politi (retsplejelovens § 115, stk. 1, nr. 1)"),
        ("Mette Lund", "Delte 1 oplysning med mødets deltagere (retsplejelovens § 115, stk. 1)"),
    ]

    field(peter, "Handling").select_option(label="Alle")
    field(peter, "Sagsnummer").fill("")
    field(peter, "Person (CPR-nummer eller navn)").fill(CPR)
    assert search_log(journey, peter) == rows
    assert peter.get_by_role("status").filter(has_text="logpost").inner_text() == by_case


def audit_police(journey, ulla, case_number: str) -> None:
    """The police's data-protection officer finds the police's steps, the police's
    approval of the recommendation among them, and what the municipality shared with it."""
    menu(ulla, "Log")
    journey.check(ulla)
    field(ulla, "Sagsnummer").fill(case_number)
    rows = search_log(journey, ulla)
    assert found(rows, "Jonas Brandt", "Oprettede politiets afklaring") == 1
    assert found(rows, "Jonas Brandt", "Oprettede oplysning") == 1
    assert found(rows, "Jonas Brandt", "Delte 1 oplysning med Halsnæs Kommune") == 1
    assert found(rows, "Mette Lund", "Delte 1 oplysning med Nordsjællands Politi") == 1
    assert found(rows, "Jonas Brandt", "Ændrede version af vurderingen: godkendt af politiet") == 1


def test_one_concern_from_intake_to_follow_up_and_the_log(browser_page):
    cast = build_cast()
    police_auditor = grant_membership(  # each data controller has its own officer
        user=make_user("ulla@politi.dk", "Ulla Dam"), infohus=cast.halsnaes, role=Role.AUDITOR, authority=cast.police
    )
    people = (cast.municipal_coordinator, cast.police_coordinator, cast.caseworker, cast.auditor, police_auditor)
    passwords_for_the_server(*(membership.user for membership in people), password=PASSWORD)
    with asgi_server() as base:
        # The fixture's browser; every page checked goes to the HTML checker when it closes.
        journey = Journey(browser_page.context.browser, base)
        try:
            mette = journey.person("municipal coordinator")
            log_in(journey, mette, "mette@halsnaes.dk")
            case_number = record_and_send(journey, mette)

            jonas = journey.person("police coordinator")
            log_in(journey, jonas, "jonas@politi.dk")
            clear(journey, jonas, case_number)

            gather(journey, mette, jonas, case_number)

            arrange_meeting(journey, mette, case_number)
            ole = journey.person("external participant", width=768)
            join_as_new_external(journey, ole)
            hold_meeting(journey, mette, ole, case_number)

            recommend(journey, mette, jonas, case_number)

            sara = journey.person("caseworker")
            log_in(journey, sara, "sara@halsnaes.dk")
            follow_up(journey, sara, case_number)

            peter = journey.person("municipal data-protection officer")
            log_in(journey, peter, "peter@halsnaes.dk")
            audit_municipality(journey, peter, case_number)

            ulla = journey.person("police data-protection officer")
            log_in(journey, ulla, "ulla@politi.dk")
            audit_police(journey, ulla, case_number)
        except Exception:
            journey.screenshots()
            raise
        finally:
            print("\n".join(journey.pages))  # what was checked, when, and how long axe-core took

    assert journey.violations == [], "axe-core found violations:\n" + "\n".join(journey.violations)
    assert journey.not_checked() == [], "pages reached but not checked"
