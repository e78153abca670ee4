"""The pages users wait on, under concurrent logged-in clients, through daphne on PostgreSQL.

Starts daphne itself (`--workers N` processes on consecutive ports from `--port`) with
production settings (DEBUG=0, BEHIND_PROXY=1, REDIS_URL when set) against DATABASE_URL,
which must be PostgreSQL, and waits for `/healthz`. The driver plays the reverse proxy
(`X-Forwarded-Proto: https`, `X-Forwarded-For`) and the browsers behind it: each client
logs in over HTTP with password and a recovery code, picks its role if asked, and keeps
one keep-alive connection and its own cookies. Static files are left out (nginx serves them).

Then, page by page, `--clients` clients (20) ask for the page for `--seconds` (20) each,
closed loop (each sends its next request when the last one is answered). Per page: requests,
errors (any answer but the expected one; a redirect to the login counts as "logged out"),
requests per second, p50/p95/p99 latency of the good answers, p95 ÷ the floor's p95 (the
floor is `/healthz`: one `SELECT 1`), and the CPU the server and the driver spent.

Users, ids and the password come from the database (`--infohus`, or the Infohus with the
most concerns that has every role needed), or from `var/bench-users.json` when
`manage.py seed_national` wrote one. The recovery codes are made here: each client gets a
fresh single-use static token (django-otp) before it logs in; unused ones are deleted after.
A user without an authenticator app gets a confirmed one (the second-factor step asks for it).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/load1 .venv/bin/python bench/load.py \
        [--seconds 20] [--clients 20] [--workers 1] [--port 8101] [--pages floor,worklist] [--json out.json]

See bench/README.md for how to read the table.
"""

import argparse
import asyncio
import json
import math
import os
import re
import secrets
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.error import URLError
from urllib.parse import unquote, urlencode, urlsplit
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infohus.settings")
# The workers get the environment as it was (their pool settings included); the driver's
# own few ORM calls use a plain connection.
WORKER_ENVIRON = dict(os.environ)
os.environ["DB_POOL_MAX"] = "0"

HOST = "127.0.0.1"
DEMO_PASSWORD = "infohus-demo-2026"  # portal/management/commands/load_demo.py
USERS_JSON = ROOT / "var" / "bench-users.json"
REQUEST_TIMEOUT = 60  # seconds; a request still unanswered then counts as an error
LOGINS_AT_ONCE = 4  # logging in hashes the password (PBKDF2): not part of the measurement

# --- Configuration -------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="how long each page is measured (default 20)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients per page (default 20)")
    parser.add_argument("--workers", type=int, default=1, help="daphne processes on consecutive ports (default 1)")
    parser.add_argument("--port", type=int, default=8101, help="the first worker's port (default 8101)")
    parser.add_argument("--pages", default="", help=f"comma-separated subset of: {', '.join(PAGE_KEYS)}")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--users", type=Path, default=USERS_JSON, help="bench users from seed_national, if present")
    parser.add_argument("--infohus", type=int, help="the Infohus to log in to (default: the largest)")
    parser.add_argument("--password", help=f"the users' password (default: the JSON's, else {DEMO_PASSWORD!r})")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""), help="default: REDIS_URL")
    parser.add_argument("--asgi", default="infohus.asgi:application", help="what daphne serves (to try a variant)")
    args = parser.parse_args(argv)
    args.pages = [p.strip() for p in args.pages.split(",") if p.strip()] or list(PAGE_KEYS)
    unknown = set(args.pages) - set(PAGE_KEYS)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    if "floor" not in args.pages:
        args.pages.insert(0, "floor")  # every page is compared with it
    if args.clients < 1 or args.workers < 1 or args.seconds <= 0:
        parser.error("--clients, --workers and --seconds must be positive")
    return args


# --- The scene: users, their codes, and the ids of the pages (through the ORM) -------------


@dataclass
class Actor:
    """One user who logs in in a role; `membership` is posted to /vaelg-rolle/ when the
    user has several roles, else None."""

    role: str
    email: str
    user_id: int
    membership: int | None


