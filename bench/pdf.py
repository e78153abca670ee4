"""How long the recommendation PDF takes, against WeasyPrint's floor for the same length.

One realistic case is built in a throwaway database: shared and police-only items, a full
analysis with justifications, a holistic assessment and recommendations to four
authorities, which comes to 4–6 A4 pages. In the same run, and alternating so that neither
gets a warmer machine, it times

- the recommendation: the selectors gathering what the user may see, the template, and
  WeasyPrint writing PDF/A-3u with the project's fonts embedded, as the download view does;
- a plain page: the text extracted from that PDF as bare paragraphs, as much of it as fills
  the same number of pages, written by WeasyPrint with no stylesheet, no fonts of ours and
  no PDF/A.

Run with `make bench-pdf` (SQLite) or with DATABASE_URL set. BENCH_ROUNDS (default 15);
BENCH_PDF_OUT=file.pdf keeps the recommendation to look at.
"""

import io
import os
import re
import statistics
import sys
import time
from datetime import timedelta
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infohus.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))

JUSTIFICATION = (
    "Skolen og SSP beskriver, at personen i løbet af efteråret har trukket sig fra tidligere venner og "
    "bruger meget tid i lukkede onlinefora, hvor der deles materiale fra en voldelig bevægelse. "
    "Familien oplever ham som mere indesluttet, men han møder fortsat i skole og deltager i fodbold. "
)
ITEM = (
    "Politiet har den {n}. i måneden registreret en henvendelse fra en borger om opslag på sociale "
    "medier, hvor personen udtrykker støtte til vold mod en navngiven gruppe. Opslagene er slettet, "
    "og der er ikke rejst sigtelse. Oplysningen deles til brug for vurderingen af voldsparathed."
)


def realistic_case(cast):
    """A case through the meeting to an approved recommendation, sized like a real one."""
    from assessment import services
    from assessment.models import Recommendation
    from concerns import services as concern_services
    from concerns.models import Concern
    from infohus.models import Department
    from tests.cast import gathering_concern, meeting_item, police_item, share_police_item, to_children_and_family

    concern = gathering_concern(cast)
    for n in range(1, 5):
        share_police_item(cast, concern, police_item(cast, concern, text=ITEM.format(n=n)))
    police_item(cast, concern, text="Efterretning, som ikke deles med kommunen.")
    concern_services.finish_gathering(concern=concern, by=cast.municipal_coordinator)
    item = meeting_item(cast, invite=("caseworker",), concern=Concern.objects.get(pk=concern.pk))
    for name in ("municipal_coordinator", "police_coordinator", "caseworker"):
        services.confirm_confidentiality(meeting=item.meeting, by=cast.by_name(name))
    for number in range(1, 10):
        services.record_agreed_score(
            item=item,
            by=cast.municipal_coordinator,
            dimension=number,
            status="scored",
            value=(number * 3) % 5,
            justification=JUSTIFICATION * 2,
            version=0,
        )
    services.close_analysis(item=item, by=cast.municipal_coordinator)
    concern = Concern.objects.get(pk=concern.pk)
    follow_up_on = timezone.localdate() + timedelta(days=90)
    version = services.write_assessment(
        concern=concern,
        by=cast.municipal_coordinator,
        problems=JUSTIFICATION * 4,
        resources=JUSTIFICATION * 3,
        conclusion=JUSTIFICATION * 2,
        outcome="recommend",
        recommendations=[
            to_children_and_family(details=JUSTIFICATION * 2),
            to_children_and_family(
                department=Department.JOBCENTER, areas=["work"], interventions=["mentor"], details=JUSTIFICATION
            ),
            {
                "addressee": Recommendation.Addressee.PSYCHIATRY,
                "department": "",
                "areas": ["mental_health"],
                "interventions": ["psychiatry"],
                "details": JUSTIFICATION,
                "follow_up_on": follow_up_on,
            },
            {
                "addressee": Recommendation.Addressee.POLICE,
                "department": "",
                "areas": ["network"],
                "interventions": ["preventive_talk"],
                "details": JUSTIFICATION,
                "follow_up_on": follow_up_on,
            },
        ],
    )
    for name in ("municipal_coordinator", "police_coordinator"):
        version = services.approve_version(concern=concern, by=cast.by_name(name), version=version)
    return Concern.objects.get(pk=concern.pk)


