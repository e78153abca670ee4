"""What the journey (tests/e2e/test_journey.py) needs around the pages themselves: each
person's own browser, logging in, the invitation e-mail, an authenticator app, and the
record of every page visited with what axe-core found on it."""

import re
import time
from base64 import b32decode
from pathlib import Path
from urllib.parse import urlsplit

from django_otp.oath import totp

from tests.cast import PASSWORD, one_time_code
from tests.e2e.conftest import assert_accessible, screenshot

ROOT = Path(__file__).resolve().parents[2]


class Journey:
    """The browsers of the people in the journey, each a context of its own (their own
    computer), and the pages they reached.

    Every page a person reaches must be checked (`check`) before they go on: a page reached
    and left unchecked is listed in `unchecked`, and axe-core's violations are collected per
    page in `violations` rather than stopping the journey at the first."""

    def __init__(self, browser, base: str):
        self.browser, self.base = browser, base
        self.pages: list[str] = []  # when, who, which page, and how long axe-core took: in order
        self.violations: list[str] = []
        self.unchecked: list[str] = []
        self._waiting: dict[str, str] = {}  # who → the page they reached and nobody checked yet
        self._seen_once: set[str] = set()
        self.people: list = []
        self.started = time.monotonic()

    def screenshots(self) -> None:
        """Where everyone is now, for the artifacts of a failed run."""
        for page in self.people:
            screenshot(page, "journey-" + page.who.replace(" ", "-"))

    def person(self, who: str, *, width: int = 1280):
        context = self.browser.new_context(viewport={"width": width, "height": 900}, locale="da-DK")
        page = context.new_page()
        page.set_default_timeout(15_000)

        def reached(frame):
            if frame is page.main_frame and frame.url.startswith(self.base):
                if who in self._waiting:
                    self.unchecked.append(self._waiting[who])
                self._waiting[who] = f"{who}: {urlsplit(frame.url).path}"

        page.on("framenavigated", reached)
        page.who = who
        self.people.append(page)
        return page

    def check(self, page, *, once: bool = False) -> None:
        """axe-core (WCAG 2.1 A/AA) on the page as it is now, also kept for the HTML checker.
        `once`: a page every login passes (the login form) is checked the first time only."""
        where = f"{page.who}: {urlsplit(page.url).path}"
        self._waiting.pop(page.who, None)
        path = urlsplit(page.url).path
        if once and path in self._seen_once:
            return
        self._seen_once.add(path)
        started = time.monotonic()
        try:
            assert_accessible(page)
        except AssertionError as error:
            self.violations.append(f"{page.who}: {error}")
        self.pages.append(f"{time.monotonic() - self.started:6.1f}s {where} (axe {time.monotonic() - started:.1f}s)")

    def not_checked(self) -> list[str]:
        return self.unchecked + list(self._waiting.values())


def log_in(journey: Journey, page, email: str) -> None:
    """Password, then the code the user's authenticator app shows (tests/cast.py)."""
    code = one_time_code(email)
    page.goto(f"{journey.base}/log-ind/")
    journey.check(page, once=True)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{journey.base}/log-ind/kode/**")
    journey.check(page, once=True)
    page.get_by_label("Kode").fill(code)
    page.get_by_role("button", name="Bekræft").click()
    page.wait_for_url(f"{journey.base}/")
    journey.check(page)


def invitation_path(base: str, email: str) -> str:
    """The one-time link in the newest invitation e-mail to `email`. The server prints its
    e-mails (Django's console backend) to its log; the link's host is the server's
    SITE_URL, which a test server does not know, so only its path is taken."""
    log = (ROOT / "var" / f"asgi-server-{urlsplit(base).port}.log").read_text(encoding="utf-8")
    mail = log[log.rindex(f"To: {email}") :]
    return re.search(r"/invitation/[\w-]+/[\w-]+/", mail).group(0)


def authenticator_code(secret: str) -> str:
    """What an authenticator app shows now for the key the user typed in by hand."""
    return f"{totp(b32decode(secret.replace(' ', '')), step=30, t0=0, digits=6):06d}"