@dataclass
class Scene:
    infohus: int
    password: str
    actors: dict[str, list[Actor]]
    gathering: int  # a concern in information gathering: the case page and the gathering page
    case_number: str  # its case number, for the auditor's search
    meeting: int
    recommended: int  # a concern with an approved recommendation, for the PDF
    pdf_role: str  # the caseworker of the addressed department, or the municipal coordinator
    search_term: str  # a name (personal data: posted, never printed or written)
    counts: dict[str, int] = field(default_factory=dict)


def read_users_json(path: Path) -> dict:
    """What `manage.py seed_national` wrote (format 1, see portal/seed/__init__.py): the
    password, the Infohus, the users per role and the ids of the cases; {} without a file.
    Its recovery codes are not used: they are single-use and the file outlives a run."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text())
    ids = data.get("ids") or {}
    usernames = {}
    for user in data.get("users", []):
        usernames.setdefault(user["role"], []).append(user["username"])
    return {
        "password": data.get("password"),
        "infohus": (data.get("infohus") or {}).get("id"),
        "usernames": usernames,
        "gathering": ids.get("concern_gathering"),
        "meeting": ids.get("meeting_open"),
        "recommended": ids.get("concern_recommended"),
    }


ROLE_LABELS = {
    "municipal_coordinator": "municipal coordinator",
    "police_coordinator": "police coordinator",
    "caseworker": "caseworker",
    "auditor": "data-protection officer",
    None: "anonymous",
}


def find_scene(args) -> Scene:
    from auditlog.models import LogEntry
    from django.db.models import Count

    from assessment.models import Meeting, Recommendation
    from concerns.models import Concern, State
    from infohus.models import Membership, Role, User

    given = read_users_json(args.users)
    named = [name for names in given.get("usernames", {}).values() for name in names]
    if given and not User.objects.filter(email__in=named).exists():
        print(f"{args.users} names no user of this database: not used")
        given = {}
    core = [Role.MUNICIPAL_COORDINATOR, Role.POLICE_COORDINATOR, Role.AUDITOR]
    active = Membership.objects.filter(is_active=True, user__is_active=True)
    infohus = args.infohus or given.get("infohus")
    if infohus is None:
        candidates = (
            Concern.objects.values("infohus")
            .annotate(n=Count("pk"))
            .filter(infohus__in=_infohus_with_roles(active, core))
            .order_by("-n")
        )
        if not candidates:
            sys.exit("No Infohus has concerns and a municipal and police coordinator and an auditor: load data first")
        infohus = candidates[0]["infohus"]

    def actors(role, **filters) -> list[Actor]:
        memberships = active.filter(infohus=infohus, role=role, **filters).select_related("user").order_by("user_id")
        wanted = given.get("usernames", {}).get(str(role))
        if wanted:
            memberships = memberships.filter(user__email__in=wanted)
        chosen = list(memberships[: args.clients])
        return [
            Actor(
                role=str(role),
                email=m.user.email,
                user_id=m.user_id,
                membership=m.pk if active.filter(user=m.user_id).count() > 1 else None,
            )
            for m in chosen
        ]

    cast = {str(role): actors(role) for role in core}
    missing = [role for role, found in cast.items() if not found]
    if missing:
        sys.exit(f"Infohus {infohus} has no active {', '.join(missing)}")

    concerns = Concern.objects.filter(infohus=infohus)
    gathering = concerns.filter(pk=given.get("gathering")).first() or concerns.filter(state=State.GATHERING).first()
    meeting = Meeting.objects.filter(pk=given.get("meeting"), infohus=infohus).first() or (
        Meeting.objects.filter(infohus=infohus).annotate(items=Count("agenda")).order_by("-items", "-starts_at").first()
    )
    approved = Recommendation.objects.filter(
        version__assessment__concern__infohus=infohus,
        version__assessment__concern__state__in=[State.RECOMMENDED, State.FOLLOW_UP],
        version__municipal_approved_at__isnull=False,
        version__police_approved_at__isnull=False,
    ).select_related("version__assessment")
    if given.get("recommended"):
        approved = approved.filter(version__assessment__concern=given["recommended"])
    if gathering is None or meeting is None or not approved.exists():
        sys.exit(f"Infohus {infohus} needs a concern in gathering, a meeting and an approved recommendation")
    pdf_role, recommended = str(Role.MUNICIPAL_COORDINATOR), approved.first()
    for recommendation in approved.filter(addressee=Recommendation.Addressee.MUNICIPALITY).exclude(department=""):
        caseworkers = actors(Role.CASEWORKER, department=recommendation.department)
        if caseworkers:
            pdf_role, recommended, cast[str(Role.CASEWORKER)] = str(Role.CASEWORKER), recommendation, caseworkers
            break
    counts = {
        "concerns_in_infohus": concerns.count(),
        "concerns": Concern.objects.count(),
        "audit_entries": LogEntry.objects.count(),
        "meetings_in_infohus": Meeting.objects.filter(infohus=infohus).count(),
        "users_per_role": {role: len(found) for role, found in cast.items()},
    }
    return Scene(
        infohus=infohus,
        password=args.password or given.get("password") or DEMO_PASSWORD,
        actors=cast,
        gathering=gathering.pk,
        case_number=gathering.case_number,
        meeting=meeting.pk,
        recommended=recommended.version.assessment.concern_id,
        pdf_role=pdf_role,
        search_term=gathering.person.full_name.split()[-1],
        counts=counts,
    )


def _infohus_with_roles(active, roles):
    from django.db.models import Count, Q

    return (
        active.filter(role__in=roles)
        .values("infohus")
        .annotate(roles=Count("role", distinct=True, filter=Q(role__in=roles)))
        .filter(roles=len(roles))
        .values("infohus")
    )


def issue_codes(user_id: int, count: int) -> list[str]:
    """`count` fresh single-use recovery codes for the user (added to any they have)."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from infohus.second_factor import DEVICE_NAME, RECOVERY_DEVICE_NAME

    if not TOTPDevice.objects.filter(user_id=user_id, confirmed=True).exists():
        TOTPDevice.objects.create(user_id=user_id, name=DEVICE_NAME, confirmed=True)
        print(f"  (user {user_id} had no authenticator app: gave them one, so the second-factor step asks)")
    device = StaticDevice.objects.filter(user_id=user_id, confirmed=True).first()
    if device is None:
        device = StaticDevice.objects.create(user_id=user_id, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _n in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def delete_unused_codes(codes: list[str]) -> None:
    from django.db import DatabaseError, connections
    from django_otp.plugins.otp_static.models import StaticToken

    connections.close_all()  # a new connection: the run may have outlasted the old one
    try:
        StaticToken.objects.filter(token__in=codes).delete()
    except DatabaseError as error:
        print(f"Could not delete the unused recovery codes made for the run ({error.__class__.__name__})")


# --- HTTP/1.1 with keep-alive on asyncio streams ---------------------------------------------


class ConnectionLost(Exception):
    pass


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names; Set-Cookie is in `cookies`
    cookies: list[str]
    body: bytes

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("location", "")).path

    @property
    def to_login(self) -> bool:
        return 300 <= self.status < 400 and self.location.startswith("/log-ind/")