def plain_html(text: str, characters: int) -> str:
    """The text as paragraphs of about 600 characters, cut at `characters`, no stylesheet."""
    words = " ".join(text.split())[:characters].split(" ")
    paragraphs, current = [], []
    for word in words:
        current.append(word)
        if sum(len(w) + 1 for w in current) > 600:
            paragraphs.append(" ".join(current))
            current = []
    paragraphs.append(" ".join(current))
    body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    return (
        f"<!doctype html><html lang='da'><head><meta charset='utf-8'><title>x</title></head><body>{body}</body></html>"
    )


def same_length(text: str, pages: int) -> tuple[str, int]:
    """The longest plain page of this text (repeated if need be) with `pages` pages."""
    from weasyprint import HTML

    while True:
        low, high = 0, len(text)
        while low < high:  # the most characters that still fit on `pages` pages
            middle = (low + high + 1) // 2
            if len(HTML(string=plain_html(text, middle)).render().pages) <= pages:
                low = middle
            else:
                high = middle - 1
        if low < len(text):
            html = plain_html(text, low)
            return html, len(HTML(string=html).render().pages)
        text = text + "\n" + text


def main():
    from pypdf import PdfReader
    from weasyprint import HTML

    from assessment import pdf
    from assessment.views.recommendation import pdf_context
    from tests.cast import build_cast

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        cast = build_cast()
        concern = realistic_case(cast)

        def recommendation() -> bytes:
            return pdf.render("assessment/pdf/recommendation.html", pdf_context(cast.caseworker, concern))

        document = recommendation()  # also the warm-up: WeasyPrint imported, fonts loaded
        if os.environ.get("BENCH_PDF_OUT"):  # to look at it
            Path(os.environ["BENCH_PDF_OUT"]).write_bytes(document)
        reader = PdfReader(io.BytesIO(document))
        pages = len(reader.pages)
        text = "\n".join(page.extract_text() for page in reader.pages)
        plain, plain_pages = same_length(text, pages)

        def plain_page() -> bytes:
            return HTML(string=plain).write_pdf()

        # Where the difference goes: the same work in parts.
        context = pdf_context(cast.caseworker, concern)
        html = render_to_string("assessment/pdf/recommendation.html", context)
        without_board = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)

        def gather() -> str:
            return render_to_string("assessment/pdf/recommendation.html", pdf_context(cast.caseworker, concern))

        def weasyprint_only(source=html):
            return pdf.html_document(source).write_pdf(
                pdf_variant="pdf/a-3u", font_config=pdf.fonts(), cache=pdf.IMAGE_CACHE
            )

        works = {
            "recommendation": ("recommendation (as downloaded)", recommendation),
            "plain": ("plain HTML, same length", plain_page),
            "gather": ("  of which: selectors + template", gather),
            "weasyprint": ("  of which: WeasyPrint, PDF/A-3u", weasyprint_only),
            "no_board": ("  the same without the board SVG", lambda: weasyprint_only(without_board)),
        }
        plain_page()
        timings = {name: [] for name in works}
        for _ in range(ROUNDS):
            for name, (_label, work) in works.items():
                started = time.perf_counter()
                work()
                timings[name].append((time.perf_counter() - started) * 1000)
        medians = {name: statistics.median(values) for name, values in timings.items()}
        print(
            f"{connection.vendor}: recommendation {pages} pages, {len(document) // 1024} KiB (PDF/A-3u); "
            f"plain page {plain_pages} pages; {ROUNDS} rounds each\n"
        )
        print(f"{'document':<40}{'median ms':>10}{'min ms':>9}{'max ms':>9}")
        for name, (label, _work) in works.items():
            values = timings[name]
            print(f"{label:<40}{medians[name]:>10.0f}{min(values):>9.0f}{max(values):>9.0f}")
        print(f"\nratio of medians: {medians['recommendation'] / medians['plain']:.2f}× (aim: ≤ 1.2×)")
    finally:
        from infohus import audit_guard

        audit_guard.remove(connection)
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
