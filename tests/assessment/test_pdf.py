"""The recommendation as PDF/A: only what the downloading user may see, on every page the
case number and "Fortroligt", and WeasyPrint fetches nothing but our own static files."""

import io
import re
import socket
from concurrent.futures import ThreadPoolExecutor, wait

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from pypdf import PdfReader

from assessment import pdf, services
from assessment.models import AssessmentVersion
from infohus.memberships import grant_membership
from infohus.models import Department, Role
from tests.audit.log_page import result_rows
from tests.cast import (
    analysed_concern,
    confirmed,
    gathering_concern,
    log_in,
    make_user,
    meeting_item,
    police_item,
    share_police_item,
    to_children_and_family,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommended(cast):
    """A concern with a police item shared with the municipality, one never shared, and an
    approved recommendation to Children and Family."""
    from concerns import services as concern_services
    from concerns.models import Concern

    concern = gathering_concern(cast)
    share_police_item(cast, concern, police_item(cast, concern, text="Sigtet for hærværk i 2025; afgjort med bøde."))
    police_item(cast, concern, text="Efterretning om kontakt til gruppe under observation.")
    concern_services.finish_gathering(concern=concern, by=cast.municipal_coordinator)
    item = meeting_item(cast, invite=(), concern=Concern.objects.get(pk=concern.pk))
    confirmed(cast, item, "municipal_coordinator")
    for number in range(1, 10):
        services.record_agreed_score(
            item=item,
            by=cast.municipal_coordinator,
            dimension=number,
            status="scored",
            value=2,
            justification=f"Se http://127.0.0.1:{LISTENER.getsockname()[1]}/x for dimension {number}",
            version=0,
        )
    services.close_analysis(item=item, by=cast.municipal_coordinator)
    concern = Concern.objects.get(pk=concern.pk)
    version = services.write_assessment(
        concern=concern,
        by=cast.municipal_coordinator,
        problems="Voldsparathed og nye relationer.",
        resources="Familien samarbejder.",
        conclusion="Indsats anbefales.",
        outcome="recommend",
        recommendations=[to_children_and_family()],
    )
    for name in ("municipal_coordinator", "police_coordinator"):
        version = services.approve_version(concern=concern, by=cast.by_name(name), version=version)
    return Concern.objects.get(pk=concern.pk)


LISTENER = socket.socket()
LISTENER.bind(("127.0.0.1", 0))
LISTENER.listen(5)
LISTENER.setblocking(False)


def no_connection_came() -> bool:
    try:
        connection, _address = LISTENER.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


def download(client, membership, concern):
    log_in(client, membership)
    return client.get(reverse("assessment:recommendation_pdf", args=[concern.pk]))


def text_of(response) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(response.content))
    return reader, [page.extract_text() for page in reader.pages]


def test_the_caseworkers_pdf_holds_what_was_shared_and_nothing_police_only(client, cast, recommended):
    response = download(client, cast.caseworker, recommended)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    _reader, pages = text_of(response)
    text = "\n".join(pages)
    assert "Sigtet for hærværk i 2025" in text  # shared with the municipality under § 115
    assert "Efterretning om kontakt" not in text  # police-only, never shared
    assert "Indsats anbefales." in text and "Børn og Familie" in text
    assert recommended.person.full_name in text


def test_every_page_names_the_case_is_confidential_and_counts_pages(client, cast, recommended):
    _reader, pages = text_of(download(client, cast.municipal_coordinator, recommended))
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert recommended.case_number in page and "FORTROLIGT" in page
        assert f"Side {number} af {len(pages)}" in page


def test_the_pdf_is_pdf_a_3u_with_title_author_subject_and_language(client, cast, recommended):
    reader, _pages = text_of(download(client, cast.police_coordinator, recommended))
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw = reader.xmp_metadata.stream.get_data().decode()
    assert re.search(r'pdfaid:part(="|>)3', raw) and re.search(r'pdfaid:conformance(="|>)U', raw)
    info = reader.metadata
    assert recommended.case_number in info.title and info.author == "Infohus Halsnæs"
    assert "Redskab 4" in info.subject
    assert reader.trailer["/Root"]["/Lang"] == "da"
    fonts = {font["/BaseFont"] for page in reader.pages for font in (page["/Resources"].get("/Font") or {}).values()}
    assert fonts and all("IBM-Plex-Sans" in str(font) for font in fonts)  # embedded from our own files