class Connection:
    """One keep-alive connection to one worker, reopened when the server closed it."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def send(self, method: str, target: str, headers: list[tuple[str, str]], body: bytes) -> Response:
        head = f"{method} {target} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
        for attempt in range(2):
            reused = self.writer is not None
            if not reused:
                self.reader, self.writer = await asyncio.open_connection(HOST, self.port, limit=2**20)
            try:
                self.writer.write(head.encode("latin-1") + body)
                await self.writer.drain()
                response = await self._read(method)
            except (ConnectionError, asyncio.IncompleteReadError, ConnectionLost):
                self.close()
                if reused and attempt == 0:
                    continue  # the server closed the idle connection first: once more on a new one
                raise
            if response.headers.get("connection", "").lower() == "close":
                self.close()
            return response
        raise ConnectionLost

    async def _read(self, method: str) -> Response:
        status_line = await self.reader.readuntil(b"\r\n")
        parts = status_line.decode("latin-1").split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/"):
            raise ConnectionLost
        status = int(parts[1])
        headers, cookies = {}, []
        while (line := await self.reader.readuntil(b"\r\n")) != b"\r\n":
            name, _sep, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookies.append(value)
            else:
                headers[name] = value
        if method == "HEAD" or status in (204, 304) or status < 200:
            body = b""
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._chunked()
        elif "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        else:
            body = await self.reader.read()
            self.close()
        return Response(status, headers, cookies, body)

    async def _chunked(self) -> bytes:
        chunks = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                while await self.reader.readuntil(b"\r\n") != b"\r\n":
                    pass  # trailers
                return b"".join(chunks)
            chunks.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


class Browser:
    """A user's browser behind the reverse proxy: its own cookies and one connection."""

    def __init__(self, port: int, actor: Actor | None = None):
        self.port = port
        self.actor = actor
        self.connection = Connection(port)
        self.cookies: dict[str, str] = {}
        self.origin = f"https://{HOST}:{port}"  # what the proxy's users see

    async def request(self, method: str, path: str, form: dict | None = None) -> Response:
        headers = [
            ("Host", f"{HOST}:{self.port}"),
            ("User-Agent", "infohus-bench-load"),
            ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
            ("Accept-Encoding", "identity"),
            # What our nginx adds (README, "Deploying"): the daphne workers run BEHIND_PROXY=1.
            ("X-Forwarded-Proto", "https"),
            ("X-Forwarded-For", HOST),
        ]
        if self.cookies:
            headers.append(("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items())))
        body = b""
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers += [
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Origin", self.origin),
                ("Referer", self.origin + path),
            ]
        if method == "POST":
            headers.append(("Content-Length", str(len(body))))
        response = await asyncio.wait_for(self.connection.send(method, path, headers, body), REQUEST_TIMEOUT)
        for cookie in response.cookies:
            self._keep(cookie)
        return response

    def _keep(self, set_cookie: str) -> None:
        pair, *attributes = set_cookie.split(";")
        name, _sep, value = pair.strip().partition("=")
        expired = any(a.strip().lower() == "max-age=0" for a in attributes)
        if expired or value in ("", '""'):
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    @property
    def csrf_token(self) -> str:
        """The CSRF cookie's secret: Django accepts it as the form's token, as it accepts
        the masked copy a page puts in its forms."""
        return self.cookies.get("csrftoken", "")

    def close(self) -> None:
        self.connection.close()


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class LoginFailed(Exception):
    pass


def form_token(response: Response, step: str) -> str:
    if response.status != 200:
        raise LoginFailed(f"{step}: answered {response.status}")
    found = CSRF_INPUT.search(response.body.decode("utf-8", "replace"))
    if not found:
        raise LoginFailed(f"{step}: no form on the page")
    return found.group(1)


async def log_in(browser: Browser, password: str, code: str) -> None:
    """As a person does: the login page, the password, the code, the role."""
    actor = browser.actor
    page = await browser.request("GET", "/log-ind/")
    token = form_token(page, "the login page")
    answer = await browser.request(
        "POST", "/log-ind/", {"csrfmiddlewaretoken": token, "username": actor.email, "password": password, "next": ""}
    )
    if answer.status != 302:
        raise LoginFailed(f"the password was refused for a {actor.role} (answer {answer.status})")
    page = await browser.request("GET", "/log-ind/kode/")
    token = form_token(page, "the second-factor page")
    answer = await browser.request("POST", "/log-ind/kode/", {"csrfmiddlewaretoken": token, "code": code, "next": "/"})
    if answer.status != 302 or answer.to_login:
        raise LoginFailed(f"the recovery code was refused for a {actor.role} (answer {answer.status})")
    if actor.membership is not None:
        page = await browser.request("GET", "/vaelg-rolle/")
        token = form_token(page, "choosing the role")
        answer = await browser.request(
            "POST", "/vaelg-rolle/", {"csrfmiddlewaretoken": token, "membership": actor.membership}
        )
        if answer.status != 302:
            raise LoginFailed(f"choosing the role failed for a {actor.role} (answer {answer.status})")
    start = await browser.request("GET", "/")
    if start.status != 200:
        raise LoginFailed(f"the start page answered {start.status} after logging in as a {actor.role}")


# --- The pages -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    role: str | None  # None: anonymous
    method: str
    path: str
    form: dict | None = None  # for a POST; the CSRF token is added per client
    expect: int = 200
    content_type: str = "text/"
    prepare: dict | None = None  # posted once to `path` by each client before measuring


PAGE_KEYS = (
    "floor",
    "worklist",
    "concern_list",
    "concern_search_post",
    "concern_search",
    "case",
    "gathering",
    "police_queue",
    "meeting",
    "audit_search",
    "recommendation_pdf",
)


def pages(scene: Scene) -> dict[str, Page]:
    from django.urls import reverse

    municipal, police = "municipal_coordinator", "police_coordinator"
    concern_list = reverse("concerns:list")
    search = {"q": scene.search_term}
    found = [
        Page("floor", "floor: /healthz", None, "GET", reverse("healthz")),
        Page("worklist", "worklist (start page)", municipal, "GET", reverse("home")),
        Page("concern_list", "concern list", municipal, "GET", concern_list, prepare={"clear": "1"}),
        Page("concern_search_post", "concern list: POST a name search", municipal, "POST", concern_list, search, 302),
        Page("concern_search", "concern list: name search results", municipal, "GET", concern_list, prepare=search),
        Page("case", "case page", municipal, "GET", reverse("concerns:detail", args=[scene.gathering])),
        Page("gathering", "gathering page", municipal, "GET", reverse("concerns:gathering", args=[scene.gathering])),
        Page("police_queue", "police queue", police, "GET", reverse("concerns:police_queue")),
        Page("meeting", "meeting page", municipal, "GET", reverse("assessment:detail", args=[scene.meeting])),
        Page(
            "audit_search",
            "auditor: log search by case number",
            "auditor",
            "POST",
            reverse("audit_log"),
            {"case_number": scene.case_number},
        ),
        Page(
            "recommendation_pdf",
            "recommendation PDF",
            scene.pdf_role,
            "GET",
            reverse("assessment:recommendation_pdf", args=[scene.recommended]),
            content_type="application/pdf",
        ),
    ]
    return {page.key: page for page in found}


def outcome(page: Page, response: Response) -> str | None:
    """None for the expected answer, else what went wrong (no personal data)."""
    if response.to_login:
        return "logged out"
    if response.status != page.expect:
        return f"status {response.status}"
    if page.expect == 200 and not response.headers.get("content-type", "").startswith(page.content_type):
        return "wrong content type"
    return None


async def ask(page: Page, browser: Browser) -> Response:
    form = None
    if page.method == "POST":
        form = {"csrfmiddlewaretoken": browser.csrf_token, **(page.form or {})}
    return await browser.request(page.method, page.path, form)


# --- CPU bookkeeping ---------------------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pids: list[int]) -> float:
    """CPU seconds (user + system) the processes have used."""
    total = 0
    for pid in pids:
        stat = Path(f"/proc/{pid}/stat")
        if stat.exists():  # not if the process died
            fields = stat.read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / TICKS


def machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all cores since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


# --- Measuring ---------------------------------------------------------------------------------


def percentile(ordered: list[float], p: float) -> float | None:
    if not ordered:
        return None
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


class PageFailed(Exception):
    pass


def dead_workers(processes, ports, wait: bool) -> list[tuple[int, int]]:
    """(port, exit code) of the workers that died; `wait` gives a dying one a moment
    (after connection errors: a crashing process closes its sockets before it is gone)."""
    if wait:
        for process in processes:
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
    return [(port, p.returncode) for p, port in zip(processes, ports, strict=True) if p.poll() is not None]


async def measure(page: Page, browsers: list[Browser], seconds: float, server_pids: list[int]) -> dict:
    # Unmeasured: the page's preparation, and one request per client (the first PDF in a
    # worker imports WeasyPrint; the first of each page fills the template cache).
    for browser in browsers:
        if page.prepare is not None:
            await browser.request("POST", page.path, {"csrfmiddlewaretoken": browser.csrf_token, **page.prepare})
    warm = await asyncio.gather(*(ask(page, browser) for browser in browsers), return_exceptions=True)
    refused = Counter(r.__class__.__name__ if isinstance(r, Exception) else outcome(page, r) for r in warm)
    refused.pop(None, None)
    if refused.get("logged out"):
        raise PageFailed("the sessions were logged out before measuring")
    # An error kind is an exception's class name (no answer at all) or a lower-case outcome.
    if refused and all(kind[0].isupper() for kind in refused):
        raise PageFailed(f"no answer in the warm-up: {dict(refused)}")
    if refused:
        raise PageFailed(f"the warm-up was answered {dict(refused)}: are the ids and the role right?")

    latencies: list[float] = []
    errors: Counter = Counter()
    started = time.perf_counter()
    deadline = started + seconds
    client_cpu, server_cpu, machine = time.process_time(), process_cpu(server_pids), machine_ticks()

    async def loop(browser: Browser):
        while time.perf_counter() < deadline:
            sent = time.perf_counter()
            try:
                response = await ask(page, browser)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ConnectionLost) as error:
                browser.close()
                errors[error.__class__.__name__] += 1
                continue
            problem = outcome(page, response)
            if problem:
                errors[problem] += 1
            else:
                latencies.append((time.perf_counter() - sent) * 1000)

    await asyncio.gather(*(loop(browser) for browser in browsers))
    wall = time.perf_counter() - started
    client_cpu = time.process_time() - client_cpu
    server_cpu = process_cpu(server_pids) - server_cpu
    busy, total = (now - then for now, then in zip(machine_ticks(), machine, strict=True))
    latencies.sort()
    answered = len(latencies) + sum(errors.values())
    return {
        "page": page.key,
        "label": page.label,
        "role": ROLE_LABELS.get(page.role, page.role),
        "method": page.method,
        "path": page.path,  # ids only
        "clients": len(browsers),
        "seconds": round(wall, 2),
        "requests": answered,
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "rps": round(answered / wall, 1),
        "p50_ms": _round(percentile(latencies, 50)),
        "p95_ms": _round(percentile(latencies, 95)),
        "p99_ms": _round(percentile(latencies, 99)),
        "server_cpu_ms_per_request": _round(server_cpu * 1000 / answered) if answered else None,
        "server_cpu_cores": round(server_cpu / wall, 2),
        "client_cpu_us_per_request": _round(client_cpu * 1e6 / answered) if answered else None,
        "client_cpu_share": round(client_cpu / wall, 2),
        "machine_busy": round(busy / total, 2) if total else None,
    }


def _round(value):
    return None if value is None else round(value, 1)


async def run(args, scene: Scene, codes: dict[str, list[str]], ports: list[int], processes: list) -> list:
    chosen = pages(scene)
    roles = {chosen[key].role for key in args.pages} - {None}
    sessions: dict[str | None, list[Browser]] = {
        None: [Browser(ports[n % len(ports)]) for n in range(args.clients)],
    }
    gate = asyncio.Semaphore(LOGINS_AT_ONCE)
    started = time.perf_counter()

    async def logged_in(browser: Browser, code: str) -> Browser:
        async with gate:
            await log_in(browser, scene.password, code)
        return browser

    for role in sorted(roles):
        actors = scene.actors[role]
        browsers = [Browser(ports[n % len(ports)], actors[n % len(actors)]) for n in range(args.clients)]
        role_codes = iter(codes[role])
        # Each user's first login alone: a wrong password must not lock the user out 20 times over.
        firsts = browsers[: len(actors)]
        for browser in firsts:
            await logged_in(browser, next(role_codes))
        rest = browsers[len(actors) :]
        await asyncio.gather(*(logged_in(browser, next(role_codes)) for browser in rest))
        sessions[role] = browsers
    if roles:
        print(
            f"Logged in {sum(len(b) for r, b in sessions.items() if r)} sessions "
            f"({', '.join(f'{len(scene.actors[r])} {ROLE_LABELS[r]}' for r in sorted(roles))}) "
            f"in {time.perf_counter() - started:.0f} s\n"
        )

    results = []
    server_pids = [process.pid for process in processes]
    for key in args.pages:
        page = chosen[key]
        try:
            result = await measure(page, sessions[page.role], args.seconds, server_pids)
        except PageFailed as failure:
            if page.key == "floor":
                raise SystemExit(f"The floor (/healthz) failed: {failure}") from None
            print(f"  {page.label:<38} FAILED: {failure}", flush=True)
            result = {"page": page.key, "label": page.label, "role": ROLE_LABELS[page.role], "failed": str(failure)}
        else:
            print(
                f"  {page.label:<38} {result['requests']:>6} requests  {result['rps']:>7.1f}/s  "
                f"p95 {result['p95_ms'] or 0:>7.1f} ms  errors {result['errors']}",
                flush=True,
            )
        troubled = "failed" in result or any(kind[0].isupper() for kind in result.get("error_kinds", {}))
        died = [f"port {port} (exit code {code})" for port, code in dead_workers(processes, ports, troubled)]
        if died:
            result["worker_died"] = f"daphne on {', '.join(died)} died during this page: see its log"
            print(f"  {result['worker_died']}; stopping", flush=True)
        results.append(result)
        if died:
            break
    for browsers in sessions.values():
        for browser in browsers:
            browser.close()
    floor = results[0].get("p95_ms")
    for result in results:
        p95 = result.get("p95_ms")
        result["p95_vs_floor"] = round(p95 / floor, 1) if floor and p95 else None
    return results


# --- The server ------------------------------------------------------------------------------


def start_workers(args) -> tuple[list[subprocess.Popen], list[int], list]:
    env = {
        **WORKER_ENVIRON,
        "DJANGO_SETTINGS_MODULE": "infohus.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),  # one for all workers, new each run
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "BEHIND_PROXY": "1",
        "REDIS_URL": args.redis_url,
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    (ROOT / "var").mkdir(exist_ok=True)
    ports = [args.port + n for n in range(args.workers)]
    processes, logs = [], []
    for port in ports:
        log = open(ROOT / "var" / f"bench-load-daphne-{port}.log", "w")  # noqa: SIM115 – closed in stop_workers
        command = [sys.executable, "-m", "daphne", "--proxy-headers", "-b", HOST, "-p", str(port)]
        command.append(args.asgi)
        processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))  # noqa: S603
        logs.append(log)
    return processes, ports, logs


