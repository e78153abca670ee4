"""The approved recommendation as a PDF/A-3u, for the caseworker and for archiving in the
municipality's case system, rendered by WeasyPrint from a Django template.

The document holds only what the downloading user may see (the view gathers it through the
selectors), and WeasyPrint fetches nothing but the project's own static files: free text is
escaped by the template, and any other URL is refused without a connection.

WeasyPrint is imported on the first render (it costs about half a second), in the
long-lived server process, never per request.
"""

import mimetypes
import threading
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

# The document's base URL: only the static-only fetcher answers for this (reserved) host.
STATIC_HOST = "infohus.invalid"
BASE_URL = f"https://{STATIC_HOST}/"
IMAGE_CACHE: dict = {}


def static_file(url: str) -> Path | None:
    """The project's static file a URL names, or None for anything else."""
    parts = urlsplit(url)
    static = settings.STATIC_URL
    if parts.scheme != "https" or parts.netloc != STATIC_HOST or not parts.path.startswith(static):
        return None
    relative = parts.path[len(static) :]
    if ".." in relative.split("/"):
        return None
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        return None
    return Path(found) if found else None


@cache
def fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves the project's static files from disk and data: URLs; refuses everything
        else (files, HTTP, other hosts) before any connection is made."""

        def __init__(self):
            super().__init__(allow_redirects=False, allowed_protocols=["data", "https"])

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            found = static_file(url)
            if found is None:
                raise ValueError("Only the project's own static files may be fetched")
            content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=found.read_bytes(), headers={"Content-Type": content_type})

    return StaticOnlyFetcher


@cache
def fonts():
    """One font configuration, shared by every render in the process."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def html_document(html: str):
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher_class()())


# WeasyPrint (Pango, fontconfig, and the font configuration and image cache shared here) is
# not safe in several threads at once, and under ASGI Django runs sync views in parallel
# threads: 20 simultaneous downloads crashed a worker (bench/load.py). One PDF at a time
# per process; several workers render in parallel.
RENDER_LOCK = threading.Lock()


def render(template: str, context: dict) -> bytes:
    """A PDF/A-3u document: fonts embedded from the project's files, title, author,
    subject and language from the HTML (`<title>`, `<meta>`, `<html lang>`)."""
    return render_html(render_to_string(template, context))


def render_html(html: str) -> bytes:
    with RENDER_LOCK:
        return html_document(html).write_pdf(pdf_variant="pdf/a-3u", font_config=fonts(), cache=IMAGE_CACHE)
