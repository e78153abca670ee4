"""Browser tests: Playwright driving the system Chromium against pytest-django's live server.

They skip only when no Chromium is installed; CI installs Debian's `chromium`.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")

# The pages a test checked with assert_accessible, validated together when the test ends.
_checked_documents: list[tuple[str, str]] = []


@pytest.fixture
def browser_page(monkeypatch):
    if not CHROMIUM:
        pytest.skip("no Chromium installed (CI installs Debian's chromium)")
    # Sync Playwright runs an event loop in this thread; the live server's ORM calls are
    # in another thread, but Django's async guard still looks at this one.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-gpu"],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
        page = context.new_page()
        page.set_default_timeout(15_000)
        _checked_documents.clear()
        yield page
        context.close()
        browser.close()
    assert_valid_html(_checked_documents)


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def assert_valid_html(documents: list[tuple[str, str]]) -> None:
    """The Nu HTML Checker (vnu-jar from npm, pinned in package-lock.json) finds no error.

    CI installs a Java runtime; without one (a developer's machine) the check is left out
    unless REQUIRE_HTML_CHECK is set, as CI does."""
    if not documents:
        return
    if not (JAVA and VNU_JAR.exists()):
        assert not os.environ.get("REQUIRE_HTML_CHECK"), "the HTML check needs java and node_modules/vnu-jar"
        return
    folder = ARTIFACTS / "html"
    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    for n, (url, html) in enumerate(documents):
        path = folder / f"{os.getpid()}-{n}.html"
        path.write_text(html, encoding="utf-8")
        names[path.as_uri()] = url
    result = subprocess.run(  # noqa: S603 – our own files, a fixed command
        [
            JAVA,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *[str(p) for p in folder.glob(f"{os.getpid()}-*.html")],
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{names.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m.get('message')} – {m.get('extract', '').strip()[:120]}"
        for m in messages
        if m.get("type") == "error"
    ]
    for path in folder.glob(f"{os.getpid()}-*.html"):
        path.unlink()
    assert errors == [], "Nu HTML Checker:\n" + "\n".join(errors)


def assert_accessible(page) -> None:
    """No WCAG 2.1 A/AA violation that axe-core can find on the page as it is now; the page
    as it is now is also kept for the Nu HTML Checker (`assert_valid_html`)."""
    from axe_playwright_python.sync_playwright import Axe

    _checked_documents.append((page.url, page.content()))

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}},
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    assert violations == [], f"{page.url}:\n" + "\n".join(violations)