def wait_healthy(processes, ports, timeout=60) -> None:
    deadline = time.monotonic() + timeout
    for process, port in zip(processes, ports, strict=True):
        while True:
            try:
                with urlopen(Request(f"http://{HOST}:{port}/healthz"), timeout=2) as answer:  # noqa: S310 – loopback
                    if answer.status == 200:
                        break
            except (URLError, ConnectionError, OSError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"daphne on port {port} did not become healthy: see var/bench-load-daphne-{port}.log")
            time.sleep(0.2)


def stop_workers(processes, logs) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    for log in logs:
        log.close()


# --- Report --------------------------------------------------------------------------------------


def markdown(results: list[dict]) -> str:
    lines = [
        "| page | as | requests | errors | req/s | p50 ms | p95 ms | p99 ms | p95 ÷ floor | server CPU ms/req"
        " | machine busy |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if r.get("failed"):
            lines.append(f"| {r['label']} | {r['role']} | failed: {r['failed']} |" + " |" * 8)
            continue
        cells = [r["label"], r["role"], r["requests"], r["errors"], r["rps"], r["p50_ms"], r["p95_ms"], r["p99_ms"]]
        cells += [r["p95_vs_floor"], r["server_cpu_ms_per_request"], f"{r['machine_busy']:.0%}"]
        lines.append("| " + " | ".join("–" if c is None else str(c) for c in cells) + " |")
    lines += [f"\n**{r['label']}: {r['worker_died']}.**" for r in results if r.get("worker_died")]
    errors = {r["label"]: r["error_kinds"] for r in results if r.get("errors")}
    if errors:
        lines.append("")
        lines += [f"ERRORS on {label}: {kinds}" for label, kinds in errors.items()]
        if any("logged out" in kinds for kinds in errors.values()):
            lines.append("Sessions were logged out during the run: those pages' numbers are not the page's.")
    return "\n".join(lines)


def client_check(results: list[dict]) -> str:
    """Whether the driver, not the server, could have been the limit."""
    floor = results[0]
    per_request = floor["client_cpu_us_per_request"] or 0
    limit = 1e6 / per_request if per_request else float("inf")
    busiest = max(results, key=lambda r: r.get("client_cpu_share", 0))
    verdict = (
        "the driver may be limiting: treat these numbers as a floor"
        if busiest["client_cpu_share"] > 0.7
        else "the driver was not the limit"
    )
    return (
        f"Driver: {per_request:.0f} µs CPU per request, so one core drives at most ~{limit:,.0f} req/s; "
        f"the floor reached {floor['rps']:,.0f} req/s. Busiest page for the driver: {busiest['label']} "
        f"({busiest['client_cpu_share']:.0%} of a core). {verdict.capitalize()}."
    )


def main(argv=None):
    args = parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to the PostgreSQL database to measure (postgres://…)")
    import django

    django.setup()
    from django.db import connections

    scene = find_scene(args)
    chosen = pages(scene)
    roles = sorted({chosen[key].role for key in args.pages} - {None})
    codes = {}
    for role in roles:
        actors = scene.actors[role]
        codes[role] = []
        per_user = [issue_codes(a.user_id, args.clients // len(actors) + 1) for a in actors]
        for n in range(args.clients):
            codes[role].append(per_user[n % len(actors)].pop())
    all_codes = [code for role_codes in codes.values() for code in role_codes]
    connections.close_all()

    processes, ports, logs = start_workers(args)
    try:
        wait_healthy(processes, ports)
        database = unquote(urlsplit(url).path.lstrip("/"))
        print(
            f"# Load: {args.clients} clients × {args.seconds:g} s per page; daphne × {args.workers} "
            f"(ports {ports[0]}–{ports[-1]}), PostgreSQL {database}, Redis {'on' if args.redis_url else 'off'}\n"
            f"Infohus {scene.infohus}: {scene.counts['concerns_in_infohus']:,} concerns "
            f"({scene.counts['concerns']:,} in all), {scene.counts['audit_entries']:,} audit entries, "
            f"{os.cpu_count()} cores\n"
        )
        results = asyncio.run(run(args, scene, codes, ports, processes))
    finally:
        stop_workers(processes, logs)
        delete_unused_codes(all_codes)
    print()
    print(markdown(results))
    print()
    print(client_check(results))
    if args.json:
        report = {
            "when": datetime.now().astimezone().isoformat(timespec="seconds"),
            "config": {
                "clients": args.clients,
                "seconds": args.seconds,
                "workers": args.workers,
                "redis": bool(args.redis_url),
                "cores": os.cpu_count(),
            },
            "data": {"infohus": scene.infohus, **scene.counts},
            "pages": results,
            "client_check": client_check(results),
        }
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"\nWrote {args.json}")


if __name__ == "__main__":
    main()