def test_each_download_is_in_the_audit_log_as_a_download(client, cast, recommended):
    download(client, cast.caseworker, recommended)
    version = AssessmentVersion.objects.get()
    entry = LogEntry.objects.get(
        action=LogEntry.Action.ACCESS,
        actor=cast.caseworker.user,
        object_pk=str(version.pk),
        content_type__model="assessmentversion",
    )
    assert entry.additional_data["download"] == "recommendation_pdf"
    assert entry.additional_data["case_number"] == recommended.case_number
    # The data-protection officer sees a copy that left the application, on a line of its
    # own, not folded into the caseworker's reads of the case.
    log_in(client, cast.auditor)
    rows = result_rows(client.post(reverse("audit_log"), {"case_number": recommended.case_number}))
    downloads = [row for row in rows if "Hentede anbefalingen som PDF" in row]
    assert len(downloads) == 1 and "Sara" in downloads[0] and "<details" not in downloads[0]


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("municipal_coordinator", 200),
        ("police_coordinator", 200),
        ("caseworker", 200),
        ("external", 404),
        ("auditor", 404),
        ("admin", 404),
        ("other_municipal_coordinator", 404),
    ],
)
def test_who_may_download(client, cast, recommended, name, status):
    assert download(client, cast.by_name(name), recommended).status_code == status


def test_a_caseworker_of_another_department_may_not_download(client, cast, recommended):
    jobcenter = grant_membership(
        user=make_user("jo@halsnaes.dk", "Jo Berg"),
        infohus=cast.halsnaes,
        role=Role.CASEWORKER,
        department=Department.JOBCENTER,
    )
    assert download(client, jobcenter, recommended).status_code == 404


def test_a_link_in_free_text_is_text_and_nothing_is_fetched(client, cast, recommended):
    port = LISTENER.getsockname()[1]
    _reader, pages = text_of(download(client, cast.municipal_coordinator, recommended))
    assert f"http://127.0.0.1:{port}/x" in "\n".join(pages)
    assert no_connection_came()


def test_the_fetcher_serves_our_static_files_and_refuses_everything_else():
    port = LISTENER.getsockname()[1]
    fetcher = pdf.fetcher_class()()
    css = fetcher.fetch(pdf.BASE_URL + "static/css/infohus.css")
    assert b"Infohus" in css.read()
    for url in (
        "file:///etc/passwd",
        f"http://127.0.0.1:{port}/",
        f"https://127.0.0.1:{port}/static/css/infohus.css",
        pdf.BASE_URL + "static/../../../etc/passwd",
        pdf.BASE_URL + "media/attachments/1/x",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    # And in a real rendering: markup that tries to fetch gets nothing.
    html = (
        f'<html lang="da"><body><img src="http://127.0.0.1:{port}/a.png"><img src="file:///etc/passwd">'
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css"><p>Tekst</p></body></html>'
    )
    assert pdf.html_document(html).write_pdf().startswith(b"%PDF")
    assert no_connection_came()


def test_html_in_a_free_text_field_is_refused(cast):
    from concerns.errors import UserError

    concern = analysed_concern(cast)
    with pytest.raises(UserError, match="HTML"):
        services.write_assessment(
            concern=concern,
            by=cast.municipal_coordinator,
            problems='<img src="file:///etc/passwd">',
            resources="x",
            conclusion="y",
            outcome="recommend",
            recommendations=[to_children_and_family()],
        )


def test_downloads_render_one_at_a_time():
    """Under ASGI each download renders on its own thread; WeasyPrint is not thread-safe
    (20 simultaneous downloads through daphne crashed a worker and changed the documents'
    sizes: bench/load.py), so a render waits while another one runs."""
    html = "<html lang='da'><head><title>Prøve</title></head><body><p>Afsnit æøå</p></body></html>"
    with ThreadPoolExecutor(max_workers=1) as pool:
        with pdf.RENDER_LOCK:  # another download is rendering
            waiting = pool.submit(pdf.render_html, html)
            done, _ = wait([waiting], timeout=1)
            assert not done
        assert waiting.result(timeout=60).startswith(b"%PDF-")
